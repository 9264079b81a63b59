import type { EntityManager } from 'typeorm';
import { PROGRESS_CHANNEL } from '../donations/ledger.service';

/**
 * Tells every instance that an appeal's public face changed (title, target, status...), with the
 * same payload the ledger sends for money changes. Run it inside the transaction that makes the
 * change: PostgreSQL delivers a NOTIFY only on commit, so no instance reloads before the data is
 * visible. The version is the current totals version: an edit does not move money.
 */
export async function notifyAppealChanged(em: EntityManager, appealId: string): Promise<void> {
  await em.query(
    `SELECT pg_notify($1, json_build_object('appealId', appeal_id, 'version', version)::text)
       FROM appeal_totals WHERE appeal_id = $2`,
    [PROGRESS_CHANNEL, appealId],
  );
}

/** The totals row as the ledger's NOTIFY carries it (the row just written by that change). */
export interface NotifiedTotals {
  raised: bigint;
  donations: number;
  donors: number;
  updatedAt: Date;
}

export interface ProgressNotification {
  appealId: string;
  version: number;
  /** Present on money changes (the ledger); absent on edits, which need the appeal reloaded. */
  totals?: NotifiedTotals;
}

/**
 * The JSON a totals UPDATE ... RETURNING row `t` sends (SQL): what every instance needs to move
 * its cached progress without a query. `appealIdParam` is the SQL for the appeal id.
 */
export function totalsPayloadSql(appealIdParam: string): string {
  return `json_build_object('appealId', ${appealIdParam}, 'version', t.version, 'raised', t.raised::text, `
    + `'donations', t.donation_count, 'donors', t.donor_count, 'updatedAt', t.updated_at)::text`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses a NOTIFY payload; anything malformed is ignored rather than trusted. */
export function parseNotification(payload: string | undefined): ProgressNotification | null {
  if (!payload) return null;
  try {
    const p = JSON.parse(payload) as Record<string, unknown>;
    if (typeof p.appealId !== 'string' || !UUID.test(p.appealId)) return null;
    const n: ProgressNotification = { appealId: p.appealId.toLowerCase(), version: typeof p.version === 'number' ? p.version : 0 };
    const totals = totalsOf(p);
    if (totals && n.version > 0) n.totals = totals;
    return n;
  } catch {
    return null;
  }
}

/** Totals only when every field is sound; otherwise the receiver reloads from the database. */
function totalsOf(p: Record<string, unknown>): NotifiedTotals | undefined {
  const count = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  // raised travels as a string of digits: a JSON number past 2^53 would be rounded by JSON.parse.
  const raised = typeof p.raised === 'string' && /^\d{1,19}$/.test(p.raised) ? BigInt(p.raised) : null;
  if (raised === null || !count(p.donations) || !count(p.donors) || typeof p.updatedAt !== 'string') return undefined;
  const updatedAt = new Date(p.updatedAt);
  if (Number.isNaN(updatedAt.getTime())) return undefined;
  return { raised, donations: p.donations, donors: p.donors, updatedAt };
}
