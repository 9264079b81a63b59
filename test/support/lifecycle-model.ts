import fc from 'fast-check';
import type Stripe from 'stripe';
import { balanceTransaction, charge, dispute, event, invoice, invoicePayment, refund, session } from './stripe-events';

/**
 * Lifecycles of Stripe payments for the model-based test: what happens to each charge (refunds
 * through their statuses, a dispute or inquiry to its end), the events Stripe sends on the way
 * (each carrying its object as it was then), the final objects Stripe's API holds, and what the
 * charity keeps of each charge (the reference the ledger must agree with).
 */

export type RefundPath = readonly string[];
/** Each path is one refund's statuses in the order Stripe moves it. */
export const REFUND_PATHS: RefundPath[] = [
  ['succeeded'],
  ['pending', 'succeeded'],
  ['succeeded', 'failed'],
  ['pending', 'failed'],
  ['requires_action', 'canceled'],
  ['pending'],
  ['requires_action', 'pending', 'succeeded'],
  ['pending', 'succeeded', 'failed'],
];
export type DisputeEnd = 'inquiry_open' | 'inquiry_closed' | 'needs_response' | 'under_review' | 'won' | 'lost';
const DISPUTE_ENDS: DisputeEnd[] = ['inquiry_open', 'inquiry_closed', 'needs_response', 'under_review', 'won', 'lost'];

export interface ChargePlan {
  amount: number;
  donor: string;
  /** A monthly gift's payment (an invoice of the appeal's one subscription) rather than a one-off checkout. */
  monthly: boolean;
  refunds: Array<{ amount: number; path: RefundPath }>;
  dispute: { end: DisputeEnd; amount: number; settledInOtherCurrency: boolean } | null;
  /** Paid for an appeal that does not exist (a mistyped Payment Link): held, then assigned to the appeal by a person. */
  held: boolean;
}

export const chargePlan: fc.Arbitrary<ChargePlan> = fc
  .integer({ min: 100, max: 20_000 })
  .chain(
    (amount) =>
      fc.record({
        amount: fc.constant(amount),
        donor: fc.constantFrom('ana@example.org', 'ben@example.org', 'cy@example.org'),
        refunds: fc
          .array(fc.record({ amount: fc.integer({ min: 1, max: amount }), path: fc.constantFrom(...REFUND_PATHS) }), { maxLength: 3 })
          .map((rs) => clip(rs, amount)),
        dispute: fc.option(
          fc.record({
            end: fc.constantFrom(...DISPUTE_ENDS),
            amount: fc.oneof(fc.constant(amount), fc.integer({ min: 1, max: amount })),
            settledInOtherCurrency: fc.boolean(),
          }),
          { freq: 2 },
        ),
        held: fc.boolean(),
        monthly: fc.boolean(),
      }),
    // A monthly payment names the appeal through its subscription (never a lost slug) and is the monthly donor's.
  )
  .map((p) => (p.monthly ? { ...p, donor: MONTHLY_DONOR, held: false } : p));

/** Every payment of the subscription is the one monthly donor's. */
export const MONTHLY_DONOR = 'monthly@example.org';

/** An offline gift an organiser records, and maybe voids (a bounced cheque). */
export interface OfflinePlan {
  amount: number;
  donor: string;
  voided: boolean;
}

export const offlinePlan: fc.Arbitrary<OfflinePlan> = fc.record({
  amount: fc.integer({ min: 100, max: 20_000 }),
  donor: fc.constantFrom('Ana', 'Ben', 'Cy'),
  voided: fc.boolean(),
});

/** What an offline gift leaves counted: all of it, or nothing once voided. */
export const keptOffline = (g: OfflinePlan): number => (g.voided ? 0 : g.amount);

/**
 * A person's action among Stripe's events: record or void an offline gift, assign a held payment.
 * Each may come before what it needs (a void before its gift, an assignment before the payment
 * arrived): the API answers 404 and it is tried again later, as a person would.
 */
export type OrganiserAction =
  | { action: 'record'; reference: string; gift: OfflinePlan }
  | { action: 'void'; reference: string }
  | { action: 'assign'; paymentIntent: string };

/** The slug a held charge's metadata names: no such appeal exists. */
export const lostSlug = (slug: string) => `${slug}-lost`;

/** The organiser's actions for these offline gifts and held charges. */
export function organiserActions(gifts: OfflinePlan[], held: Built[], slug: string): OrganiserAction[] {
  const out: OrganiserAction[] = [];
  gifts.forEach((gift, i) => {
    const reference = `${slug}-gift-${i}`;
    out.push({ action: 'record', reference, gift });
    if (gift.voided) out.push({ action: 'void', reference });
  });
  for (const b of held) out.push({ action: 'assign', paymentIntent: b.paymentIntent });
  return out;
}

/** Stripe refuses refunds beyond the charge: keep each within what is left. */
function clip(rs: Array<{ amount: number; path: RefundPath }>, amount: number) {
  let left = amount;
  const out: typeof rs = [];
  for (const r of rs) {
    const a = Math.min(r.amount, left);
    if (a > 0) out.push({ ...r, amount: a });
    left -= a;
  }
  return out;
}

const counts = (status: string) => status === 'pending' || status === 'requires_action' || status === 'succeeded';

/** What Stripe's balance holds for the charity from this charge, never below zero. */
export function kept(p: ChargePlan): number {
  const refunded = p.refunds.filter((r) => counts(r.path[r.path.length - 1])).reduce((s, r) => s + r.amount, 0);
  const d = p.dispute;
  const withdrawn = d && ['needs_response', 'under_review', 'lost'].includes(d.end) ? d.amount : 0;
  return Math.max(0, p.amount - refunded - withdrawn);
}

export interface Built {
  events: Stripe.Event[];
  paymentIntent: string;
  refunds: Stripe.Refund[];
  dispute: Stripe.Dispute | null;
  charge: Stripe.Charge;
  /** A monthly payment's invoice and the payment that paid it (what GET /v1/invoice_payments lists). */
  invoicePayment: Stripe.InvoicePayment | null;
}

/** The events Stripe sends for one charge, and its objects' final states. */
export function build(p: ChargePlan, slug: string, sub: Stripe.Subscription): Built {
  const named = p.held ? lostSlug(slug) : slug;
  const paid = p.monthly ? monthlyPayment(p, sub) : oneOff(p, named);
  const { pi, events, invoicePayment: pay } = paid;
  // A renewal's charge carries none of our metadata (the subscription's stays on the invoice).
  const ch = charge({ amount: p.amount, amount_captured: p.amount, payment_intent: pi, metadata: p.monthly ? {} : { appeal: named } });
  const state = p.refunds.map((r) => ({
    obj: refund({ amount: r.amount, charge: ch.id, payment_intent: pi, status: r.path[0] }),
    path: r.path,
  }));
  const refundedNow = (upto: number) =>
    state.slice(0, upto + 1).reduce((sum, r) => sum + (counts(r.obj.status as string) ? r.obj.amount : 0), 0);
  state.forEach((r, i) => {
    events.push(event('refund.created', { ...r.obj }));
    events.push(event('charge.refunded', { ...ch, amount_refunded: refundedNow(i), refunded: refundedNow(i) >= p.amount }));
    for (const status of r.path.slice(1)) {
      r.obj = { ...r.obj, status } as Stripe.Refund;
      events.push(event('refund.updated', { ...r.obj }), event('charge.refund.updated', { ...r.obj }));
      if (status === 'failed') events.push(event('refund.failed', { ...r.obj }));
    }
  });
  const finalDispute = p.dispute ? disputeEvents(p, ch, pi, events) : null;
  return { events, paymentIntent: pi, refunds: state.map((r) => r.obj), dispute: finalDispute, charge: ch, invoicePayment: pay };
}

function oneOff(p: ChargePlan, slug: string) {
  const s = session({
    amount_total: p.amount,
    metadata: { appeal: slug },
    client_reference_id: null,
    customer_details: { email: p.donor, name: null },
  });
  return { pi: s.payment_intent as string, events: [event('checkout.session.completed', s)], invoicePayment: null };
}

/**
 * A paid invoice of the appeal's subscription (a recurring Payment Link naming the appeal): its
 * invoice.paid, once more under another event id (the same invoice reported twice), and the
 * invoice_payment.paid that names its PaymentIntent.
 */
function monthlyPayment(p: ChargePlan, sub: Stripe.Subscription) {
  const inv = invoice(sub, { amount: p.amount, customer_email: MONTHLY_DONOR, customer_name: null });
  const pay = invoicePayment(inv);
  const pi = (pay.payment as { payment_intent: string }).payment_intent;
  return { pi, events: [event('invoice.paid', inv), event('invoice.paid', inv), event('invoice_payment.paid', pay)], invoicePayment: pay };
}

function disputeEvents(p: ChargePlan, ch: Stripe.Charge, pi: string, events: Stripe.Event[]): Stripe.Dispute {
  const d = p.dispute!;
  const currency = d.settledInOtherCurrency ? 'eur' : 'usd';
  const out = balanceTransaction(-d.amount, currency);
  const back = balanceTransaction(d.amount, currency);
  const base = dispute({ amount: d.amount, charge: ch.id, payment_intent: pi, reason: 'fraudulent' });
  const snap = (status: string, bts: Stripe.BalanceTransaction[]) => ({ ...base, status, balance_transactions: bts }) as Stripe.Dispute;
  const emit = (type: string, x: Stripe.Dispute) => {
    events.push(event(type, x));
    return x;
  };
  if (d.end.startsWith('inquiry')) {
    let last = emit('charge.dispute.created', snap('warning_needs_response', []));
    last = emit('charge.dispute.updated', snap('warning_under_review', []));
    if (d.end === 'inquiry_closed') last = emit('charge.dispute.closed', snap('warning_closed', []));
    return last;
  }
  emit('charge.dispute.created', snap('needs_response', [out]));
  let last = emit('charge.dispute.funds_withdrawn', snap('needs_response', [out]));
  if (d.end === 'needs_response') return last;
  last = emit('charge.dispute.updated', snap('under_review', [out]));
  if (d.end === 'won') {
    emit('charge.dispute.funds_reinstated', snap('won', [out, back]));
    last = emit('charge.dispute.closed', snap('won', [out, back]));
  }
  if (d.end === 'lost') last = emit('charge.dispute.closed', snap('lost', [out]));
  return last;
}
