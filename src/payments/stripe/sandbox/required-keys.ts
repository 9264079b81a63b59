import type Stripe from 'stripe';

/**
 * The keys each SDK type marks required (not `?`), as typed records: the compiler refuses a record
 * that misses one or names one the type does not have, so these lists follow the pinned SDK on
 * every upgrade instead of drifting. The spec checks served objects against them at run time,
 * after the JSON round trip, where a cast or an `undefined` would have lost a key.
 */
export type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type KeyRecord<T> = Record<RequiredKeys<T>, true>;

export const SESSION_KEYS: KeyRecord<Stripe.Checkout.Session> = {
  id: true, object: true, adaptive_pricing: true, after_expiration: true, allow_promotion_codes: true,
  allowed_payment_method_types: true, amount_subtotal: true, amount_total: true, automatic_tax: true,
  billing_address_collection: true, cancel_url: true, client_reference_id: true, client_secret: true,
  collected_information: true, consent: true, consent_collection: true, created: true, currency: true,
  currency_conversion: true, custom_fields: true, custom_text: true, customer: true, customer_account: true,
  customer_creation: true, customer_details: true, customer_email: true, discounts: true, expires_at: true,
  integration_identifier: true, invoice: true, invoice_creation: true, livemode: true, locale: true,
  managed_payments: true, metadata: true, mode: true, origin_context: true, payment_intent: true,
  payment_link: true, payment_method_collection: true, payment_method_configuration_details: true,
  payment_method_options: true, payment_method_types: true, payment_status: true, permissions: true,
  recovered_from: true, saved_payment_method_options: true, setup_intent: true, shipping_address_collection:
  true, shipping_cost: true, shipping_options: true, status: true, submit_type: true, subscription: true,
  success_url: true, total_details: true, ui_mode: true, url: true, wallet_options: true,
};

export const PAYMENT_INTENT_KEYS: KeyRecord<Stripe.PaymentIntent> = {
  id: true, object: true, allowed_payment_method_types: true, amount: true, amount_capturable: true,
  amount_received: true, application: true, application_fee_amount: true, automatic_payment_methods: true,
  canceled_at: true, cancellation_reason: true, capture_method: true, client_secret: true,
  confirmation_method: true, created: true, currency: true, customer: true, customer_account: true,
  description: true, excluded_payment_method_types: true, last_payment_error: true, latest_charge: true,
  livemode: true, managed_payments: true, metadata: true, next_action: true, on_behalf_of: true,
  payment_method: true, payment_method_configuration_details: true, payment_method_options: true,
  payment_method_types: true, payment_record: true, processing: true, receipt_email: true, review: true,
  setup_future_usage: true, shipping: true, source: true, statement_descriptor: true,
  statement_descriptor_suffix: true, status: true, transfer_group: true,
};

export const CHARGE_KEYS: KeyRecord<Stripe.Charge> = {
  id: true, object: true, amount: true, amount_captured: true, amount_refunded: true, application: true,
  application_fee: true, application_fee_amount: true, balance_transaction: true, billing_details: true,
  calculated_statement_descriptor: true, captured: true, created: true, currency: true, customer: true,
  description: true, disputed: true, failure_balance_transaction: true, failure_code: true, failure_message:
  true, fraud_details: true, livemode: true, metadata: true, on_behalf_of: true, outcome: true, paid: true,
  payment_intent: true, payment_method: true, payment_method_details: true, receipt_email: true,
  receipt_number: true, receipt_url: true, refunded: true, review: true, shipping: true, source: true,
  source_transfer: true, statement_descriptor: true, statement_descriptor_suffix: true, status: true,
  transfer_data: true, transfer_group: true,
};

export const REFUND_KEYS: KeyRecord<Stripe.Refund> = {
  id: true, object: true, amount: true, balance_transaction: true, charge: true, created: true, currency:
  true, customer: true, customer_account: true, metadata: true, payment_intent: true, payment_method: true,
  reason: true, receipt_number: true, source_transfer_reversal: true, status: true, transfer_reversal: true,
};

export const DISPUTE_KEYS: KeyRecord<Stripe.Dispute> = {
  id: true, object: true, amount: true, balance_transactions: true, charge: true, created: true, currency:
  true, enhanced_eligibility_types: true, evidence: true, evidence_details: true, intended_submission_method:
  true, is_charge_refundable: true, livemode: true, metadata: true, payment_intent: true, reason: true,
  status: true,
};

export const BALANCE_TRANSACTION_KEYS: KeyRecord<Stripe.BalanceTransaction> = {
  id: true, object: true, amount: true, available_on: true, balance_type: true, created: true, currency: true,
  description: true, exchange_rate: true, fee: true, fee_details: true, net: true, reporting_category: true,
  source: true, status: true, type: true,
};

// Every event shares EventBase; charge.refunded stands for all of them.
export const EVENT_KEYS: KeyRecord<Stripe.ChargeRefundedEvent> = {
  type: true, data: true, id: true, object: true, api_version: true, created: true, livemode: true,
  pending_webhooks: true, request: true,
};


/** The keys of `required` missing from a (JSON-decoded) object. */
export function missingKeys(object: unknown, required: Record<string, true>): string[] {
  const present = object && typeof object === 'object' ? object : {};
  return Object.keys(required).filter((k) => !Object.hasOwn(present, k));
}
