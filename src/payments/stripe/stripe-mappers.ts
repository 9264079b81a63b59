import type Stripe from 'stripe';
import { MAX_GIFT_MINOR } from '../../money';
import { DISPUTE_STATUSES, DisputeStatus } from '../../donations/dispute.entity';
import { disputeStage } from '../../donations/lifecycle';
import type { DisputeFact, RefundFact } from '../../donations/lifecycle-rows';
import { REFUND_STATUSES, RefundStatus } from '../../donations/refund.entity';
import { PaymentsError } from './payments.error';
import { UUID } from '../../common/uuid';
import { isISO31661Alpha2 } from 'class-validator';

/** What a Checkout Session means for the ledger, independent of which event carried it. */
export interface SessionFacts {
  sessionId: string;
  /** payment, subscription or setup; only `payment` can be a one-off gift. */
  mode: string;
  appealSlug: string | null;
  donationId: string | null;
  paymentIntentId: string | null;
  amount: number;
  currency: string;
  paid: boolean;
  donorEmail: string | null;
  donorName: string | null;
  /** What the donor saw and paid in under Adaptive Pricing, when it differs. */
  presentment: { amount: number; currency: string } | null;
  /** Subscription mode: the subscription and customer it made, and our plan id from metadata. */
  subscriptionId: string | null;
  customerId: string | null;
  planId: string | null;
  /** The billing address's country (ISO 3166-1 alpha-2), when Checkout collected one. */
  country: string | null;
}

/**
 * An ISO 3166-1 alpha-2 code as the ledger stores it (upper case), or null for anything else: a
 * country is a nicety on the wall, never a reason to refuse or delay counting a payment.
 */
export function countryCode(v: unknown): string | null {
  if (typeof v !== 'string' || !/^[A-Za-z]{2}$/.test(v)) return null;
  const code = v.toUpperCase();
  return isISO31661Alpha2(code) ? code : null;
}

/** The country of a charge's card (`payment_method_details.card.country`), when it has one. */
export function cardCountry(charge: unknown): string | null {
  const details = (charge as { payment_method_details?: { card?: { country?: unknown } | null } | null } | null)?.payment_method_details;
  return countryCode(details?.card?.country);
}

/** Strings from Stripe may carry anything; PostgreSQL text refuses NUL, so strip it here. */
export const clean = (v: unknown, max = 200): string | null => {
  if (typeof v !== 'string') return null;
  const s = v.replace(/\0/g, '').trim();
  return s ? s.slice(0, max) : null;
};

/**
 * A signed event is trusted for what it means, not for its shape: a field that cannot be what
 * Stripe documents is a 400 naming it, not a database error (a 500 Stripe would retry for days).
 */
function minorUnits(v: unknown, what: string): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  throw PaymentsError.badEvent(`${what} must be a whole, non-negative number of minor units`);
}

function currencyCode(v: unknown, what: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string' && /^[a-z]{3}$/i.test(v)) return v.toLowerCase();
  throw PaymentsError.badEvent(`${what} must be a three-letter currency code`);
}

function objectId(v: unknown, what: string): string {
  if (typeof v === 'string' && v.length > 0 && v.length <= 255) return v;
  throw PaymentsError.badEvent(`${what} must be a Stripe object id`);
}

/** A reference to another Stripe object (id or expanded object); absent is null, nonsense a 400. */
export const idOf = (v: string | { id: string } | null | undefined): string | null => {
  const id = typeof v === 'string' ? v : v && typeof v.id === 'string' ? v.id : null;
  return id === null ? null : objectId(id, 'referenced object id');
};

export function sessionFacts(s: Stripe.Checkout.Session): SessionFacts {
  const metadata = s.metadata ?? {};
  const donationId = clean(metadata.donation_id ?? s.client_reference_id, 64);
  const presentment = (s as { presentment_details?: { presentment_amount?: number; presentment_currency?: string } | null })
    .presentment_details;
  const currency = currencyCode(s.currency, 'session currency');
  const shownCurrency = presentment ? currencyCode(presentment.presentment_currency, 'presentment_currency') : '';
  const shown =
    presentment && typeof presentment.presentment_amount === 'number' && shownCurrency && shownCurrency !== currency
      ? { amount: minorUnits(presentment.presentment_amount, 'presentment_amount'), currency: shownCurrency }
      : null;
  return {
    sessionId: objectId(s.id, 'session id'),
    mode: typeof s.mode === 'string' ? s.mode : 'payment',
    appealSlug: clean(metadata.appeal, 200),
    donationId: donationId && UUID.test(donationId) ? donationId.toLowerCase() : null,
    paymentIntentId: idOf(s.payment_intent as string | { id: string } | null),
    amount: minorUnits(s.amount_total, 'amount_total'),
    currency,
    paid: s.payment_status === 'paid',
    donorEmail: clean(s.customer_details?.email ?? s.customer_email, 320),
    donorName: clean(s.customer_details?.name, 200),
    presentment: shown,
    subscriptionId: idOf(s.subscription as string | { id: string } | null),
    customerId: idOf(s.customer as string | { id: string } | null),
    planId: clean(metadata.plan_id, 64) && UUID.test(metadata.plan_id ?? '') ? metadata.plan_id!.toLowerCase() : null,
    country: countryCode(s.customer_details?.address?.country),
  };
}

/**
 * Why a paid one-off session must be held for review instead of counted, or null when it may
 * count (subscription sessions never count themselves: their invoices do). An amount above
 * MAX_GIFT_MINOR is far more likely a mistake than a gift.
 */
export function holdReason(f: Pick<SessionFacts, 'mode' | 'amount'>): string | null {
  if (f.mode !== 'payment') return `a Checkout Session in ${f.mode} mode is not a gift; not counted`;
  if (f.amount > MAX_GIFT_MINOR)
    return `amount ${f.amount} is above the largest single gift counted (${MAX_GIFT_MINOR} minor units); not counted`;
  return null;
}

export interface RefundFacts {
  chargeId: string;
  paymentIntentId: string | null;
  /** Cumulative: everything refunded on this charge so far. */
  amountRefunded: number;
  chargeAmount: number;
  currency: string;
  ours: boolean;
}

/** `ours`: the charge carries our metadata, so an unknown one is a payment not recorded yet. */
export function refundFacts(c: Stripe.Charge): RefundFacts {
  return {
    chargeId: objectId(c.id, 'charge id'),
    paymentIntentId: idOf(c.payment_intent as string | { id: string } | null),
    amountRefunded: minorUnits(c.amount_refunded, 'amount_refunded'),
    chargeAmount: minorUnits(c.amount, 'charge amount'),
    currency: currencyCode(c.currency, 'charge currency'),
    ours: !!(c.metadata?.appeal || c.metadata?.donation_id),
  };
}

/** A refund object (refund.*, charge.refund.updated, or listed from the API) as the ledger records it. */
export interface RefundObjectFacts extends RefundFact {
  chargeId: string | null;
  paymentIntentId: string | null;
}

export function refundObjectFacts(r: Stripe.Refund): RefundObjectFacts {
  const status = r.status as string | null;
  if (!REFUND_STATUSES.includes(status as RefundStatus))
    throw PaymentsError.badEvent(`refund status must be one of ${REFUND_STATUSES.join(', ')}`);
  const amount = minorUnits(r.amount, 'refund amount');
  if (!amount) throw PaymentsError.badEvent('refund amount must be positive');
  return {
    refundId: objectId(r.id, 'refund id'),
    chargeId: idOf(r.charge as string | { id: string } | null),
    paymentIntentId: idOf(r.payment_intent as string | { id: string } | null),
    amount,
    currency: currencyCode(r.currency, 'refund currency') || badCurrency('refund'),
    status: status as RefundStatus,
  };
}

export interface DisputeFacts extends DisputeFact {
  chargeId: string | null;
  paymentIntentId: string | null;
}

/**
 * A dispute snapshot. The withdrawn amount comes from the dispute's own balance transactions
 * (negative for a withdrawal, positive for a reinstatement; fees are separate) when they are in
 * the dispute's currency; otherwise each movement counts as the dispute's amount, and with no
 * movements at all the event type and status tell whether funds are out.
 */
export function disputeFacts(d: Stripe.Dispute, eventType: string): DisputeFacts {
  const status = d.status as string;
  if (!DISPUTE_STATUSES.includes(status as DisputeStatus))
    throw PaymentsError.badEvent(`dispute status must be one of ${DISPUTE_STATUSES.join(', ')}`);
  const amount = minorUnits(d.amount, 'dispute amount');
  if (!amount) throw PaymentsError.badEvent('dispute amount must be positive');
  const currency = currencyCode(d.currency, 'dispute currency') || badCurrency('dispute');
  const moves = balanceMoves(d.balance_transactions as unknown);
  return {
    disputeId: objectId(d.id, 'dispute id'),
    chargeId: idOf(d.charge as string | { id: string } | null),
    paymentIntentId: idOf(d.payment_intent as string | { id: string } | null),
    amount,
    currency,
    status: status as DisputeStatus,
    reason: clean(d.reason, 64),
    withdrawn: Math.min(amount, Math.max(0, withdrawnBy(moves, amount, currency, eventType, status as DisputeStatus))),
    stage: disputeStage(moves.length, status as DisputeStatus),
  };
}

function balanceMoves(v: unknown): Array<{ amount: number; currency: string }> {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) throw PaymentsError.badEvent('dispute balance_transactions must be a list');
  return v.map((t: unknown, i) => {
    const bt = (t ?? {}) as { amount?: unknown; currency?: unknown };
    if (typeof bt.amount !== 'number' || !Number.isSafeInteger(bt.amount))
      throw PaymentsError.badEvent(`dispute balance_transactions[${i}].amount must be a whole number`);
    return { amount: bt.amount, currency: currencyCode(bt.currency, `dispute balance_transactions[${i}].currency`) };
  });
}

function withdrawnBy(
  moves: Array<{ amount: number; currency: string }>,
  amount: number,
  currency: string,
  eventType: string,
  status: DisputeStatus,
): number {
  if (moves.length && moves.every((m) => m.currency === currency)) return -moves.reduce((sum, m) => sum + m.amount, 0);
  if (moves.length) return amount * moves.reduce((n, m) => n + (m.amount < 0 ? 1 : m.amount > 0 ? -1 : 0), 0);
  if (eventType === 'charge.dispute.funds_withdrawn') return amount;
  if (eventType === 'charge.dispute.funds_reinstated') return 0;
  return FUNDS_OUT_WITHOUT_MOVES.includes(status) ? amount : 0;
}

/** Statuses at which a chargeback holds the funds (inquiries never move money; a won one gave it back). */
const FUNDS_OUT_WITHOUT_MOVES: readonly DisputeStatus[] = ['needs_response', 'under_review', 'lost'];

const badCurrency = (what: string): never => {
  throw PaymentsError.badEvent(`${what} currency is missing`);
};

/**
 * A charge amount in the charge's currency, expressed in the donation's counted currency. With
 * Adaptive Pricing the charge is in the donor's currency while the donation counts the appeal
 * currency: scale by the ratio, rounding down, and give the exact amount for the whole charge.
 */
export function toCountedAmount(
  part: number,
  chargeAmount: number,
  chargeCurrency: string,
  donation: { amount: number; currency: string; originalAmount: number | null; originalCurrency: string | null },
): number | null {
  if (chargeCurrency === donation.currency) return part;
  if (chargeCurrency !== donation.originalCurrency || !chargeAmount) return null;
  if (part >= chargeAmount) return donation.amount;
  return Number((BigInt(donation.amount) * BigInt(part)) / BigInt(chargeAmount));
}
