import type Stripe from 'stripe';
import { UUID } from '../../common/uuid';
import type { PlanState } from '../../donations/plan.entity';
import { PaymentsError } from './payments.error';
import { clean, idOf } from './stripe-mappers';

/**
 * Stripe Billing objects (subscriptions, invoices, invoice payments) as the ledger needs them,
 * at the pinned API version: an invoice names its subscription and that subscription's metadata
 * under `parent.subscription_details`, and its payments are separate InvoicePayment objects.
 */

/** The appeal and plan our checkout wrote into a subscription's metadata (Payment Links: the appeal only). */
export interface PlanRefs {
  appealSlug: string | null;
  planId: string | null;
}

export function planRefs(metadata: Stripe.Metadata | null | undefined): PlanRefs {
  const m = metadata ?? {};
  const planId = clean(m.plan_id, 64);
  return { appealSlug: clean(m.appeal, 200), planId: planId && UUID.test(planId) ? planId.toLowerCase() : null };
}

/**
 * A subscription status as a plan's state. `incomplete` has not been paid for yet; `unpaid` and
 * `paused` collect nothing now but may resume, so they read as past due (still counted among
 * monthly donors, like a payment being retried); `canceled` and `incomplete_expired` are final.
 */
export function planStateOf(status: string): PlanState {
  switch (status) {
    case 'active':
    case 'trialing':
      return 'active';
    case 'past_due':
    case 'unpaid':
    case 'paused':
      return 'past_due';
    case 'canceled':
    case 'incomplete_expired':
      return 'cancelled';
    case 'incomplete':
      return 'pending';
    default:
      throw PaymentsError.badEvent(`subscription status "${status}" is not one Stripe documents`);
  }
}

export interface SubscriptionFacts extends PlanRefs {
  subscriptionId: string;
  customerId: string | null;
  state: PlanState;
  /** Each payment: the sum of its items (price × quantity), in `currency`. */
  amount: number;
  currency: string;
  interval: string;
  intervalCount: number;
  startedAt: Date | null;
  cancelledAt: Date | null;
  nextPaymentAt: Date | null;
}

const date = (s: unknown): Date | null => (typeof s === 'number' && Number.isFinite(s) && s > 0 ? new Date(s * 1000) : null);

const INTERVALS = ['day', 'week', 'month', 'year'];

export function subscriptionFacts(s: Stripe.Subscription): SubscriptionFacts {
  const id = idOf(s.id);
  if (!id) throw PaymentsError.badEvent('subscription id is missing');
  const items = Array.isArray(s.items?.data) ? s.items.data : [];
  let amount = 0;
  let interval = 'month';
  let intervalCount = 1;
  let next: number | null = null;
  for (const [i, item] of items.entries()) {
    const unit = item.price?.unit_amount;
    const qty = item.quantity ?? 1;
    if (typeof unit !== 'number' || !Number.isSafeInteger(unit) || unit < 0 || !Number.isSafeInteger(qty) || qty < 0)
      throw PaymentsError.badEvent(`subscription items[${i}] must have a whole unit_amount and quantity`);
    amount += unit * qty;
    const r = item.price?.recurring;
    if (i === 0 && r && INTERVALS.includes(r.interval)) {
      interval = r.interval;
      intervalCount = Number.isSafeInteger(r.interval_count) && r.interval_count > 0 ? r.interval_count : 1;
    }
    if (typeof item.current_period_end === 'number')
      next = next === null ? item.current_period_end : Math.min(next, item.current_period_end);
  }
  if (!Number.isSafeInteger(amount)) throw PaymentsError.badEvent('subscription amount is too large');
  const currency = typeof s.currency === 'string' && /^[a-z]{3}$/i.test(s.currency) ? s.currency.toLowerCase() : '';
  const state = planStateOf(String(s.status));
  return {
    ...planRefs(s.metadata),
    subscriptionId: id,
    customerId: idOf(s.customer as string | { id: string } | null),
    state,
    amount,
    currency,
    interval,
    intervalCount,
    startedAt: date(s.start_date),
    cancelledAt: state === 'cancelled' ? (date(s.ended_at) ?? date(s.canceled_at)) : null,
    nextPaymentAt: state === 'cancelled' || s.cancel_at_period_end ? null : date(next),
  };
}

export interface InvoiceFacts extends PlanRefs {
  invoiceId: string;
  subscriptionId: string | null;
  customerId: string | null;
  amountPaid: number;
  currency: string;
  paidAt: Date | null;
  billingReason: string | null;
  donorEmail: string | null;
  donorName: string | null;
}

export function invoiceFacts(i: Stripe.Invoice): InvoiceFacts {
  const id = idOf(i.id as string);
  if (!id) throw PaymentsError.badEvent('invoice id is missing');
  const details = i.parent?.subscription_details ?? null;
  const paid = i.amount_paid;
  if (paid !== null && paid !== undefined && !(typeof paid === 'number' && Number.isSafeInteger(paid) && paid >= 0))
    throw PaymentsError.badEvent('invoice amount_paid must be a whole, non-negative number of minor units');
  if (typeof i.currency !== 'string' || !/^[a-z]{3}$/i.test(i.currency))
    throw PaymentsError.badEvent('invoice currency must be a three-letter code');
  return {
    ...planRefs(details?.metadata),
    invoiceId: id,
    subscriptionId: details ? idOf(details.subscription as string | { id: string } | null) : null,
    customerId: idOf(i.customer as string | { id: string } | null),
    amountPaid: paid ?? 0,
    currency: i.currency.toLowerCase(),
    paidAt: date(i.status_transitions?.paid_at),
    billingReason: typeof i.billing_reason === 'string' ? i.billing_reason : null,
    donorEmail: clean(i.customer_email, 320),
    donorName: clean(i.customer_name, 200),
  };
}

export interface InvoicePaymentFacts {
  invoiceId: string;
  paid: boolean;
  paymentIntentId: string | null;
  chargeId: string | null;
}

export function invoicePaymentFacts(p: Stripe.InvoicePayment): InvoicePaymentFacts {
  const invoiceId = idOf(p.invoice as string | { id: string } | null);
  if (!invoiceId) throw PaymentsError.badEvent('invoice_payment invoice is missing');
  return {
    invoiceId,
    paid: p.status === 'paid',
    paymentIntentId: idOf((p.payment?.payment_intent ?? null) as string | { id: string } | null),
    chargeId: idOf((p.payment?.charge ?? null) as string | { id: string } | null),
  };
}
