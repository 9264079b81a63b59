import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { Actor, visibleAppealIds } from '../auth/actor';
import { AuditEntry } from '../auth/audit/audit-entry.entity';
import { csvRow, csvText, csvValue } from '../donations/csv';

export interface AuditFilter {
  appeal?: string;
  actor?: string;
}

export interface AuditEntryView {
  id: string;
  at: string;
  actor: { id: string | null; email: string | null; name: string; kind: string };
  action: string;
  appeal: string | null;
  details: Record<string, unknown>;
}

export const toAuditView = (e: AuditEntry): AuditEntryView => ({
  id: e.id,
  at: e.at.toISOString(),
  actor: { id: e.actorId, email: e.actorEmail, name: e.actorName, kind: e.actorKind },
  action: e.action,
  appeal: e.appealSlug,
  details: e.details,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reading the audit trail: newest first, keyset-paginated on the identity id. Owners read
 * every entry; editors and viewers only the entries of the appeals they were given (never
 * sign-ins or people changes, which belong to no appeal).
 */
@Injectable()
export class AuditQueryService {
  constructor(private readonly ds: DataSource) {}

  async list(actor: Actor, f: AuditFilter, limit = 50, cursor?: string): Promise<{ entries: AuditEntryView[]; nextCursor: string | null }> {
    const qb = this.query(actor, f)
      .orderBy('e.id', 'DESC')
      .limit(limit + 1);
    if (cursor) qb.andWhere('e.id < :cursor', { cursor });
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    return { entries: page.map(toAuditView), nextCursor: rows.length > limit ? page[limit - 1].id : null };
  }

  /** The same entries as CSV, oldest first, read in batches so memory stays flat. */
  csv(actor: Actor, f: AuditFilter): { filename: string; stream: Readable } {
    const query = () => this.query(actor, f);
    async function* rows() {
      yield csvRow(['id', 'at', 'actor_kind', 'actor_id', 'actor_email', 'actor_name', 'action', 'appeal', 'details'].map(csvValue));
      let after = '0';
      for (;;) {
        const batch = await query().andWhere('e.id > :after', { after }).orderBy('e.id', 'ASC').limit(1000).getMany();
        if (!batch.length) return;
        yield batch.map(csvLine).join('');
        after = batch[batch.length - 1].id;
      }
    }
    return { filename: f.appeal ? `${f.appeal}-audit.csv` : 'audit.csv', stream: Readable.from(rows()) };
  }

  private query(actor: Actor, f: AuditFilter): SelectQueryBuilder<AuditEntry> {
    const qb = this.ds.getRepository(AuditEntry).createQueryBuilder('e').where('true');
    const visible = visibleAppealIds(actor);
    if (visible) qb.andWhere('e.appeal_id = ANY(:visible::uuid[])', { visible });
    if (f.appeal) qb.andWhere('e.appeal_slug = :slug', { slug: f.appeal });
    if (f.actor) {
      if (UUID.test(f.actor)) qb.andWhere('e.actor_id = :actorId', { actorId: f.actor });
      else qb.andWhere('(lower(e.actor_email) = lower(:who) OR (e.actor_email IS NULL AND e.actor_name = :who))', { who: f.actor });
    }
    return qb;
  }
}

function csvLine(e: AuditEntry): string {
  return csvRow([
    csvValue(e.id),
    csvValue(e.at.toISOString()),
    csvValue(e.actorKind),
    csvValue(e.actorId),
    csvText(e.actorEmail),
    csvText(e.actorName),
    csvValue(e.action),
    csvValue(e.appealSlug),
    csvText(JSON.stringify(e.details)),
  ]);
}
