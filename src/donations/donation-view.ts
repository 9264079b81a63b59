import { CLOSED_DISPUTE_STATUSES, Dispute } from './dispute.entity';
import { Donation, isCounted, netOf } from './donation.entity';
import { refundCounts } from './lifecycle';
import { GiftVoid } from './gift-void.entity';
import { Refund } from './refund.entity';
import { ReviewResolution } from './review-resolution.entity';
import { supporterId } from './supporters';

/** The organiser's view of one gift, donor details included. Never served publicly. */
export interface DonationView {
  id: string;
  amount: number;
  currency: string;
  status: string;
  source: string;
  counted: boolean;
  refunded: number;
  disputed: number;
  net: number;
  donorName: string | null;
  donorEmail: string | null;
  anonymous: boolean;
  message: string | null;
  /** The supporters wall shows this gift's name and message (chosen by its donor, not hidden). */
  public: boolean;
  /** An organiser hid the name and message from the wall. */
  hidden: boolean;
  /** The gift's `id` on the public supporters wall. */
  supporterId: string;
  /** ISO 3166-1 alpha-2 of the payment, when known. */
  country: string | null;
  note: string | null;
  reference: string | null;
  originalAmount: number | null;
  originalCurrency: string | null;
  recordedBy: string | null;
  reviewReason: string | null;
  stripePaymentIntentId: string | null;
  /** A monthly gift's payment: its plan and the Stripe invoice it paid. */
  planId: string | null;
  stripeInvoiceId: string | null;
  receivedAt: string | null;
  succeededAt: string | null;
  createdAt: string;
  /** Each refund with its own status; `counts` is false for failed and canceled ones. */
  refunds: RefundView[];
  /** Each dispute or inquiry in its latest state; `outcome` once it is closed. */
  disputes: DisputeView[];
  /** The adjustment that voided this offline gift (status `voided`), with why, who and when. */
  void: VoidView | null;
  /** How a payment held for review was resolved (assigned to an appeal, or refunded), by whom and when. */
  resolution: ResolutionView | null;
}

export interface VoidView {
  amount: number;
  currency: string;
  reason: string;
  by: string;
  at: string;
}

export interface ResolutionView {
  action: 'assign' | 'refund';
  /** assign: the amount counted, in the appeal's currency. */
  amount: number | null;
  currency: string | null;
  stripeRefundId: string | null;
  by: string;
  at: string;
}

export interface RefundView {
  id: string;
  amount: number;
  currency: string;
  status: string;
  counts: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface DisputeView {
  id: string;
  amount: number;
  currency: string;
  status: string;
  reason: string | null;
  inquiry: boolean;
  /** Funds withdrawn and not reinstated, in the dispute's currency. */
  withdrawn: number;
  closed: boolean;
  outcome: 'won' | 'lost' | 'closed_without_chargeback' | null;
  closedAt: string | null;
  updatedAt: string;
}

export interface Lifecycle {
  refunds?: Refund[];
  disputes?: Dispute[];
  void?: GiftVoid | null;
  resolution?: ReviewResolution | null;
}

export function toDonationView(d: Donation, lifecycle: Lifecycle = {}): DonationView {
  return {
    id: d.id,
    amount: d.amount,
    currency: d.currency,
    status: d.status,
    source: d.source,
    counted: isCounted(d),
    refunded: d.refunded,
    disputed: d.disputed,
    net: netOf(d),
    donorName: d.donorName,
    donorEmail: d.donorEmail,
    anonymous: d.anonymous,
    message: d.message,
    public: d.public && !d.hidden && !d.anonymous,
    hidden: d.hidden,
    supporterId: supporterId(d.id),
    country: d.country,
    note: d.note,
    reference: d.offlineReference,
    originalAmount: d.originalAmount,
    originalCurrency: d.originalCurrency,
    recordedBy: d.recordedBy,
    reviewReason: d.reviewReason,
    stripePaymentIntentId: d.stripePaymentIntentId,
    planId: d.planId ?? null,
    stripeInvoiceId: d.stripeInvoiceId ?? null,
    receivedAt: d.receivedAt?.toISOString() ?? null,
    succeededAt: d.succeededAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    refunds: (lifecycle.refunds ?? []).map((r) => ({
      id: r.stripeRefundId,
      amount: r.amount,
      currency: r.currency,
      status: r.status,
      counts: refundCounts(r.status),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    })),
    disputes: (lifecycle.disputes ?? []).map(toDisputeView),
    void: lifecycle.void ? toVoidView(lifecycle.void) : null,
    resolution: lifecycle.resolution ? toResolutionView(lifecycle.resolution) : null,
  };
}

export function toVoidView(v: GiftVoid): VoidView {
  return { amount: v.amount, currency: v.currency, reason: v.reason, by: v.voidedBy, at: v.createdAt.toISOString() };
}

export function toResolutionView(r: ReviewResolution): ResolutionView {
  return {
    action: r.action,
    amount: r.amount,
    currency: r.currency,
    stripeRefundId: r.stripeRefundId,
    by: r.resolvedBy,
    at: r.createdAt.toISOString(),
  };
}

function toDisputeView(x: Dispute): DisputeView {
  const closed = CLOSED_DISPUTE_STATUSES.includes(x.status);
  return {
    id: x.stripeDisputeId,
    amount: x.amount,
    currency: x.currency,
    status: x.status,
    reason: x.reason,
    inquiry: x.status.startsWith('warning_'),
    withdrawn: x.withdrawn,
    closed,
    outcome: x.status === 'won' || x.status === 'lost' ? x.status : x.status === 'warning_closed' ? 'closed_without_chargeback' : null,
    closedAt: x.closedAt?.toISOString() ?? null,
    updatedAt: x.updatedAt.toISOString(),
  };
}
