import type { EntityManager } from 'typeorm';
import { NOTIFY_APPEAL_CHANGED } from './donations.queries';

/**
 * What the ledger publishes: a NOTIFY on this channel after every change to an appeal's money or
 * public face, delivered by PostgreSQL on commit. progress/ listens; it lives here, with the
 * writer, so that the arrow runs one way (progress reads what donations publishes).
 */
export const PROGRESS_CHANNEL = 'appeal_progress';

/**
 * The JSON a totals UPDATE ... RETURNING row `t` sends (SQL): what every instance needs to move
 * its cached progress without a query. `appealIdParam` is the SQL for the appeal id.
 */
export function totalsPayloadSql(appealIdParam: string): string {
  return (
    `json_build_object('appealId', ${appealIdParam}, 'version', t.version, 'raised', t.raised::text, ` +
    `'donations', t.donation_count, 'donors', t.donor_count, 'countries', t.countries, 'monthlyDonors', t.monthly_donors, ` +
    `'monthlyAmount', t.monthly_amount::text, 'updatedAt', t.updated_at)::text`
  );
}

/**
 * Tells every instance that an appeal's public face changed (title, target, status...), with the
 * same payload the ledger sends for money changes. Run it inside the transaction that makes the
 * change: PostgreSQL delivers a NOTIFY only on commit, so no instance reloads before the data is
 * visible. The version is the current totals version: an edit does not move money.
 */
export async function notifyAppealChanged(em: EntityManager, appealId: string): Promise<void> {
  await em.query(NOTIFY_APPEAL_CHANGED, [PROGRESS_CHANNEL, appealId]);
}
