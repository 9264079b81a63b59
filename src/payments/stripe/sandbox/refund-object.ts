import type Stripe from 'stripe';
import { newId, nowSeconds } from './ids';

export function buildRefund(charge: Stripe.Charge, amount: number, status: 'succeeded' | 'pending'): Stripe.Refund {
  const method = charge.payment_method_details?.type ?? 'card';
  return {
    id: newId('re_3'),
    object: 'refund',
    created: nowSeconds(),
    amount,
    currency: charge.currency,
    charge: charge.id,
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    // A refund moves money off the balance as soon as it is made, pending or not.
    balance_transaction: newId('txn_3'),
    status,
    metadata: {},
    reason: 'requested_by_customer',
    receipt_number: null,
    source_transfer_reversal: null,
    transfer_reversal: null,
    customer: null,
    customer_account: null,
    destination_details:
      method === 'card'
        ? {
            type: 'card',
            card: {
              type: 'refund',
              reference_status: status === 'succeeded' ? 'available' : 'pending',
              reference_type: 'acquirer_reference_number',
              reference: newId('', 23),
            },
          }
        : { type: method },
    ...(status === 'pending' ? { pending_reason: 'processing' as const } : {}),
    ...(charge.presentment_details ? { presentment_details: { ...charge.presentment_details, presentment_amount: amount } } : {}),
  } satisfies Stripe.Refund;
}
