import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import fixtureFile from './fixtures.json';

// Every object starts as a deep clone of Stripe's published example, so consumers see all keys a
// real object carries; only the fields the sandbox models (or that would mislead) are overwritten.

/** The API version the installed SDK pins; events claim it, like an endpoint created for that SDK. */
export const API_VERSION: string = Stripe.API_VERSION;

type FixtureName = keyof typeof fixtureFile.resources;

function fromFixture<T>(name: FixtureName): T {
  return structuredClone(fixtureFile.resources[name]) as unknown as T;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random Stripe-looking id; tests must never rely on ids being predictable. */
export function newId(prefix: string, length = 24): string {
  let out = prefix;
  for (const byte of randomBytes(length)) out += BASE62[byte % 62];
  return out;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** What a validated create request asked for. */
export interface CheckoutSpec {
  amount: number;
  currency: string;
  /** Line item names, shown on the payment page. */
  productNames: string[];
  /** payment_intent_data[description]; Checkout leaves the payment's description empty otherwise. */
  description: string | null;
  metadata: Record<string, string>;
  /** payment_intent_data[metadata] if sent; what real Stripe copies onto the PaymentIntent and charge. */
  paymentMetadata: Record<string, string> | null;
  clientReferenceId: string | null;
  customerEmail: string | null;
  successUrl: string;
  cancelUrl: string;
  expiresAt: number | null;
}

export function buildSession(spec: CheckoutSpec, publicUrl: string): Stripe.Checkout.Session {
  const s = fromFixture<Stripe.Checkout.Session>('checkout.session');
  const created = nowSeconds();
  s.id = newId('cs_test_a1', 56);
  Object.assign(s, {
    created,
    expires_at: spec.expiresAt ?? created + 24 * 3600, // Stripe's default lifetime
    mode: 'payment', status: 'open', payment_status: 'unpaid', payment_intent: null, livemode: false,
    amount_subtotal: spec.amount, amount_total: spec.amount, currency: spec.currency,
    metadata: { ...spec.metadata },
    client_reference_id: spec.clientReferenceId, customer_email: spec.customerEmail,
    success_url: spec.successUrl, cancel_url: spec.cancelUrl,
    url: `${publicUrl}/pay/${s.id}`,
    // Real sessions have no customer details until the donor has paid.
    customer_details: null, collected_information: null, customer: null,
    // The sandbox does no FX, so the donor is presented the charge currency and amount.
    presentment_details: { presentment_amount: spec.amount, presentment_currency: spec.currency },
    currency_conversion: null,
    // Fixture placeholders that would read as real money or features on a donation session.
    after_expiration: null, shipping_cost: null, shipping_address_collection: null, shipping_options: [],
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    ui_mode: 'hosted', managed_payments: { enabled: false },
  });
  s.invoice_creation = s.invoice_creation && { ...s.invoice_creation, enabled: false };
  return s;
}

/** Fills the customer details Checkout collects on the payment page. */
export function withCustomerDetails(session: Stripe.Checkout.Session): Stripe.Checkout.Session['customer_details'] {
  const details = fromFixture<Stripe.Checkout.Session>('checkout.session').customer_details;
  if (!details) return null;
  return { ...details, email: session.customer_email ?? 'donor@example.com', name: 'Sandbox Donor' };
}

export type PaymentState = 'succeeded' | 'processing' | 'failed';
const PI_STATUS: Record<PaymentState, Stripe.PaymentIntent.Status> = {
  succeeded: 'succeeded', processing: 'processing', failed: 'requires_payment_method',
};
const CHARGE_STATUS: Record<PaymentState, Stripe.Charge.Status> = {
  succeeded: 'succeeded', processing: 'pending', failed: 'failed',
};

/** The payment created when the donor submits the page; bank debits start out `processing`. */
export interface PaymentPair { intent: Stripe.PaymentIntent; charge: Stripe.Charge }

export function buildPayment(session: Stripe.Checkout.Session, spec: CheckoutSpec, bankDebit: boolean): PaymentPair {
  const intent = fromFixture<Stripe.PaymentIntent>('payment_intent');
  const charge = fromFixture<Stripe.Charge>('charge');
  const amount = spec.amount;
  const currency = spec.currency;
  // Like real Stripe: only payment_intent_data[metadata] reaches the PaymentIntent and charge, so a
  // service that forgets to send it finds charge.* events unattributable here too.
  const metadata = { ...(spec.paymentMetadata ?? {}) };
  const presentment = { presentment_amount: amount, presentment_currency: currency };
  const paymentMethod = newId('pm_');
  Object.assign(intent, {
    id: newId('pi_3'), created: nowSeconds(), amount, currency, metadata, description: spec.description,
    client_secret: null, canceled_at: null, last_payment_error: null, next_action: null, processing: null,
    transfer_data: null, payment_method: paymentMethod, presentment_details: presentment,
    receipt_email: session.customer_email, managed_payments: { enabled: false },
    payment_method_types: [bankDebit ? 'sepa_debit' : 'card'],
  });
  intent.client_secret = `${intent.id}_secret_${newId('', 25)}`;
  Object.assign(charge, {
    id: newId('ch_3'), created: nowSeconds(), amount, currency, metadata, description: spec.description,
    payment_intent: intent.id, payment_method: paymentMethod, balance_transaction: newId('txn_3'),
    presentment_details: presentment, receipt_email: session.customer_email, receipt_url: null,
    billing_details: { ...charge.billing_details, email: session.customer_email, name: 'Sandbox Donor' },
    source: null, shipping: null, amount_refunded: 0, refunded: false, disputed: false,
  });
  // The pinned API version no longer embeds refunds in charges.
  delete charge.refunds;
  if (bankDebit) charge.payment_method_details = sepaDetails();
  intent.latest_charge = charge.id;
  setPaymentState({ intent, charge }, bankDebit ? 'processing' : 'succeeded');
  return { intent, charge };
}

function sepaDetails(): Stripe.Charge.PaymentMethodDetails {
  const sepa = { bank_code: '37040044', branch_code: null, country: 'DE', fingerprint: newId('', 16), last4: '3000', mandate: null };
  return { type: 'sepa_debit', sepa_debit: sepa } as unknown as Stripe.Charge.PaymentMethodDetails;
}

/** Moves a payment between states, keeping intent and charge consistent with each other. */
export function setPaymentState(p: PaymentPair, state: PaymentState): void {
  const done = state === 'succeeded';
  p.intent.status = PI_STATUS[state];
  p.intent.amount_received = done ? p.intent.amount : 0;
  // `processing` details exist only for card payments; a pending bank debit reports null.
  p.intent.processing = null;
  Object.assign(p.charge, {
    status: CHARGE_STATUS[state], paid: done, captured: done, amount_captured: done ? p.charge.amount : 0,
    failure_code: state === 'failed' ? 'insufficient_funds' : null,
    failure_message: state === 'failed' ? 'The account has insufficient funds to cover this payment.' : null,
    outcome: outcome(state),
  });
}

function outcome(state: PaymentState): Stripe.Charge.Outcome {
  const failed = state === 'failed';
  return {
    advice_code: null, network_advice_code: null, network_decline_code: null,
    network_status: failed ? 'declined_by_network' : 'approved_by_network',
    reason: failed ? 'insufficient_funds' : null, risk_level: 'normal',
    seller_message: failed ? 'The bank returned the payment.' : 'Payment complete.',
    type: failed ? 'issuer_declined' : 'authorized',
  } as Stripe.Charge.Outcome;
}

export function buildRefund(charge: Stripe.Charge, amount: number): Stripe.Refund {
  const r = fromFixture<Stripe.Refund>('refund');
  Object.assign(r, {
    id: newId('re_3'), created: nowSeconds(), amount, currency: charge.currency, charge: charge.id,
    payment_intent: charge.payment_intent, payment_method: charge.payment_method,
    balance_transaction: newId('txn_3'), status: 'succeeded', metadata: {}, reason: null,
  });
  return r;
}

/** Minimal balance transaction: what a dispute moved, enough to reconcile funds. */
export function buildBalanceTransaction(amount: number, currency: string, category: string): Stripe.BalanceTransaction {
  const id = newId('txn_');
  return {
    id, object: 'balance_transaction', amount, net: amount, fee: 0, fee_details: [], currency,
    created: nowSeconds(), available_on: nowSeconds(), status: 'available', type: 'adjustment',
    reporting_category: category, description: `Sandbox ${category}`, source: null,
  } as unknown as Stripe.BalanceTransaction;
}

export function buildDispute(charge: Stripe.Charge, amount: number): Stripe.Dispute {
  const d = fromFixture<Stripe.Dispute>('dispute');
  Object.assign(d, {
    id: newId('dp_1'), created: nowSeconds(), amount, currency: charge.currency, charge: charge.id,
    payment_intent: charge.payment_intent, status: 'needs_response', reason: 'fraudulent',
    is_charge_refundable: false, balance_transactions: [], metadata: {},
  });
  d.evidence_details = { ...d.evidence_details, due_by: nowSeconds() + 7 * 24 * 3600 };
  return d;
}

export interface EventRequest { id: string | null; idempotency_key: string | null }

export function buildEvent(
  type: string,
  object: object,
  request: EventRequest,
  previousAttributes?: Record<string, unknown>,
): Stripe.Event {
  const e = fromFixture<Record<string, unknown>>('event');
  const data: Record<string, unknown> = { object: structuredClone(object) };
  if (previousAttributes) data.previous_attributes = previousAttributes;
  Object.assign(e, {
    id: newId('evt_1'), object: 'event', api_version: API_VERSION, created: nowSeconds(), data,
    livemode: false, pending_webhooks: 1, request: { ...request }, type,
  });
  return e as unknown as Stripe.Event;
}
