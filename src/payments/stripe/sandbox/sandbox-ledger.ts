import type Stripe from 'stripe';
import { DisputeLifecycle } from './dispute-lifecycle';
import type { EventRequest, EventSink } from './event-sink';
import type { ParamTree } from './form-params';
import { invalidRequest, resourceMissing } from './http-util';
import { buildPayment, setPaymentState } from './payment-objects';
import { delayedMethod } from './payment-methods';
import { RefundLifecycle } from './refund-lifecycle';
import { buildSession, customerDetails } from './session-object';
import { parseCreateSession } from './session-params';
import type { PaymentRecord, PaymentRecords } from './payment-record';
import { SubscriptionLifecycle, type PaymentRegistry } from './subscription-lifecycle';

export type { PaymentRecord } from './payment-record';

export type PayOutcome = 'paid' | 'declined' | 'delayed';
export type SettleOutcome = 'succeeded' | 'failed';

/** One Checkout Session and everything that happened to its payment. */
/**
 * The sandbox's account state and the state machine of a donation. Events are emitted here, at the
 * moment the state changes, so API routes, the payment page and test controls behave identically.
 * Refunds and disputes have their own lifecycles (refund-lifecycle.ts, dispute-lifecycle.ts).
 */
export class SandboxLedger implements PaymentRecords, PaymentRegistry {
  readonly refunds: RefundLifecycle;
  readonly disputes: DisputeLifecycle;
  readonly billing: SubscriptionLifecycle;
  private readonly sessions = new Map<string, PaymentRecord>();
  // Refunds and disputes are addressed by PaymentIntent or charge id as well as by session id.
  private readonly byPaymentId = new Map<string, PaymentRecord>();
  // Renewals' payments: records of their own, reached by payment id (their session is the first one's).
  private readonly renewals = new Set<PaymentRecord>();

  constructor(private readonly emit: EventSink) {
    this.refunds = new RefundLifecycle(this, emit);
    this.disputes = new DisputeLifecycle(this, emit);
    this.billing = new SubscriptionLifecycle(this, emit);
  }

  /** Makes a subscription's payment findable by its PaymentIntent and charge ids. */
  register(rec: PaymentRecord, ids: string[]): void {
    for (const id of ids) this.byPaymentId.set(id, rec);
    if (this.sessions.get(rec.session.id) !== rec) this.renewals.add(rec);
  }

  createSession(params: ParamTree, publicUrl: string): Stripe.Checkout.Session {
    const spec = parseCreateSession(params);
    const session = buildSession(spec, publicUrl);
    this.sessions.set(session.id, { session, spec, refunds: [] });
    return session;
  }

  session(id: string): Stripe.Checkout.Session {
    return this.sessionRecord(id).session;
  }

  /** Every session, newest first. */
  allSessions(): PaymentRecord[] {
    return [...this.sessions.values()].reverse();
  }

  sessionRecord(id: string): PaymentRecord {
    const rec = this.sessions.get(id);
    if (!rec) throw resourceMissing('checkout.session', id, 'session');
    return rec;
  }

  paymentIntent(id: string): Stripe.PaymentIntent {
    const rec = this.byPaymentId.get(id);
    if (!rec?.payment || rec.payment.intent.id !== id) throw resourceMissing('payment_intent', id, 'intent');
    return rec.payment.intent;
  }

  charge(id: string): Stripe.Charge {
    const rec = this.byPaymentId.get(id);
    if (!rec?.payment || rec.payment.charge.id !== id) throw resourceMissing('charge', id, 'charge');
    return rec.payment.charge;
  }

  /** Accepts a session, PaymentIntent or charge id, as the test controls do. */
  findRecord(id: string): PaymentRecord {
    const rec = this.sessions.get(id) ?? this.byPaymentId.get(id);
    if (!rec) throw resourceMissing('checkout.session or payment', id, 'id');
    return rec;
  }

  /** All records, renewals' included, for the refund and dispute lookups by their own ids. */
  *records(): IterableIterator<PaymentRecord> {
    yield* this.sessions.values();
    yield* this.renewals;
  }

  settledCharge(id: string): Stripe.Charge {
    const charge = this.findRecord(id).payment?.charge;
    if (!charge || charge.status !== 'succeeded') {
      throw invalidRequest(`No succeeded charge for ${id}; pay (and settle) the session first.`, 'charge');
    }
    return charge;
  }

  pay(id: string, outcome: PayOutcome): Stripe.Event[] {
    const rec = this.sessionRecord(id);
    const s = rec.session;
    if (s.status !== 'open') throw invalidRequest(`Checkout Session ${id} is ${s.status}; only open sessions can be paid.`, 'session');
    // A decline leaves the session open for another attempt and sends no Checkout event.
    if (outcome === 'declined') return [];
    if (outcome !== 'paid' && outcome !== 'delayed') throw invalidRequest(`Unknown outcome: ${String(outcome)}`, 'outcome');
    if (rec.spec.mode === 'subscription') {
      if (outcome === 'delayed') throw invalidRequest('The sandbox emulates delayed payments in payment mode only.', 'outcome');
      return this.billing.start(rec);
    }
    if (outcome === 'delayed' && !delayedMethod(rec.spec.currency)) {
      throw invalidRequest(`The sandbox offers no delayed payment method in ${rec.spec.currency}.`, 'outcome');
    }
    const payment = buildPayment(s, rec.spec, outcome === 'paid' ? 'card' : 'delayed');
    rec.payment = payment;
    this.byPaymentId.set(payment.intent.id, rec).set(payment.charge.id, rec);
    Object.assign(s, {
      status: 'complete',
      payment_status: outcome === 'paid' ? 'paid' : 'unpaid',
      payment_intent: payment.intent.id,
      url: null, // Stripe clears the URL once the session is no longer usable
      customer_details: customerDetails(s),
    } satisfies Partial<Stripe.Checkout.Session>);
    return [this.emit('checkout.session.completed', s)];
  }

  settle(id: string, outcome: SettleOutcome): Stripe.Event[] {
    const rec = this.findRecord(id);
    const payment = rec.payment;
    if (!payment || payment.intent.status !== 'processing') {
      throw invalidRequest(`Checkout Session ${rec.session.id} has no delayed payment awaiting settlement.`, 'session');
    }
    if (outcome !== 'succeeded' && outcome !== 'failed') throw invalidRequest(`Unknown outcome: ${String(outcome)}`, 'outcome');
    setPaymentState(payment, outcome);
    // After a failed bank debit the session stays `unpaid`, as on Stripe.
    if (outcome === 'succeeded') rec.session.payment_status = 'paid';
    const type = outcome === 'succeeded' ? 'checkout.session.async_payment_succeeded' : 'checkout.session.async_payment_failed';
    return [this.emit(type, rec.session)];
  }

  expire(id: string, request?: EventRequest): Stripe.Event[] {
    const s = this.session(id);
    if (s.status !== 'open') {
      throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired. This session is ${s.status}.`, 'session');
    }
    Object.assign(s, { status: 'expired', url: null } satisfies Partial<Stripe.Checkout.Session>);
    return [this.emit('checkout.session.expired', s, { request })];
  }
}
