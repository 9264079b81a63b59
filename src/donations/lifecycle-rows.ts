import type { EntityManager } from 'typeorm';
import type { DisputeStatus } from './dispute.entity';
import type { RefundStatus } from './refund.entity';
import { COUNTING_REFUND_STATUSES as COUNTING } from './status-sql';
import {
  COUNTING_REFUNDS,
  DELETE_LEGACY_REFUNDS,
  HAS_LEGACY_REFUNDS,
  UPSERT_DISPUTE,
  UPSERT_REFUNDS,
  WITHDRAWN_BY_DISPUTES,
} from './donations.queries';

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
    const rows = (await em.query(UPSERT_REFUNDS, [
      donationId,
      facts.map((f) => f.refundId),
      facts.map((f) => f.amount),
      facts.map((f) => f.currency),
      facts.map((f) => f.status),
    ])) as unknown[];
    return rows.length;
  },

  /** Drops migrated cumulative rows once the full list of real refunds is known. */
  async dropLegacyRefunds(em: EntityManager, donationId: string): Promise<number> {
    const [, count] = (await em.query(DELETE_LEGACY_REFUNDS, [donationId, `${LEGACY_REFUND_PREFIX}%`])) as [unknown, number];
    return count;
  },

  async hasLegacyRefunds(em: EntityManager, donationId: string): Promise<boolean> {
    const rows = (await em.query(HAS_LEGACY_REFUNDS, [donationId, `${LEGACY_REFUND_PREFIX}%`])) as unknown[];
    return rows.length > 0;
  },

  /** Sums of the refunds that count, per currency. */
  async countingRefunds(em: EntityManager, donationId: string): Promise<Array<{ currency: string; amount: number }>> {
    const rows = (await em.query(COUNTING_REFUNDS, [donationId])) as Array<{ currency: string; amount: string }>;
    return rows.map((r) => ({ currency: r.currency, amount: Number(r.amount) }));
  },

  /** Records a dispute snapshot unless a later stage of it is already stored; true if it changed. */
  async upsertDispute(em: EntityManager, donationId: string, f: DisputeFact): Promise<boolean> {
    const rows = (await em.query(UPSERT_DISPUTE, [
      donationId,
      f.disputeId,
      f.amount,
      f.currency,
      f.status,
      f.reason,
      f.withdrawn,
      f.stage,
    ])) as unknown[];
    return rows.length > 0;
  },

  /** Funds withdrawn and not reinstated, per currency. */
  async withdrawnByDisputes(em: EntityManager, donationId: string): Promise<Array<{ currency: string; amount: number }>> {
    const rows = (await em.query(WITHDRAWN_BY_DISPUTES, [donationId])) as Array<{ currency: string; amount: string }>;
    return rows.map((r) => ({ currency: r.currency, amount: Number(r.amount) }));
  },
};

/**
 * SQL for "what a donation's rows say refunded/disputed should be", for the audit: the same
 * conversion as countedTotal, per currency, capped at the gift. sum(bigint) is numeric in
 * PostgreSQL, so the conversion uses div() to round like the ledger's BigInt division (disputes up).
 */
export function countedSql(table: 'refunds' | 'disputes', d: string): string {
  const [money, where, roundUp] =
    table === 'refunds' ? ['amount', `AND x.status IN ${COUNTING}`, '0'] : ['withdrawn', '', `${d}.original_amount - 1`];
  return `(SELECT LEAST(${d}.amount, COALESCE(sum(CASE
      WHEN g.currency = ${d}.currency THEN LEAST(g.s, ${d}.amount)
      WHEN g.currency = ${d}.original_currency AND ${d}.original_amount > 0 THEN
        CASE WHEN g.s >= ${d}.original_amount THEN ${d}.amount ELSE div(${d}.amount * g.s + ${roundUp}, ${d}.original_amount) END
      ELSE 0 END), 0))
    FROM (SELECT x.currency, sum(x.${money}) AS s FROM ${table} x WHERE x.donation_id = ${d}.id ${where} GROUP BY x.currency) g)`;
}
