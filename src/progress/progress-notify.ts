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

export interface ProgressNotification {
  appealId: string;
  version: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses a NOTIFY payload; anything malformed is ignored rather than trusted. */
export function parseNotification(payload: string | undefined): ProgressNotification | null {
  if (!payload) return null;
  try {
    const p = JSON.parse(payload) as { appealId?: unknown; version?: unknown };
    if (typeof p.appealId !== 'string' || !UUID.test(p.appealId)) return null;
    return { appealId: p.appealId.toLowerCase(), version: typeof p.version === 'number' ? p.version : 0 };
  } catch {
    return null;
  }
}
