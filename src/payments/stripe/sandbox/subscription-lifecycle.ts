import type Stripe from 'stripe';
import {
  addInterval,
  buildCustomer,
  buildInvoice,
  buildInvoicePayment,
  buildPortalSession,
  buildSubscription,
  currentPeriod,
} from './billing-objects';
import type { EventRequest, EventSink } from './event-sink';
import { invalidRequest, resourceMissing } from './http-util';
import { newId, nowSeconds } from './ids';
import { buildPaymentFor, setPaymentState, type PaymentPair } from './payment-objects';
import type { PaymentRecord } from './payment-record';
import { customerDetails, type CheckoutSpec } from './session-object';
import { TestClocks } from './test-clocks';

/** How the next renewal attempts turn out: `next` fails one attempt (the retry succeeds), `all` fails every retry too. */
export type RenewalFailure = 'next' | 'all';
export const RENEWAL_FAILURES: readonly RenewalFailure[] = ['next', 'all'];

/** Days after a failed attempt when Stripe retries (a simplified Smart Retries); after the last, it cancels. */
const RETRY_AFTER_DAYS = [3, 5, 7];

/** One subscription started through Checkout, and everything billed for it. */
export interface SubscriptionRecord {
  sub: Stripe.Subscription;
  customer: Stripe.Customer;
  session: Stripe.Checkout.Session;
  spec: CheckoutSpec;
  /** Oldest first; each with the payment that (tried to) pay it. */
  invoices: Array<{ invoice: Stripe.Invoice; invoicePayment: Stripe.InvoicePayment; record: PaymentRecord }>;
  failing: RenewalFailure | null;
  /** Periods begun so far; period n ends at billing_cycle_anchor + n intervals (so the 31st stays the 31st where it can). */
  periods: number;
}

/** What the lifecycle needs of the sandbox's ledger: to make a renewal's payment refundable and disputable. */
export interface PaymentRegistry {
  register(rec: PaymentRecord, ids: string[]): void;
}

/**
 * Subscriptions as Stripe Billing runs them for a subscription-mode Checkout Session: a customer,
 * the subscription and its first invoice, paid at once; then one invoice per period as the test
 * clock passes period ends, failed attempts retried and, after the last, the subscription cancelled;
 * cancellation at once (DELETE) or at period end (the portal). Every change sends Stripe's events.
 */
export class SubscriptionLifecycle {
  readonly clocks: TestClocks;
  private readonly subs = new Map<string, SubscriptionRecord>();
  private readonly bySession = new Map<string, SubscriptionRecord>();
  private readonly customers = new Map<string, Stripe.Customer>();
  private readonly invoices = new Map<
    string,
    { invoice: Stripe.Invoice; invoicePayment: Stripe.InvoicePayment; rec: SubscriptionRecord }
  >();
  private readonly portals = new Map<string, Stripe.BillingPortal.Session>();
  private invoiceSequence = 0;

  constructor(
    private readonly registry: PaymentRegistry,
    private readonly emit: EventSink,
  ) {
    this.clocks = new TestClocks(emit);
  }

  // Reads (the API routes and pages).

  subscription(id: string): Stripe.Subscription {
    return this.find(id).sub;
  }

  /** By subscription id or the id of the Checkout Session that started it. */
  find(id: string): SubscriptionRecord {
    const rec = this.subs.get(id) ?? this.bySession.get(id);
    if (!rec) throw resourceMissing('subscription', id, 'subscription');
    return rec;
  }

  forSession(sessionId: string): SubscriptionRecord | undefined {
    return this.bySession.get(sessionId);
  }

  /** Newest first. */
  all(): SubscriptionRecord[] {
    return [...this.subs.values()].reverse();
  }

  customer(id: string): Stripe.Customer {
    const customer = this.customers.get(id);
    if (!customer) throw resourceMissing('customer', id, 'customer');
    return customer;
  }

  invoice(id: string): Stripe.Invoice {
    const found = this.invoices.get(id);
    if (!found) throw resourceMissing('invoice', id, 'invoice');
    return found.invoice;
  }

  /** Newest first, optionally for one subscription or customer. */
  listInvoices(filter: { subscription?: string; customer?: string }): Stripe.Invoice[] {
    return [...this.invoices.values()]
      .filter(
        ({ rec }) =>
          (!filter.subscription || rec.sub.id === filter.subscription) && (!filter.customer || rec.customer.id === filter.customer),
      )
      .map(({ invoice }) => invoice)
      .reverse();
  }

  invoicePayment(id: string): Stripe.InvoicePayment {
    for (const { invoicePayment } of this.invoices.values()) if (invoicePayment.id === id) return invoicePayment;
    throw resourceMissing('invoice_payment', id, 'id');
  }

  /** Newest first, by invoice or by the PaymentIntent that paid it. */
  listInvoicePayments(filter: { invoice?: string; paymentIntent?: string }): Stripe.InvoicePayment[] {
    return [...this.invoices.values()]
      .map(({ invoicePayment }) => invoicePayment)
      .filter(
        (p) =>
          (!filter.invoice || p.invoice === filter.invoice) && (!filter.paymentIntent || p.payment.payment_intent === filter.paymentIntent),
      )
      .reverse();
  }

  portalSession(id: string): Stripe.BillingPortal.Session {
    const portal = this.portals.get(id);
    if (!portal) throw resourceMissing('billing_portal.session', id, 'session');
    return portal;
  }

  /** The customer's subscriptions, newest first, as the portal lists them. */
  subscriptionsOf(customerId: string): SubscriptionRecord[] {
    return this.all().filter((r) => r.customer.id === customerId);
  }

  // Changes.

  /**
   * The donor paid a subscription-mode session: customer, subscription, first invoice and its
   * payment, in the order Stripe sends them, checkout.session.completed last.
   */
  start(rec: PaymentRecord): Stripe.Event[] {
    const { session, spec } = rec;
    const clock = this.clocks.sandboxClock();
    const now = clock.frozen_time;
    const details = customerDetails(session);
    const customer = buildCustomer(details.email ?? 'donor@example.com', details.name ?? 'Sandbox Donor', now, clock.id);
    this.customers.set(customer.id, customer);
    const paymentMethod = newId('pm_');
    const sub = buildSubscription({ spec, customer: customer.id, paymentMethod, now, testClock: clock.id });
    const srec: SubscriptionRecord = { sub, customer, session, spec, invoices: [], failing: null, periods: 1 };
    this.subs.set(sub.id, srec);
    this.bySession.set(session.id, srec);
    const events = [this.emit('customer.created', customer), this.emit('customer.subscription.created', sub)];
    const period = currentPeriod(sub);
    events.push(...this.bill(srec, 'subscription_create', { start: now, end: now }, period, now, rec));
    Object.assign(session, {
      status: 'complete',
      payment_status: 'paid',
      customer: customer.id,
      subscription: sub.id,
      invoice: sub.latest_invoice as string,
      url: null,
      customer_details: details,
    } satisfies Partial<Stripe.Checkout.Session>);
    events.push(this.emit('checkout.session.completed', session));
    return events;
  }

  /** Makes the next renewal attempts of a subscription fail (`next`: one attempt; `all`: until Stripe gives up). */
  failRenewals(id: string, how: RenewalFailure = 'next'): Stripe.Event[] {
    const rec = this.find(id);
    if (!RENEWAL_FAILURES.includes(how)) throw invalidRequest(`attempts must be one of ${RENEWAL_FAILURES.join(', ')}.`, 'attempts');
    this.requireLive(rec);
    rec.failing = how;
    return [];
  }

  /** Pays a past-due subscription's open invoice now, as when the donor fixes their card. */
  retryNow(id: string): Stripe.Event[] {
    const rec = this.find(id);
    const open = this.openInvoice(rec);
    if (!open || rec.sub.status !== 'past_due')
      throw invalidRequest(`Subscription ${rec.sub.id} has no unpaid invoice to retry.`, 'subscription');
    rec.failing = null;
    return this.attempt(rec, open, this.now(rec));
  }

  /** Cancels at once (customer.subscription.deleted) or at the end of the paid period (updated now, deleted then). */
  cancel(
    id: string,
    opts: {
      atPeriodEnd?: boolean;
      reason?: Stripe.Subscription.CancellationDetails.Reason;
      request?: EventRequest;
      comment?: string | null;
    } = {},
  ): Stripe.Event[] {
    const rec = this.find(id);
    this.requireLive(rec);
    const { sub } = rec;
    const now = this.now(rec);
    const reason = opts.reason ?? 'cancellation_requested';
    if (opts.atPeriodEnd) {
      if (sub.cancel_at_period_end) return [];
      const previous: Partial<Stripe.Subscription> = {
        cancel_at: sub.cancel_at,
        cancel_at_period_end: false,
        canceled_at: sub.canceled_at,
        cancellation_details: structuredClone(sub.cancellation_details),
      };
      Object.assign(sub, {
        cancel_at: currentPeriod(sub).end,
        cancel_at_period_end: true,
        canceled_at: now,
        cancellation_details: { comment: opts.comment ?? null, feedback: null, feedback_option: null, reason },
      } satisfies Partial<Stripe.Subscription>);
      return [this.emit('customer.subscription.updated', sub, { request: opts.request, previous })];
    }
    return this.end(rec, now, reason, opts.request, opts.comment ?? null);
  }

  /** Undoes a cancellation at period end (the portal's "Renew plan"). */
  renew(id: string): Stripe.Event[] {
    const rec = this.find(id);
    this.requireLive(rec);
    const { sub } = rec;
    if (!sub.cancel_at_period_end) throw invalidRequest(`Subscription ${sub.id} is not set to cancel.`, 'subscription');
    const previous: Partial<Stripe.Subscription> = {
      cancel_at: sub.cancel_at,
      cancel_at_period_end: true,
      canceled_at: sub.canceled_at,
      cancellation_details: structuredClone(sub.cancellation_details),
    };
    Object.assign(sub, {
      cancel_at: null,
      cancel_at_period_end: false,
      canceled_at: null,
      cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    } satisfies Partial<Stripe.Subscription>);
    return [this.emit('customer.subscription.updated', sub, { previous })];
  }

  createPortalSession(
    customerId: string,
    returnUrl: string | null,
    publicUrl: string,
    locale: string | null = null,
  ): Stripe.BillingPortal.Session {
    this.customer(customerId);
    const portal = buildPortalSession(customerId, returnUrl, publicUrl, nowSeconds(), locale);
    this.portals.set(portal.id, portal);
    return portal;
  }

  /** The latest time a clock may advance to: two intervals of its shortest live subscription (Stripe's rule). */
  maxAdvanceTo(clockId: string, from: number): number | null {
    const limits = this.onClock(clockId).map((r) => addInterval(from, r.spec.subscription!.recurring, 2));
    return limits.length ? Math.min(...limits) : null;
  }

  /**
   * Advances the sandbox's own clock by whole months; the events it caused. Each advance keeps to
   * Stripe's two-interval limit, so a month takes several steps when a weekly or daily plan is on the clock.
   */
  advanceMonths(months: number): Stripe.Event[] {
    if (!Number.isSafeInteger(months) || months < 1 || months > 24)
      throw invalidRequest('months must be an integer from 1 to 24.', 'months');
    const clock = this.clocks.sandboxClock();
    const target = addInterval(clock.frozen_time, { interval: 'month', interval_count: 1 }, months);
    const events: Stripe.Event[] = [];
    while (clock.frozen_time < target) {
      const limit = this.maxAdvanceTo(clock.id, clock.frozen_time) ?? target;
      const step = Math.min(target, limit, addInterval(clock.frozen_time, { interval: 'month', interval_count: 1 }));
      events.push(...this.advanceClock(clock.id, step).events);
    }
    return events;
  }

  advanceClock(clockId: string, frozenTime: number): { clock: Stripe.TestHelpers.TestClock; events: Stripe.Event[] } {
    const clock = this.clocks.get(clockId);
    return this.clocks.advance(clockId, frozenTime, (to) => this.runUntil(clockId, to), this.maxAdvanceTo(clockId, clock.frozen_time));
  }

  private onClock(clockId: string): SubscriptionRecord[] {
    return [...this.subs.values()].filter((r) => r.sub.test_clock === clockId && isLive(r.sub));
  }

  /** Runs every due step on the clock's subscriptions up to `to`, earliest first. */
  private runUntil(clockId: string, to: number): Stripe.Event[] {
    const events: Stripe.Event[] = [];
    // Each step moves a subscription's next due time forward, so this ends; the cap is a backstop.
    for (let guard = 0; guard < 10_000; guard++) {
      const due = this.onClock(clockId)
        .map((rec) => ({ rec, at: this.nextDue(rec) }))
        .filter((d) => d.at <= to)
        .sort((a, b) => a.at - b.at)[0];
      if (!due) return events;
      events.push(...this.runStep(due.rec, due.at));
    }
    throw new Error('test clock advance did not settle');
  }

  private nextDue(rec: SubscriptionRecord): number {
    const open = this.openInvoice(rec);
    if (rec.sub.status === 'past_due' && open?.invoice.next_payment_attempt) return open.invoice.next_payment_attempt;
    return currentPeriod(rec.sub).end;
  }

  private runStep(rec: SubscriptionRecord, at: number): Stripe.Event[] {
    const { sub } = rec;
    const open = this.openInvoice(rec);
    if (sub.status === 'past_due' && open?.invoice.next_payment_attempt === at) return this.attempt(rec, open, at);
    if (sub.cancel_at_period_end) {
      return this.end(
        rec,
        at,
        sub.cancellation_details?.reason ?? 'cancellation_requested',
        undefined,
        sub.cancellation_details?.comment ?? null,
      );
    }
    return this.cycle(rec, at);
  }

  /** A period ends: the subscription moves on to the next one and bills it. */
  private cycle(rec: SubscriptionRecord, at: number): Stripe.Event[] {
    const { sub } = rec;
    const old = currentPeriod(sub);
    rec.periods += 1;
    const next = { start: old.end, end: addInterval(sub.billing_cycle_anchor, rec.spec.subscription!.recurring, rec.periods) };
    const previous: Partial<Stripe.Subscription> = { items: structuredClone(sub.items), latest_invoice: sub.latest_invoice };
    for (const item of sub.items.data) Object.assign(item, { current_period_start: next.start, current_period_end: next.end });
    const invoice = buildInvoice({ sub, customer: rec.customer, reason: 'subscription_cycle', period: old, linePeriod: next, now: at });
    sub.latest_invoice = invoice.id;
    const events = [this.emit('customer.subscription.updated', sub, { previous })];
    events.push(...this.bill(rec, 'subscription_cycle', old, next, at, undefined, invoice));
    return events;
  }

  /** Creates (unless given), finalises and attempts to pay one invoice of the subscription. */
  private bill(
    rec: SubscriptionRecord,
    reason: 'subscription_create' | 'subscription_cycle',
    period: { start: number; end: number },
    linePeriod: { start: number; end: number },
    at: number,
    sessionRecord?: PaymentRecord,
    made?: Stripe.Invoice,
  ): Stripe.Event[] {
    const { sub } = rec;
    const invoice = made ?? buildInvoice({ sub, customer: rec.customer, reason, period, linePeriod, now: at });
    sub.latest_invoice = invoice.id;
    const events = [this.emit('invoice.created', invoice)];
    Object.assign(invoice, {
      status: 'open',
      number: `${rec.customer.invoice_prefix}-${String(++this.invoiceSequence).padStart(4, '0')}`,
      effective_at: at,
      automatically_finalizes_at: null,
      status_transitions: { ...invoice.status_transitions, finalized_at: at },
    } satisfies Partial<Stripe.Invoice>);
    rec.customer.next_invoice_sequence = (rec.customer.next_invoice_sequence ?? 1) + 1;
    events.push(this.emit('invoice.finalized', invoice));
    const payment = buildPaymentFor({
      amount: invoice.amount_due,
      currency: invoice.currency,
      metadata: {},
      description: reason === 'subscription_create' ? 'Subscription creation' : 'Subscription update',
      email: rec.customer.email,
      customer: rec.customer.id,
      paymentMethod: sub.default_payment_method as string,
      created: at,
      kind: 'card',
    });
    // The first invoice's payment is the session's own; each renewal's is a record of its own.
    const record: PaymentRecord = sessionRecord ?? { session: rec.session, spec: rec.spec, refunds: [] };
    record.payment = payment;
    record.invoice = invoice;
    this.registry.register(record, [payment.intent.id, payment.charge.id]);
    const invoicePayment = buildInvoicePayment(invoice, payment.intent.id, at);
    const entry = { invoice, invoicePayment, record };
    rec.invoices.push(entry);
    this.invoices.set(invoice.id, { invoice, invoicePayment, rec });
    // The first invoice is paid by the donor on the page; renewals are charged off-session.
    if (reason === 'subscription_create') {
      this.markPaid(entry, at);
      return [...events, ...this.paidEvents(entry)];
    }
    return [...events, ...this.attempt(rec, entry, at, true)];
  }

  /** One payment attempt of an open invoice, failing as the organiser asked. */
  private attempt(rec: SubscriptionRecord, entry: SubscriptionRecord['invoices'][number], at: number, first = false): Stripe.Event[] {
    const { invoice } = entry;
    const payment = entry.record.payment!;
    if (!first) this.newCharge(payment, at);
    const fail = rec.failing !== null;
    if (rec.failing === 'next') rec.failing = null;
    if (!fail) {
      setPaymentState(payment, 'succeeded');
      const events: Stripe.Event[] = [];
      const wasPastDue = rec.sub.status === 'past_due';
      this.markPaid(entry, at);
      events.push(...this.paidEvents(entry));
      if (wasPastDue) {
        rec.sub.status = 'active';
        events.push(this.emit('customer.subscription.updated', rec.sub, { previous: { status: 'past_due' } }));
      }
      return events;
    }
    setPaymentState(payment, 'failed');
    this.registry.register(entry.record, [payment.charge.id]);
    const attempts = invoice.attempt_count + 1;
    const retryIn = RETRY_AFTER_DAYS[attempts - 1];
    Object.assign(invoice, {
      attempted: true,
      attempt_count: attempts,
      next_payment_attempt: retryIn === undefined ? null : at + retryIn * 86_400,
    } satisfies Partial<Stripe.Invoice>);
    const events = [this.emit('invoice.payment_failed', invoice)];
    if (retryIn === undefined) return [...events, ...this.end(rec, at, 'payment_failed', undefined, null)];
    if (rec.sub.status === 'active') {
      rec.sub.status = 'past_due';
      events.push(this.emit('customer.subscription.updated', rec.sub, { previous: { status: 'active' } }));
    }
    return events;
  }

  /** A retry charges the same PaymentIntent again: a new charge, now its latest. */
  private newCharge(payment: PaymentPair, at: number): void {
    const charge = structuredClone(payment.charge);
    Object.assign(charge, { id: newId('ch_3'), created: at, amount_refunded: 0, refunded: false, disputed: false });
    payment.charge = charge;
    payment.intent.latest_charge = charge.id;
  }

  private markPaid(entry: SubscriptionRecord['invoices'][number], at: number): void {
    const { invoice, invoicePayment } = entry;
    Object.assign(invoice, {
      status: 'paid',
      amount_paid: invoice.amount_due,
      amount_remaining: 0,
      attempted: true,
      attempt_count: invoice.attempt_count + 1,
      next_payment_attempt: null,
      status_transitions: { ...invoice.status_transitions, paid_at: at },
    } satisfies Partial<Stripe.Invoice>);
    Object.assign(invoicePayment, {
      status: 'paid',
      amount_paid: invoice.amount_due,
      status_transitions: { ...invoicePayment.status_transitions, paid_at: at },
    } satisfies Partial<Stripe.InvoicePayment>);
    this.registry.register(entry.record, [entry.record.payment!.charge.id]);
  }

  private paidEvents(entry: SubscriptionRecord['invoices'][number]): Stripe.Event[] {
    return [
      this.emit('invoice.paid', entry.invoice),
      this.emit('invoice.payment_succeeded', entry.invoice),
      this.emit('invoice_payment.paid', entry.invoicePayment),
    ];
  }

  private end(
    rec: SubscriptionRecord,
    at: number,
    reason: Stripe.Subscription.CancellationDetails.Reason,
    request: EventRequest | undefined,
    comment: string | null,
  ): Stripe.Event[] {
    Object.assign(rec.sub, {
      status: 'canceled',
      canceled_at: rec.sub.canceled_at ?? at,
      ended_at: at,
      cancel_at: rec.sub.cancel_at_period_end ? rec.sub.cancel_at : null,
      cancellation_details: { comment, feedback: null, feedback_option: null, reason },
    } satisfies Partial<Stripe.Subscription>);
    return [this.emit('customer.subscription.deleted', rec.sub, { request })];
  }

  private openInvoice(rec: SubscriptionRecord): SubscriptionRecord['invoices'][number] | undefined {
    return rec.invoices.find((e) => e.invoice.status === 'open');
  }

  private requireLive(rec: SubscriptionRecord): void {
    if (!isLive(rec.sub)) throw invalidRequest(`Subscription ${rec.sub.id} is ${rec.sub.status}; it can no longer change.`, 'subscription');
  }

  private now(rec: SubscriptionRecord): number {
    return rec.sub.test_clock ? this.clocks.get(rec.sub.test_clock as string).frozen_time : nowSeconds();
  }
}

function isLive(sub: Stripe.Subscription): boolean {
  return sub.status === 'active' || sub.status === 'past_due';
}
