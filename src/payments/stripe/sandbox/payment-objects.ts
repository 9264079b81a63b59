import type Stripe from 'stripe';
import { newId, nowSeconds } from './ids';
import { methodDetails, offeredMethods, type MethodKind } from './payment-methods';
import type { CheckoutSpec } from './session-object';
import { EMPTY_ADDRESS } from './session-object';

export type PaymentState = 'succeeded' | 'processing' | 'failed';
const PI_STATUS: Record<PaymentState, Stripe.PaymentIntent.Status> = {
  succeeded: 'succeeded',
  processing: 'processing',
  failed: 'requires_payment_method',
};
const CHARGE_STATUS: Record<PaymentState, Stripe.Charge.Status> = {
  succeeded: 'succeeded',
  processing: 'pending',
  failed: 'failed',
};

/** The payment created when the donor submits the page; bank debits start out `processing`. */
export interface PaymentPair {
  intent: Stripe.PaymentIntent;
  charge: Stripe.Charge;
}

export function buildPayment(session: Stripe.Checkout.Session, spec: CheckoutSpec, kind: MethodKind): PaymentPair {
  // Like real Stripe: only payment_intent_data[metadata] reaches the PaymentIntent and charge, so a
  // service that forgets to send it finds charge.* events unattributable here too.
  return buildPaymentFor({
    amount: spec.amount,
    currency: spec.currency,
    metadata: { ...(spec.paymentMetadata ?? {}) },
    description: spec.description,
    email: session.customer_email,
    customer: null,
    paymentMethod: newId('pm_'),
    created: nowSeconds(),
    kind,
  });
}

/** What one payment is for, whoever asks for it (a Checkout Session, or an invoice of a subscription). */
export interface PaymentInput {
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  description: string | null;
  email: string | null;
  customer: string | null;
  paymentMethod: string;
  created: number;
  kind: MethodKind;
}

export function buildPaymentFor(input: PaymentInput): PaymentPair {
  const { amount, currency, metadata, paymentMethod, created, kind } = input;
  const presentment_details = { presentment_amount: amount, presentment_currency: currency };
  const intentId = newId('pi_3');
  const intent: Stripe.PaymentIntent = {
    id: intentId,
    object: 'payment_intent',
    created,
    livemode: false,
    amount,
    currency,
    metadata,
    description: input.description,
    receipt_email: input.email,
    presentment_details,
    amount_capturable: 0,
    amount_received: 0,
    status: 'processing',
    allowed_payment_method_types: null,
    excluded_payment_method_types: null,
    payment_method_types: offeredMethods(currency),
    payment_method: paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: {},
    automatic_payment_methods: null,
    capture_method: 'automatic',
    confirmation_method: 'automatic',
    client_secret: `${intentId}_secret_${newId('', 25)}`,
    canceled_at: null,
    cancellation_reason: null,
    last_payment_error: null,
    next_action: null,
    processing: null,
    latest_charge: null,
    // Checkout payments are not recorded through the Payment Records API.
    payment_record: null,
    // No Connect: the donation stays on the platform account.
    application: null,
    application_fee_amount: null,
    on_behalf_of: null,
    transfer_data: null,
    transfer_group: null,
    customer: input.customer,
    customer_account: null,
    review: null,
    // Saved for the renewals when a subscription pays with it.
    setup_future_usage: input.customer ? 'off_session' : null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    managed_payments: { enabled: false },
  };
  const charge: Stripe.Charge = {
    id: newId('ch_3'),
    object: 'charge',
    created,
    livemode: false,
    amount,
    currency,
    metadata: { ...metadata },
    description: input.description,
    payment_intent: intentId,
    payment_method: paymentMethod,
    payment_method_details: methodDetails(currency, kind),
    presentment_details,
    balance_transaction: null,
    receipt_email: input.email,
    receipt_number: null,
    receipt_url: null,
    billing_details: { address: { ...EMPTY_ADDRESS }, email: input.email, name: 'Sandbox Donor', phone: null, tax_id: null },
    amount_captured: 0,
    amount_refunded: 0,
    refunded: false,
    disputed: false,
    captured: false,
    paid: false,
    status: 'pending',
    calculated_statement_descriptor: 'SANDBOX* DONATION',
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    outcome: null,
    // No Connect: no fees, transfers or on-behalf-of accounts.
    application: null,
    application_fee: null,
    application_fee_amount: null,
    on_behalf_of: null,
    source_transfer: null,
    transfer_data: null,
    transfer_group: null,
    customer: input.customer,
    review: null,
    shipping: null,
    source: null,
  };
  intent.latest_charge = charge.id;
  const pair: PaymentPair = { intent, charge };
  setPaymentState(pair, kind === 'delayed' ? 'processing' : 'succeeded');
  return pair;
}

/** Moves a payment between states, keeping intent and charge consistent with each other. */
export function setPaymentState(p: PaymentPair, state: PaymentState): void {
  const done = state === 'succeeded';
  p.intent.status = PI_STATUS[state];
  p.intent.amount_received = done ? p.intent.amount : 0;
  // `processing` details exist only for card payments; a pending bank debit reports null.
  p.intent.processing = null;
  p.intent.last_payment_error = state === 'failed' ? lastPaymentError(p.charge) : null;
  Object.assign(p.charge, {
    status: CHARGE_STATUS[state],
    paid: done,
    captured: done,
    amount_captured: done ? p.charge.amount : 0,
    // Stripe records the money on the balance once the charge succeeds.
    balance_transaction: done ? newId('txn_3') : null,
    failure_code: state === 'failed' ? 'insufficient_funds' : null,
    failure_message: state === 'failed' ? 'The account has insufficient funds to cover this payment.' : null,
    outcome: outcome(state),
  } satisfies Partial<Stripe.Charge>);
}

function lastPaymentError(charge: Stripe.Charge): Stripe.PaymentIntent.LastPaymentError {
  return {
    type: 'card_error',
    code: 'insufficient_funds',
    charge: charge.id,
    decline_code: 'insufficient_funds',
    message: 'The account has insufficient funds to cover this payment.',
  };
}

function outcome(state: PaymentState): Stripe.Charge.Outcome {
  const failed = state === 'failed';
  return {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: failed ? 'declined_by_network' : 'approved_by_network',
    reason: failed ? 'insufficient_funds' : null,
    risk_level: 'normal',
    seller_message: failed ? 'The bank returned the payment.' : 'Payment complete.',
    type: failed ? 'issuer_declined' : 'authorized',
  } satisfies Stripe.Charge.Outcome;
}
