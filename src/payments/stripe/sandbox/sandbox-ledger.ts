import type Stripe from 'stripe';
import type { ParamTree } from './form-params';
import { invalidRequest, resourceMissing } from './http-util';
import {
  buildBalanceTransaction, buildDispute, buildPayment, buildRefund, buildSession,
  setPaymentState, withCustomerDetails, type CheckoutSpec, type EventRequest, type PaymentPair,
} from './objects';
import { parseCreateSession } from './session-params';

export type PayOutcome = 'paid' | 'declined' | 'delayed';
export type SettleOutcome = 'succeeded' | 'failed';
export type DisputeStage = 'funds_withdrawn' | 'funds_reinstated';

/** Creates, stores and (if enabled) delivers one event; owned by the StripeSandbox facade. */
export type EventSink = (
  type: string,
  object: object,
  opts?: { request?: EventRequest; previous?: Record<string, unknown> },
) => Stripe.Event;

interface SessionRecord {
  session: Stripe.Checkout.Session;
  spec: CheckoutSpec;
  payment?: PaymentPair;
  refunds: Stripe.Refund[];
  dispute?: Stripe.Dispute;
}

/**
 * The sandbox's account state and the state machine of a donation. Events are emitted here, at the
 * moment the state changes, so API routes, the payment page and test controls behave identically.
 */
export class SandboxLedger {
  private readonly sessions = new Map<string, SessionRecord>();
  // Refunds and disputes are addressed by PaymentIntent or charge id as well as by session id.
  private readonly byPaymentId = new Map<string, SessionRecord>();

  constructor(private readonly emit: EventSink) {}

  createSession(params: ParamTree, publicUrl: string): Stripe.Checkout.Session {
    const spec = parseCreateSession(params);
    const session = buildSession(spec, publicUrl);
    this.sessions.set(session.id, { session, spec, refunds: [] });
    return session;
  }

  session(id: string): Stripe.Checkout.Session {
    return this.sessionRecord(id).session;
  }

  /** Line item names, for the payment page. */
  productNames(id: string): string[] {
    return this.sessionRecord(id).spec.productNames;
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

  /** All refunds, newest first, optionally for one charge or PaymentIntent. */
  refunds(filter?: string): Stripe.Refund[] {
    const all = [...this.sessions.values()].flatMap((r) => r.refunds);
    const picked = filter ? all.filter((r) => r.charge === filter || r.payment_intent === filter) : all;
    return picked.sort((a, b) => b.created - a.created);
  }

  pay(id: string, outcome: PayOutcome): Stripe.Event[] {
    const rec = this.sessionRecord(id);
    const s = rec.session;
    if (s.status !== 'open') throw invalidRequest(`Checkout Session ${id} is ${s.status}; only open sessions can be paid.`, 'session');
    // A decline leaves the session open for another attempt and sends no Checkout event.
    if (outcome === 'declined') return [];
    if (outcome !== 'paid' && outcome !== 'delayed') throw invalidRequest(`Unknown outcome: ${String(outcome)}`, 'outcome');
    const payment = buildPayment(s, rec.spec, outcome === 'delayed');
    rec.payment = payment;
    this.byPaymentId.set(payment.intent.id, rec).set(payment.charge.id, rec);
    Object.assign(s, {
      status: 'complete',
      payment_status: outcome === 'paid' ? 'paid' : 'unpaid',
      payment_intent: payment.intent.id,
      url: null, // Stripe clears the URL once the session is no longer usable
      customer_details: withCustomerDetails(s),
    });
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
    return [this.emit(`checkout.session.async_payment_${outcome}`, rec.session)];
  }

  expire(id: string, request?: EventRequest): Stripe.Event[] {
    const s = this.session(id);
    if (s.status !== 'open') {
      throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired. This session is ${s.status}.`, 'session');
    }
    Object.assign(s, { status: 'expired', url: null });
    return [this.emit('checkout.session.expired', s, { request })];
  }

  refund(id: string, amount: number): Stripe.Event[] {
    const charge = this.settledCharge(id);
    if (!Number.isSafeInteger(amount) || amount < 1) throw invalidRequest('Refund amount must be a positive integer.', 'amount');
    const remaining = charge.amount - charge.amount_refunded;
    if (amount > remaining) {
      throw invalidRequest(
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, 'amount', 'amount_too_large');
    }
    const previous: Record<string, unknown> = { amount_refunded: charge.amount_refunded };
    charge.amount_refunded += amount;
    if (charge.amount_refunded === charge.amount) {
      charge.refunded = true;
      previous.refunded = false;
    }
    // Refunds are not embedded in charges at this API version; they are listed via GET /v1/refunds.
    this.findRecord(id).refunds.push(buildRefund(charge, amount));
    return [this.emit('charge.refunded', charge, { previous })];
  }

  dispute(id: string, stage: DisputeStage): Stripe.Event[] {
    const rec = this.findRecord(id);
    const charge = this.settledCharge(id);
    if (stage === 'funds_withdrawn') {
      if (rec.dispute) throw invalidRequest(`Charge ${charge.id} has already been disputed.`, 'charge', 'charge_disputed');
      const disputable = charge.amount - charge.amount_refunded;
      if (disputable === 0) throw invalidRequest(`Charge ${charge.id} is fully refunded and cannot be disputed.`, 'charge');
      const dispute = buildDispute(charge, disputable);
      dispute.balance_transactions.push(buildBalanceTransaction(-dispute.amount, dispute.currency, 'dispute'));
      rec.dispute = dispute;
      charge.disputed = true;
      return [this.emit('charge.dispute.funds_withdrawn', dispute)];
    }
    if (stage !== 'funds_reinstated') throw invalidRequest(`Unknown stage: ${String(stage)}`, 'stage');
    const dispute = rec.dispute;
    if (!dispute || dispute.status !== 'needs_response') {
      throw invalidRequest(`Charge ${charge.id} has no dispute with withdrawn funds.`, 'charge');
    }
    dispute.status = 'won';
    dispute.balance_transactions.push(buildBalanceTransaction(dispute.amount, dispute.currency, 'dispute_reversal'));
    return [this.emit('charge.dispute.funds_reinstated', dispute)];
  }

  private sessionRecord(id: string): SessionRecord {
    const rec = this.sessions.get(id);
    if (!rec) throw resourceMissing('checkout.session', id, 'session');
    return rec;
  }

  /** Accepts a session, PaymentIntent or charge id, as the test controls do. */
  private findRecord(id: string): SessionRecord {
    const rec = this.sessions.get(id) ?? this.byPaymentId.get(id);
    if (!rec) throw resourceMissing('checkout.session or payment', id, 'id');
    return rec;
  }

  private settledCharge(id: string): Stripe.Charge {
    const charge = this.findRecord(id).payment?.charge;
    if (!charge || charge.status !== 'succeeded') {
      throw invalidRequest(`No succeeded charge for ${id}; pay (and settle) the session first.`, 'charge');
    }
    return charge;
  }
}
