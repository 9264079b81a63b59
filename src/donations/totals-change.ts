import { Donation, isCounted, netOf } from './donation.entity';
import { PROGRESS_CHANNEL, totalsPayloadSql } from './progress-channel';

/** What the totals need to know of a donation before a change. */
export type Snapshot = Pick<Donation, 'status' | 'amount' | 'refunded' | 'disputed'>;

/**
 * How a donation's change moves its appeal's totals, as a CTE named `t` (the totals UPDATE, whose
 * donor check looks at the appeal's other counted gifts) and a SELECT that sends the NOTIFY
 * PostgreSQL delivers on commit, carrying the new totals so that no instance has to read them.
 * Parameters are numbered from `first`. The caller holds the totals row lock taken in an earlier
 * statement, so the donor check's snapshot already sees every gift committed before it: a donor
 * giving twice at once is counted once. Countries are counted the same way: a country is added by
 * the first counted gift from it and taken away with the last.
 */
export function totalsChange(
  d: Donation,
  before: Snapshot,
  first: number,
): { moves: boolean; cte: string; select: string; params: unknown[] } {
  const wasCounted = isCounted(before);
  const nowCounted = isCounted(d);
  const raised = (nowCounted ? netOf(d) : 0) - (wasCounted ? netOf(before) : 0);
  const count = Number(nowCounted) - Number(wasCounted);
  const [appeal, dRaised, dCount, key, id, channel, country] = [0, 1, 2, 3, 4, 5, 6].map((i) => `$${first + i}`);
  return {
    moves: raised !== 0 || count !== 0,
    cte: `t AS (UPDATE appeal_totals SET raised = raised + ${dRaised}::bigint, donation_count = donation_count + ${dCount}::int,
      donor_count = donor_count + CASE WHEN ${dCount}::int <> 0 AND ${key}::varchar IS NOT NULL AND EXISTS (
          SELECT 1 FROM donations o WHERE o.appeal_id = ${appeal}::uuid AND o.donor_key = ${key}::varchar AND o.id <> ${id}::uuid
            AND o.status = 'succeeded' AND o.amount - o.refunded - o.disputed > 0) THEN 0 ELSE ${dCount}::int END,
      countries = countries + CASE WHEN ${dCount}::int = 0 OR ${country}::varchar IS NULL OR EXISTS (
          SELECT 1 FROM donations o WHERE o.appeal_id = ${appeal}::uuid AND o.country = ${country}::varchar AND o.id <> ${id}::uuid
            AND o.status = 'succeeded' AND o.amount - o.refunded - o.disputed > 0) THEN 0 ELSE ${dCount}::int END,
      version = version + 1, updated_at = now()
      WHERE appeal_id = ${appeal}::uuid RETURNING version, raised, donation_count, donor_count, countries, monthly_donors, monthly_amount, updated_at)`,
    select: `SELECT t.version, pg_notify(${channel}, ${totalsPayloadSql(`${appeal}::uuid`)}) FROM t`,
    params: [d.appealId, raised, count, d.donorKey, d.id, PROGRESS_CHANNEL, d.country ?? null],
  };
}
