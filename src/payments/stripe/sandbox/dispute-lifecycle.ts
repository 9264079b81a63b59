import type Stripe from 'stripe';
import { buildBalanceTransaction, buildDispute } from './dispute-object';
import type { EventSink } from './event-sink';
import { invalidRequest, resourceMissing } from './http-util';
import type { PaymentRecord, PaymentRecords } from './payment-record';

/**
 * open: a chargeback, funds withdrawn at once; won: funds reinstated and closed; lost: closed, the
 * money stays withdrawn. inquiry: a question from the card network (no money moves) that is then
 * closed. submit_evidence: the merchant answers either (charge.dispute.updated, `*under_review`).
 * `funds_withdrawn` and `funds_reinstated` are the older names of open and won.
 */
export const DISPUTE_STAGES = [
  'open',
  'submit_evidence',
  'won',
  'lost',
  'inquiry',
  'close_inquiry',
  'funds_withdrawn',
  'funds_reinstated',
] as const;
export type DisputeStage = (typeof DISPUTE_STAGES)[number];

const OPEN_CHARGEBACK = new Set<Stripe.Dispute.Status>(['needs_response', 'under_review']);
const OPEN_INQUIRY = new Set<Stripe.Dispute.Status>(['warning_needs_response', 'warning_under_review']);
const NEEDS_RESPONSE = new Set<Stripe.Dispute.Status>(['needs_response', 'warning_needs_response']);

export class DisputeLifecycle {
  constructor(
    private readonly ledger: PaymentRecords,
    private readonly emit: EventSink,
  ) {}

  get(id: string): Stripe.Dispute {
    for (const rec of this.ledger.records()) if (rec.dispute?.id === id) return rec.dispute;
    throw resourceMissing('dispute', id, 'dispute');
  }

  /** Newest first. */
  list(): Stripe.Dispute[] {
    return [...this.ledger.records()].flatMap((r) => (r.dispute ? [r.dispute] : [])).sort((a, b) => b.created - a.created);
  }

  advance(paymentId: string, stage: DisputeStage): Stripe.Event[] {
    const rec = this.ledger.findRecord(paymentId);
    switch (stage) {
      case 'open':
      case 'funds_withdrawn':
        return this.open(rec, paymentId, 'chargeback');
      case 'inquiry':
        return this.open(rec, paymentId, 'inquiry');
      case 'submit_evidence':
        return this.submitEvidence(this.current(rec, NEEDS_RESPONSE, 'dispute awaiting evidence'));
      case 'won':
      case 'funds_reinstated':
        return this.win(this.current(rec, OPEN_CHARGEBACK, 'open chargeback'));
      case 'lost':
        return this.close(this.current(rec, OPEN_CHARGEBACK, 'open chargeback'), 'lost');
      case 'close_inquiry':
        return this.close(this.current(rec, OPEN_INQUIRY, 'open inquiry'), 'warning_closed');
      default:
        throw invalidRequest(`Unknown dispute stage: ${String(stage)}; use one of ${DISPUTE_STAGES.join(', ')}.`, 'stage');
    }
  }

  private open(rec: PaymentRecord, paymentId: string, kind: 'chargeback' | 'inquiry'): Stripe.Event[] {
    const charge = this.ledger.settledCharge(paymentId);
    if (rec.dispute) throw invalidRequest(`Charge ${charge.id} has already been disputed.`, 'charge', 'charge_disputed');
    const disputable = charge.amount - charge.amount_refunded;
    if (disputable === 0) throw invalidRequest(`Charge ${charge.id} is fully refunded and cannot be disputed.`, 'charge');
    const dispute = buildDispute(charge, disputable, kind);
    rec.dispute = dispute;
    charge.disputed = true;
    if (kind === 'inquiry') return [this.emit('charge.dispute.created', dispute)];
    // A chargeback takes the money at once, so the dispute is created with its withdrawal.
    dispute.balance_transactions.push(buildBalanceTransaction(dispute, -dispute.amount, 'dispute'));
    return [this.emit('charge.dispute.created', dispute), this.emit('charge.dispute.funds_withdrawn', dispute)];
  }

  private submitEvidence(dispute: Stripe.Dispute): Stripe.Event[] {
    const previous: Partial<Stripe.Dispute> = { status: dispute.status, evidence_details: structuredClone(dispute.evidence_details) };
    dispute.status = dispute.status === 'needs_response' ? 'under_review' : 'warning_under_review';
    dispute.evidence.uncategorized_text = 'Submitted from the Stripe sandbox.';
    Object.assign(dispute.evidence_details, { has_evidence: true, submission_count: 1, submission_method: 'manual' });
    return [this.emit('charge.dispute.updated', dispute, { previous })];
  }

  private win(dispute: Stripe.Dispute): Stripe.Event[] {
    const previous: Partial<Stripe.Dispute> = { status: dispute.status };
    dispute.status = 'won';
    dispute.balance_transactions.push(buildBalanceTransaction(dispute, dispute.amount, 'dispute_reversal'));
    return [this.emit('charge.dispute.funds_reinstated', dispute), this.emit('charge.dispute.closed', dispute, { previous })];
  }

  private close(dispute: Stripe.Dispute, status: 'lost' | 'warning_closed'): Stripe.Event[] {
    const previous: Partial<Stripe.Dispute> = { status: dispute.status };
    dispute.status = status;
    // A closed inquiry never became a chargeback: the charge may be refunded as before.
    dispute.is_charge_refundable = status === 'warning_closed';
    return [this.emit('charge.dispute.closed', dispute, { previous })];
  }

  private current(rec: PaymentRecord, allowed: Set<Stripe.Dispute.Status>, what: string): Stripe.Dispute {
    const dispute = rec.dispute;
    if (!dispute || !allowed.has(dispute.status)) {
      const state = dispute ? `its dispute is ${dispute.status}` : 'it has no dispute';
      throw invalidRequest(`${rec.session.id} has no ${what}: ${state}.`, 'stage');
    }
    return dispute;
  }
}
