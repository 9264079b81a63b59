import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AppealRef } from '../actor';
import { INSERT_AUDIT_ENTRY } from '../auth.queries';

/** Who did it: an actor, or for a failed sign-in nobody (the e-mail tried goes in details). */
export type AuditActor = Actor | { kind: 'anonymous'; id?: string | null; email?: string | null };

export interface AuditRecord {
  actor: AuditActor;
  /** Short, stable, kebab-case: 'appeal.created', 'gift.recorded', 'person.invited', ... */
  action: string;
  appeal?: AppealRef | null;
  /** Facts for a reader (never a password, token or secret). */
  details?: Record<string, unknown>;
}

/**
 * The audit trail's only writer. Pass the EntityManager of the transaction that makes the
 * change, so the entry and the change commit or roll back together; without one, the entry is
 * its own statement (sign-ins, which change nothing else). Rows are never updated or deleted
 * (the table's trigger refuses it).
 */
@Injectable()
export class AuditService {
  constructor(private readonly ds: DataSource) {}

  async record(entry: AuditRecord, em?: EntityManager): Promise<void> {
    const a = entry.actor;
    await (em ?? this.ds.manager).query(INSERT_AUDIT_ENTRY, [
      a.kind,
      a.id ?? null,
      a.email ?? null,
      (a.kind === 'anonymous' ? 'anonymous' : a.name).slice(0, 120),
      entry.action,
      entry.appeal?.id ?? null,
      entry.appeal?.slug ?? null,
      JSON.stringify(entry.details ?? {}),
    ]);
  }
}
