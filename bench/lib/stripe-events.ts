import Stripe from 'stripe';
import fixtures from '../../src/payments/stripe/sandbox/fixtures.json';

/**
 * Stripe events built from Stripe's own published fixtures (the ones the SDK's test suite uses),
 * changed only where the harness needs to: ids, amounts, metadata. Signed with the SDK's
 * generateTestHeaderString over the exact pretty-printed bytes, as Stripe sends them.
 */
const stripe = new Stripe('sk_test_harness_unused');
const resources = (fixtures as { resources: Record<string, unknown> }).resources;
const clone = <T>(name: string): T => structuredClone(resources[name]) as T;

export interface PaymentRefs {
  appeal: string;
  currency: string;
  amount: number;
  sessionId: string;
  paymentIntent: string;
  charge: string;
  email: string | null;
  name: string | null;
}

/** A Payment-Link style session: metadata names the appeal, no pending donation exists. */
export function sessionObject(p: PaymentRefs, paid = true): Stripe.Checkout.Session {
  const s = clone<Stripe.Checkout.Session>('checkout.session');
  return {
    // The fixture's Adaptive Pricing conversion would describe another amount: no conversion here.
    ...s,
    currency_conversion: null,
    id: p.sessionId,
    object: 'checkout.session',
    mode: 'payment',
    status: 'complete',
    payment_status: paid ? 'paid' : 'unpaid',
    amount_total: p.amount,
    amount_subtotal: p.amount,
    currency: p.currency,
    payment_intent: p.paymentIntent,
    livemode: false,
    client_reference_id: null,
    metadata: { appeal: p.appeal },
    customer_email: null,
    customer_details:
      p.email || p.name
        ? ({ ...(s.customer_details ?? {}), email: p.email, name: p.name } as Stripe.Checkout.Session.CustomerDetails)
        : null,
  };
}

/**
 * One refund of the payment, as refund.created carries it. (charge.refunded carries only the
 * cumulative amount_refunded and makes the service read the refunds from the Stripe API, which
 * the harness's service in sandbox mode does not know: refund events stand on their own.)
 */
export function refundObject(p: PaymentRefs, refundId: string, amount: number): Stripe.Refund {
  const r = clone<Stripe.Refund>('refund');
  return {
    ...r,
    id: refundId,
    amount,
    currency: p.currency,
    charge: p.charge,
    payment_intent: p.paymentIntent,
    status: 'succeeded',
    metadata: {},
  };
}

/** A dispute as Stripe sends it: one balance transaction once withdrawn, a second once reinstated (won). */
export function disputeObject(p: PaymentRefs, disputeId: string, stage: 'withdrawn' | 'reinstated'): Stripe.Dispute {
  const d = clone<Stripe.Dispute>('dispute');
  const move = (amount: number) => ({
    ...clone<Stripe.BalanceTransaction>('balance_transaction'),
    id: `txn_${disputeId}_${amount < 0 ? 'out' : 'back'}`,
    amount,
    currency: p.currency,
    fee: 0,
    net: amount,
  });
  const moves = stage === 'withdrawn' ? [move(-p.amount)] : [move(-p.amount), move(p.amount)];
  return {
    ...d,
    id: disputeId,
    amount: p.amount,
    currency: p.currency,
    charge: p.charge,
    payment_intent: p.paymentIntent,
    livemode: false,
    status: stage === 'withdrawn' ? 'needs_response' : 'won',
    balance_transactions: moves,
  };
}

export function eventOf(id: string, type: string, object: unknown, created: number): Stripe.Event {
  const e = clone<Stripe.Event>('event');
  return { ...e, id, type, created, livemode: false, api_version: '2026-10-28.endive', data: { object } } as Stripe.Event;
}

/** The bytes Stripe would post (pretty-printed JSON). */
export const payloadOf = (event: Stripe.Event): string => JSON.stringify(event, null, 2);

/** A fresh Stripe-Signature for these bytes; Stripe signs every retry anew with the current time. */
export function signatureOf(payload: string, secret: string, timestamp?: number): string {
  return stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}
