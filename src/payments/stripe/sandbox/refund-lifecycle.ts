import type Stripe from 'stripe';
import type { EventRequest, EventSink } from './event-sink';
import { invalidRequest, resourceMissing } from './http-util';
import { newId } from './ids';
import { buildRefund } from './refund-object';
import type { PaymentRecord, PaymentRecords } from './payment-record';

export interface RefundOptions {
  /** A refund still on its way to the donor's bank, which can be cancelled or fail. */
  pending?: boolean;
  request?: EventRequest;
}

/**
 * Refunds as Stripe runs them: the charge's `amount_refunded` counts every refund that has not
 * failed or been cancelled, so it goes back down when one does; refunds are not embedded in
 * charges at the pinned API version and are read through /v1/refunds.
 */
export class RefundLifecycle {
  // Every refund in creation order: `created` has one-second resolution, too coarse to sort by.
  private readonly made: Stripe.Refund[] = [];

  constructor(
    private readonly ledger: PaymentRecords,
    private readonly emit: EventSink,
  ) {}

  /** Newest first, optionally for one charge or PaymentIntent. */
  list(filter?: string): Stripe.Refund[] {
    const newestFirst = [...this.made].reverse();
    return filter ? newestFirst.filter((r) => r.charge === filter || r.payment_intent === filter) : newestFirst;
  }

  get(id: string): Stripe.Refund {
    return this.find(id).refund;
  }

  /** refund.created, charge.refunded (cumulative amount_refunded), charge.refund.updated. */
  create(paymentId: string, amount: number | undefined, opts: RefundOptions = {}): Stripe.Event[] {
    const rec = this.ledger.findRecord(paymentId);
    const charge = this.ledger.settledCharge(paymentId);
    if (rec.dispute && !rec.dispute.is_charge_refundable) {
      throw invalidRequest(`Charge ${charge.id} has been charged back; it cannot be refunded.`, 'charge', 'charge_disputed');
    }
    const remaining = charge.amount - charge.amount_refunded;
    const value = amount ?? remaining;
    if (!Number.isSafeInteger(value) || value < 1) throw invalidRequest('Refund amount must be a positive integer.', 'amount');
    if (remaining === 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, 'charge', 'charge_already_refunded');
    if (value > remaining) {
      throw invalidRequest(
        `Refund amount (${value}) is greater than unrefunded amount on charge (${remaining})`,
        'amount',
        'amount_too_large',
      );
    }
    const refund = buildRefund(charge, value, opts.pending ? 'pending' : 'succeeded');
    rec.refunds.push(refund);
    this.made.push(refund);
    const previous = this.moveRefunded(charge, value);
    return [
      this.emit('refund.created', refund, { request: opts.request }),
      this.emit('charge.refunded', charge, { request: opts.request, previous }),
      this.emit('charge.refund.updated', refund, { request: opts.request }),
    ];
  }

  /** The bank returned the refund: the money is back on the balance and no longer refunded. */
  fail(refundId: string): Stripe.Event[] {
    const { refund, charge } = this.find(refundId);
    if (refund.status !== 'succeeded' && refund.status !== 'pending') {
      throw invalidRequest(`Refund ${refund.id} is ${refund.status}; only succeeded or pending refunds can fail.`, 'refund');
    }
    const previous: Partial<Stripe.Refund> = { status: refund.status };
    Object.assign(refund, {
      status: 'failed',
      failure_reason: 'expired_or_canceled_card',
      failure_balance_transaction: newId('txn_3'),
    } satisfies Partial<Stripe.Refund>);
    delete refund.pending_reason;
    this.moveRefunded(charge, -refund.amount);
    return [
      this.emit('refund.updated', refund, { previous }),
      this.emit('refund.failed', refund),
      this.emit('charge.refund.updated', refund, { previous }),
    ];
  }

  /** Only a refund that has not reached the bank yet can be cancelled. */
  cancel(refundId: string, request?: EventRequest): Stripe.Event[] {
    const { refund, charge } = this.find(refundId);
    if (refund.status !== 'pending' && refund.status !== 'requires_action') {
      throw invalidRequest(`Refund ${refund.id} is ${refund.status}; only pending refunds can be cancelled.`, 'refund');
    }
    const previous: Partial<Stripe.Refund> = { status: refund.status };
    refund.status = 'canceled';
    delete refund.pending_reason;
    this.moveRefunded(charge, -refund.amount);
    return [this.emit('refund.updated', refund, { request, previous }), this.emit('charge.refund.updated', refund, { request, previous })];
  }

  /** Changes amount_refunded (and the `refunded` flag) and says what they were before. */
  private moveRefunded(charge: Stripe.Charge, delta: number): Partial<Stripe.Charge> {
    const previous: Partial<Stripe.Charge> = { amount_refunded: charge.amount_refunded };
    charge.amount_refunded += delta;
    const refunded = charge.amount_refunded === charge.amount;
    if (refunded !== charge.refunded) previous.refunded = charge.refunded;
    charge.refunded = refunded;
    return previous;
  }

  private find(refundId: string): { refund: Stripe.Refund; charge: Stripe.Charge; rec: PaymentRecord } {
    for (const rec of this.ledger.records()) {
      const refund = rec.refunds.find((r) => r.id === refundId);
      if (refund && rec.payment) return { refund, charge: rec.payment.charge, rec };
    }
    throw resourceMissing('refund', refundId, 'refund');
  }
}
