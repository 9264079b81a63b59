import type { EntityManager } from 'typeorm';
import { CLOSED_DISPUTE_STATUSES, DisputeStatus } from './dispute.entity';
import { REFUND_RANK, refundCounts } from './lifecycle';
import { REFUND_STATUSES, RefundStatus } from './refund.entity';

/** A refund as its payment provider reports it now. `amount` is in the charge's currency. */
export interface RefundFact {
  refundId: string;
  amount: number;
  currency: string;
  status: RefundStatus;
}

/** A dispute as one snapshot reports it; `stage` orders snapshots (see disputeStage). */
export interface DisputeFact {
  disputeId: string;
  amount: number;
  currency: string;
  status: DisputeStatus;
  reason: string | null;
  /** Funds withdrawn net of reinstated, in `currency`, 0..amount. */
  withdrawn: number;
  stage: number;
}

/** Rows migrated from the old cumulative model carry this prefix instead of a real refund id. */
export const LEGACY_REFUND_PREFIX = 'legacy:';

const rankSql = (col: string) => `CASE ${col} ${Object.entries(REFUND_RANK).map(([s, r]) => `WHEN '${s}' THEN ${r}`).join(' ')} END`;
const COUNTING = `(${REFUND_STATUSES.filter(refundCounts).map((s) => `'${s}'`).join(', ')})`;
const CLOSED = `(${CLOSED_DISPUTE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * The ledger's hand-written SQL for the refunds and disputes tables. Called only by the ledger,
 * with the donation's row lock held.
 */
export const lifecycleRows = {
  /**
   * Inserts refunds not seen yet and moves known ones forward; a report of a lower rank than the
   * stored one is stale and changes nothing. Returns how many rows changed.
   */
  async upsertRefunds(em: EntityManager, donationId: string, facts: RefundFact[]): Promise<number> {
    if (!facts.length) return 0;
    const rows = await em.query(`INSERT INTO refunds (donation_id, stripe_refund_id, amount, currency, status)
      SELECT $1::uuid, x.id, x.amount, x.currency, x.status
        FROM unnest($2::varchar[], $3::bigint[], $4::varchar[], $5::varchar[]) AS x(id, amount, currency, status)
      ON CONFLICT (stripe_refund_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()
        WHERE refunds.donation_id = EXCLUDED.donation_id AND ${rankSql('refunds.status')} < ${rankSql('EXCLUDED.status')}
      RETURNING 1`,
    [donationId, facts.map((f) => f.refundId), facts.map((f) => f.amount), facts.map((f) => f.currency), facts.map((f) => f.status)]) as unknown[];
    return rows.length;
  },

  /** Drops migrated cumulative rows once the full list of real refunds is known. */
  async dropLegacyRefunds(em: EntityManager, donationId: string): Promise<number> {
    const [, count] = await em.query(`DELETE FROM refunds WHERE donation_id = $1 AND stripe_refund_id LIKE $2`, [donationId, `${LEGACY_REFUND_PREFIX}%`]) as [unknown, number];
    return count;
  },

  async hasLegacyRefunds(em: EntityManager, donationId: string): Promise<boolean> {
    const rows = await em.query(`SELECT 1 FROM refunds WHERE donation_id = $1 AND stripe_refund_id LIKE $2 LIMIT 1`, [donationId, `${LEGACY_REFUND_PREFIX}%`]) as unknown[];
    return rows.length > 0;
  },

  /** Sums of the refunds that count, per currency. */
  async countingRefunds(em: EntityManager, donationId: string): Promise<Array<{ currency: string; amount: number }>> {
    const rows = await em.query(`SELECT currency, sum(amount)::text AS amount FROM refunds
      WHERE donation_id = $1 AND status IN ${COUNTING} GROUP BY currency`, [donationId]) as Array<{ currency: string; amount: string }>;
    return rows.map((r) => ({ currency: r.currency, amount: Number(r.amount) }));
  },

  /** Records a dispute snapshot unless a later stage of it is already stored; true if it changed. */
  async upsertDispute(em: EntityManager, donationId: string, f: DisputeFact): Promise<boolean> {
    const rows = await em.query(`INSERT INTO disputes (donation_id, stripe_dispute_id, amount, currency, status, reason, withdrawn, stage, closed_at)
      VALUES ($1, $2, $3, $4, $5::varchar, $6, $7, $8, CASE WHEN $5::varchar IN ${CLOSED} THEN now() END)
      ON CONFLICT (stripe_dispute_id) DO UPDATE SET amount = EXCLUDED.amount, currency = EXCLUDED.currency, status = EXCLUDED.status,
        reason = COALESCE(EXCLUDED.reason, disputes.reason), withdrawn = EXCLUDED.withdrawn, stage = EXCLUDED.stage,
        closed_at = CASE WHEN EXCLUDED.closed_at IS NULL THEN NULL ELSE COALESCE(disputes.closed_at, EXCLUDED.closed_at) END, updated_at = now()
        WHERE disputes.donation_id = EXCLUDED.donation_id AND disputes.stage < EXCLUDED.stage
      RETURNING 1`,
    [donationId, f.disputeId, f.amount, f.currency, f.status, f.reason, f.withdrawn, f.stage]) as unknown[];
    return rows.length > 0;
  },

  /** Funds withdrawn and not reinstated, per currency. */
  async withdrawnByDisputes(em: EntityManager, donationId: string): Promise<Array<{ currency: string; amount: number }>> {
    const rows = await em.query(`SELECT currency, sum(withdrawn)::text AS amount FROM disputes WHERE donation_id = $1 GROUP BY currency`,
      [donationId]) as Array<{ currency: string; amount: string }>;
    return rows.map((r) => ({ currency: r.currency, amount: Number(r.amount) }));
  },
};

/**
 * SQL for "what a donation's rows say refunded/disputed should be", for the audit: the same
 * conversion as countedTotal, per currency, capped at the gift. sum(bigint) is numeric in
 * PostgreSQL, so the conversion uses div() to round like the ledger's BigInt division (disputes up).
 */
export function countedSql(table: 'refunds' | 'disputes', d: string): string {
  const [money, where, roundUp] = table === 'refunds' ? ['amount', `AND x.status IN ${COUNTING}`, '0'] : ['withdrawn', '', `${d}.original_amount - 1`];
  return `(SELECT LEAST(${d}.amount, COALESCE(sum(CASE
      WHEN g.currency = ${d}.currency THEN LEAST(g.s, ${d}.amount)
      WHEN g.currency = ${d}.original_currency AND ${d}.original_amount > 0 THEN
        CASE WHEN g.s >= ${d}.original_amount THEN ${d}.amount ELSE div(${d}.amount * g.s + ${roundUp}, ${d}.original_amount) END
      ELSE 0 END), 0))
    FROM (SELECT x.currency, sum(x.${money}) AS s FROM ${table} x WHERE x.donation_id = ${d}.id ${where} GROUP BY x.currency) g)`;
}
