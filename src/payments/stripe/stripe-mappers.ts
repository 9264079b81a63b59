import type Stripe from 'stripe';

/** What a Checkout Session means for the ledger, independent of which event carried it. */
export interface SessionFacts {
  sessionId: string;
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
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Strings from Stripe may carry anything; PostgreSQL text refuses NUL, so strip it here. */
export const clean = (v: unknown, max = 200): string | null => {
  if (typeof v !== 'string') return null;
  const s = v.replace(/\0/g, '').trim();
  return s ? s.slice(0, max) : null;
};

export const idOf = (v: string | { id: string } | null | undefined): string | null =>
  typeof v === 'string' ? v : v && typeof v.id === 'string' ? v.id : null;

export function sessionFacts(s: Stripe.Checkout.Session): SessionFacts {
  const metadata = s.metadata ?? {};
  const donationId = clean(metadata.donation_id ?? s.client_reference_id, 64);
  const presentment = (s as { presentment_details?: { presentment_amount?: number; presentment_currency?: string } | null }).presentment_details;
  const currency = (s.currency ?? '').toLowerCase();
  const shown = presentment && typeof presentment.presentment_amount === 'number' && presentment.presentment_currency
    && presentment.presentment_currency.toLowerCase() !== currency
    ? { amount: presentment.presentment_amount, currency: presentment.presentment_currency.toLowerCase() } : null;
  return {
    sessionId: s.id,
    appealSlug: clean(metadata.appeal, 200),
    donationId: donationId && UUID.test(donationId) ? donationId.toLowerCase() : null,
    paymentIntentId: idOf(s.payment_intent as string | { id: string } | null),
    amount: s.amount_total ?? 0,
    currency,
    paid: s.payment_status === 'paid',
    donorEmail: clean(s.customer_details?.email ?? s.customer_email, 320),
    donorName: clean(s.customer_details?.name, 200),
    presentment: shown,
  };
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
    chargeId: c.id,
    paymentIntentId: idOf(c.payment_intent as string | { id: string } | null),
    amountRefunded: c.amount_refunded ?? 0,
    chargeAmount: c.amount,
    currency: (c.currency ?? '').toLowerCase(),
    ours: !!(c.metadata?.appeal || c.metadata?.donation_id),
  };
}

export interface DisputeFacts {
  disputeId: string;
  chargeId: string | null;
  paymentIntentId: string | null;
  amount: number;
  currency: string;
}

export function disputeFacts(d: Stripe.Dispute): DisputeFacts {
  return {
    disputeId: d.id,
    chargeId: idOf(d.charge as string | { id: string } | null),
    paymentIntentId: idOf(d.payment_intent as string | { id: string } | null),
    amount: d.amount,
    currency: (d.currency ?? '').toLowerCase(),
  };
}

/**
 * A charge amount in the charge's currency, expressed in the donation's counted currency. With
 * Adaptive Pricing the charge is in the donor's currency while the donation counts the appeal
 * currency: scale by the ratio, rounding down, and give the exact amount for the whole charge.
 */
export function toCountedAmount(
  part: number, chargeAmount: number, chargeCurrency: string,
  donation: { amount: number; currency: string; originalAmount: number | null; originalCurrency: string | null },
): number | null {
  if (chargeCurrency === donation.currency) return part;
  if (chargeCurrency !== donation.originalCurrency || !chargeAmount) return null;
  if (part >= chargeAmount) return donation.amount;
  return Number((BigInt(donation.amount) * BigInt(part)) / BigInt(chargeAmount));
}
