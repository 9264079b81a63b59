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
    ...s, currency_conversion: null, id: p.sessionId, object: 'checkout.session', mode: 'payment', status: 'complete',
    payment_status: paid ? 'paid' : 'unpaid', amount_total: p.amount, amount_subtotal: p.amount, currency: p.currency,
    payment_intent: p.paymentIntent, livemode: false, client_reference_id: null, metadata: { appeal: p.appeal },
    customer_email: null,
    customer_details: p.email || p.name ? { ...(s.customer_details ?? {}), email: p.email, name: p.name } as Stripe.Checkout.Session.CustomerDetails : null,
  };
}

/** The charge as charge.refunded carries it: amount_refunded is cumulative. */
export function refundedCharge(p: PaymentRefs, cumulative: number): Stripe.Charge {
  const c = clone<Stripe.Charge & { refunds?: unknown }>('charge');
  delete c.refunds;
  return {
    ...c, id: p.charge, amount: p.amount, amount_captured: p.amount, amount_refunded: cumulative, currency: p.currency,
    refunded: cumulative >= p.amount, payment_intent: p.paymentIntent, livemode: false, metadata: { appeal: p.appeal },
  };
}

export function disputeObject(p: PaymentRefs, disputeId: string): Stripe.Dispute {
  const d = clone<Stripe.Dispute>('dispute');
  return { ...d, id: disputeId, amount: p.amount, currency: p.currency, charge: p.charge, payment_intent: p.paymentIntent, livemode: false, status: 'needs_response' };
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
