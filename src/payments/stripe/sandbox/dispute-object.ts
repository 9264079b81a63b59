import type Stripe from 'stripe';
import { newId, nowSeconds } from './ids';

/** `chargeback`: funds are withdrawn at once. `inquiry`: a card-network question; no money moves. */
export type DisputeKind = 'chargeback' | 'inquiry';

const NO_EVIDENCE: Stripe.Dispute.Evidence = {
  access_activity_log: null,
  billing_address: null,
  cancellation_policy: null,
  cancellation_policy_disclosure: null,
  cancellation_rebuttal: null,
  customer_communication: null,
  customer_email_address: null,
  customer_name: null,
  customer_purchase_ip: null,
  customer_signature: null,
  duplicate_charge_documentation: null,
  duplicate_charge_explanation: null,
  duplicate_charge_id: null,
  product_description: null,
  receipt: null,
  refund_policy: null,
  refund_policy_disclosure: null,
  refund_refusal_explanation: null,
  service_date: null,
  service_documentation: null,
  shipping_address: null,
  shipping_carrier: null,
  shipping_date: null,
  shipping_documentation: null,
  shipping_tracking_number: null,
  uncategorized_file: null,
  uncategorized_text: null,
  enhanced_evidence: {},
};

export function buildDispute(charge: Stripe.Charge, amount: number, kind: DisputeKind): Stripe.Dispute {
  const inquiry = kind === 'inquiry';
  const card = charge.payment_method_details?.card;
  return {
    id: newId('dp_1'),
    object: 'dispute',
    created: nowSeconds(),
    livemode: false,
    amount,
    currency: charge.currency,
    charge: charge.id,
    payment_intent: charge.payment_intent,
    metadata: {},
    // An inquiry (warning_*) keeps the charge refundable; a chargeback has already taken the money.
    status: inquiry ? 'warning_needs_response' : 'needs_response',
    reason: inquiry ? 'general' : 'fraudulent',
    is_charge_refundable: inquiry,
    balance_transactions: [],
    enhanced_eligibility_types: [],
    evidence: { ...NO_EVIDENCE },
    intended_submission_method: null,
    network_reason_code: inquiry ? null : '10.4',
    evidence_details: {
      due_by: nowSeconds() + 7 * 24 * 3600,
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: 'not_submitted',
      enhanced_eligibility: {},
    },
    ...(card
      ? {
          payment_method_details: {
            type: 'card' as const,
            card: {
              brand: card.brand ?? 'visa',
              network: card.network ?? 'visa',
              case_type: kind,
              network_reason_code: inquiry ? null : '10.4',
            },
          },
        }
      : {}),
  } satisfies Stripe.Dispute;
}

/** What a dispute moved: the withdrawal (negative) or the reinstatement of the same amount. */
export function buildBalanceTransaction(
  dispute: Stripe.Dispute,
  amount: number,
  category: 'dispute' | 'dispute_reversal',
): Stripe.BalanceTransaction {
  const now = nowSeconds();
  return {
    id: newId('txn_1'),
    object: 'balance_transaction',
    amount,
    net: amount,
    fee: 0,
    fee_details: [],
    currency: dispute.currency,
    exchange_rate: null,
    created: now,
    available_on: now,
    status: 'available',
    balance_type: 'payments',
    type: 'adjustment',
    reporting_category: category,
    source: dispute.id,
    description:
      category === 'dispute' ? `Chargeback withdrawal for ${String(dispute.charge)}` : `Chargeback reversal for ${String(dispute.charge)}`,
  } satisfies Stripe.BalanceTransaction;
}
