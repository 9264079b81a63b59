import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import fixtures from '../../src/payments/stripe/sandbox/fixtures.json';
import billingFixtures from './billing-fixtures.json';
import { request, TestResponse } from './app';

export const WEBHOOK_SECRET = 'whsec_test_e2e_0123456789abcdef';
const stripe = new Stripe('sk_test_unused');
const resources = (fixtures as { resources: Record<string, unknown> }).resources;

const rid = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;
const clone = <T>(name: string): T => structuredClone(resources[name]) as T;
const now = () => Math.floor(Date.now() / 1000);

type Obj = Record<string, unknown>;
// Builders work on plain objects and cast once at the end: spreading Stripe's large union types
// made the type checker take minutes.

/** A checkout session built from Stripe's published fixture, with the fields a test cares about. */
export function session(over: Obj = {}): Stripe.Checkout.Session {
  const s = clone<Obj>('checkout.session');
  delete s.currency_conversion; // gone at the SDK's pinned API version
  return {
    ...s,
    id: rid('cs_test_'),
    object: 'checkout.session',
    mode: 'payment',
    status: 'complete',
    payment_status: 'paid',
    amount_total: 2500,
    amount_subtotal: 2500,
    currency: 'usd',
    payment_intent: rid('pi_'),
    livemode: false,
    created: now(),
    customer_details: { ...((s.customer_details as Obj | null) ?? {}), email: 'donor@example.org', name: 'Dana Donor' },
    ...over,
  } as unknown as Stripe.Checkout.Session;
}

export function charge(over: Obj = {}): Stripe.Charge {
  const c = clone<Obj>('charge');
  delete c.refunds; // not embedded at the SDK's pinned API version
  return {
    ...c,
    id: rid('ch_'),
    amount: 2500,
    amount_captured: 2500,
    amount_refunded: 0,
    currency: 'usd',
    refunded: false,
    livemode: false,
    metadata: {},
    ...over,
  } as unknown as Stripe.Charge;
}

export function dispute(over: Obj = {}): Stripe.Dispute {
  const d = clone<Obj>('dispute');
  return {
    ...d,
    id: rid('dp_'),
    amount: 2500,
    currency: 'usd',
    livemode: false,
    status: 'needs_response',
    ...over,
  } as unknown as Stripe.Dispute;
}

export function event(type: string, object: unknown, over: Obj = {}): Stripe.Event {
  const e = clone<Obj>('event');
  return {
    ...e,
    id: rid('evt_'),
    type,
    created: now(),
    livemode: false,
    api_version: '2026-10-28.endive',
    data: { object },
    ...over,
  } as unknown as Stripe.Event;
}

/** Posts an event the way Stripe does: pretty-printed bytes, signed over exactly those bytes. */
export function deliver(
  base: string,
  evt: Stripe.Event,
  opts: { secret?: string; timestamp?: number; tamper?: (raw: string) => string; signature?: string | null } = {},
): Promise<TestResponse> {
  const payload = JSON.stringify(evt, null, 2);
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? WEBHOOK_SECRET, timestamp: opts.timestamp });
  const raw = opts.tamper ? opts.tamper(payload) : payload;
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (opts.signature !== null) headers['stripe-signature'] = opts.signature ?? header;
  return request(base, 'POST', '/webhooks/stripe', { raw, headers, token: null });
}

export function refund(over: Obj = {}): Stripe.Refund {
  const r = clone<Obj>('refund');
  return {
    ...r,
    id: rid('re_'),
    charge: rid('ch_'),
    amount: 2500,
    currency: 'usd',
    status: 'succeeded',
    created: now(),
    metadata: {},
    ...over,
  } as unknown as Stripe.Refund;
}

/** A dispute's balance transaction: negative withdraws from the balance, positive reinstates. */
export function balanceTransaction(amount: number, currency = 'usd'): Stripe.BalanceTransaction {
  const b = clone<Obj>('balance_transaction');
  return {
    ...b,
    id: rid('txn_'),
    amount,
    currency,
    fee: amount < 0 ? 1500 : 0,
    net: amount < 0 ? amount - 1500 : amount,
    type: 'adjustment',
    reporting_category: amount < 0 ? 'dispute' : 'dispute_reversal',
    created: now(),
  } as unknown as Stripe.BalanceTransaction;
}

const billing = (billingFixtures as { resources: Record<string, unknown> }).resources;
const cloneBilling = <T>(name: string): T => structuredClone(billing[name]) as T;
const DAY = 24 * 3600;

/** A monthly subscription built from Stripe's fixture: one item of `amount` a month, metadata as our checkout sets it. */
export function subscription(over: Obj & { amount?: number; periodEnd?: number } = {}): Stripe.Subscription {
  const s = cloneBilling<Obj>('subscription');
  const { amount = 1_000, periodEnd = now() + 30 * DAY, ...rest } = over;
  const id = (rest.id as string | undefined) ?? rid('sub_');
  const [item] = (s.items as { data: Obj[] }).data;
  const price = { ...(item.price as Obj), id: rid('price_'), unit_amount: amount, unit_amount_decimal: String(amount), currency: 'usd' };
  return {
    ...s,
    id,
    status: 'active',
    currency: 'usd',
    customer: rid('cus_'),
    cancel_at: null,
    canceled_at: null,
    ended_at: null,
    cancel_at_period_end: false,
    trial_end: null,
    trial_start: null,
    pending_update: null,
    pause_collection: null,
    transfer_data: null,
    start_date: now(),
    created: now(),
    livemode: false,
    metadata: {},
    items: {
      ...(s.items as Obj),
      data: [{ ...item, id: rid('si_'), subscription: id, price, quantity: 1, current_period_start: now(), current_period_end: periodEnd }],
    },
    ...rest,
  } as unknown as Stripe.Subscription;
}

/** A paid invoice of a subscription, as invoice.paid carries it: the subscription and its metadata under parent. */
export function invoice(
  sub: Pick<Stripe.Subscription, 'id' | 'metadata' | 'customer' | 'currency'>,
  over: Obj & { amount?: number; paidAt?: number } = {},
): Stripe.Invoice {
  const i = cloneBilling<Obj>('invoice');
  const { amount = 1_000, paidAt = now(), ...rest } = over;
  const id = (rest.id as string | undefined) ?? rid('in_');
  return {
    ...i,
    id,
    status: 'paid',
    billing_reason: 'subscription_cycle',
    currency: sub.currency,
    customer: sub.customer,
    customer_email: 'donor@example.org',
    customer_name: 'Dana Donor',
    amount_due: amount,
    amount_paid: amount,
    amount_remaining: 0,
    amount_overpaid: 0,
    subtotal: amount,
    total: amount,
    livemode: false,
    created: paidAt,
    last_finalization_error: null,
    from_invoice: null,
    shipping_cost: null,
    status_transitions: { finalized_at: paidAt, marked_uncollectible_at: null, paid_at: paidAt, voided_at: null },
    parent: { type: 'subscription_details', quote_details: null, subscription_details: { metadata: sub.metadata, subscription: sub.id } },
    lines: { ...(i.lines as Obj), data: [], url: `/v1/invoices/${id}/lines` },
    ...rest,
  } as unknown as Stripe.Invoice;
}

/** The payment that paid an invoice (invoice_payment.paid, or listed by GET /v1/invoice_payments). */
export function invoicePayment(inv: Pick<Stripe.Invoice, 'id' | 'amount_paid' | 'currency'>, over: Obj = {}): Stripe.InvoicePayment {
  const p = cloneBilling<Obj>('invoice_payment');
  return {
    ...p,
    id: rid('inpay_'),
    invoice: inv.id,
    amount_paid: inv.amount_paid,
    amount_requested: inv.amount_paid,
    currency: inv.currency,
    is_default: true,
    livemode: false,
    created: now(),
    status: 'paid',
    payment: { type: 'payment_intent', payment_intent: rid('pi_') },
    status_transitions: { canceled_at: null, paid_at: now() },
    ...over,
  } as unknown as Stripe.InvoicePayment;
}
