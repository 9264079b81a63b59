import type { DisputeStatus } from './dispute.entity';
import type { RefundStatus } from './refund.entity';

/**
 * Pure rules for refunds and disputes, shared by the ledger (which applies them under lock) and
 * its specs. Nothing here knows which payment provider reported the state.
 */

/** Refunds that are on their way or done take the money; failed and canceled ones give it back. */
export const refundCounts = (status: RefundStatus): boolean =>
  status === 'pending' || status === 'requires_action' || status === 'succeeded';

/**
 * How far a refund has got. A refund only ever moves up this order (requires_action -> pending
 * -> succeeded -> failed; requires_action -> canceled), so a lower rank is a stale report and
 * failed/canceled are final.
 */
export const REFUND_RANK: Record<RefundStatus, number> = { requires_action: 1, pending: 2, succeeded: 3, failed: 4, canceled: 4 };

const DISPUTE_RANK: Record<DisputeStatus, number> = {
  warning_needs_response: 1,
  warning_under_review: 2,
  needs_response: 3,
  under_review: 4,
  warning_closed: 5,
  won: 5,
  lost: 5,
};

/**
 * Orders snapshots of one dispute: first by how many balance movements it carries (a withdrawal,
 * then a reinstatement: only ever more), then by how far its status got. The larger stage is
 * the newer state.
 */
export const disputeStage = (balanceMoves: number, status: DisputeStatus): number => balanceMoves * 10 + DISPUTE_RANK[status];

/** Charge-currency money from a payment, as counted by a gift (Adaptive Pricing may differ). */
export interface CountedGift {
  amount: number;
  currency: string;
  originalAmount: number | null;
  originalCurrency: string | null;
}

/**
 * `part` of a payment, in `currency`, expressed in the currency the gift counts. Under Adaptive
 * Pricing the charge is in the donor's currency (the gift's original currency): scale by the
 * ratio, rounding down, giving exactly the gift's amount for the whole charge. Never more than
 * the gift. Null when the currency is neither of the gift's. `up` rounds up instead: disputes
 * do, so that refunds (rounded down) and a dispute of the rest of the charge take the whole gift.
 */
export function countedPart(part: number, currency: string, gift: CountedGift, up = false): number | null {
  if (currency === gift.currency) return Math.min(part, gift.amount);
  if (currency !== gift.originalCurrency || !gift.originalAmount) return null;
  if (part >= gift.originalAmount) return gift.amount;
  const scaled = BigInt(gift.amount) * BigInt(part);
  const orig = BigInt(gift.originalAmount);
  return Number((up ? scaled + orig - 1n : scaled) / orig);
}

/** Sums of money per currency, converted and added up as the gift counts them (each capped). */
export function countedTotal(sums: Array<{ currency: string; amount: number }>, gift: CountedGift, up = false): number {
  let total = 0;
  for (const s of sums) total += countedPart(s.amount, s.currency, gift, up) ?? 0;
  return Math.min(total, gift.amount);
}
