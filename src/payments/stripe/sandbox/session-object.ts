import type Stripe from 'stripe';
import { newId, nowSeconds } from './ids';
import { offeredMethods } from './payment-methods';

// Every object the sandbox serves is a literal checked with `satisfies` against the SDK's own
// type for the pinned API version (generated from Stripe's spec), so a field the version adds or
// renames fails the type check here instead of surprising a consumer. Values follow Stripe's
// published example (fixtures.json) wherever the sandbox does not model the field.

/** A price's billing period: `recurring` of price_data, as Stripe echoes it on prices and plans. */
export interface Recurring {
  interval: 'day' | 'week' | 'month' | 'year';
  interval_count: number;
}

/** One validated line item with inline price_data. */
export interface LineSpec {
  currency: string;
  unitAmount: number;
  quantity: number;
  name: string;
  recurring: Recurring | null;
}

/** What a validated create request asked for. */
export interface CheckoutSpec {
  mode: 'payment' | 'subscription';
  /** Total of the line items; in subscription mode, what each invoice charges. */
  amount: number;
  currency: string;
  /** Line item names, shown on the payment page. */
  productNames: string[];
  lineItems: LineSpec[];
  /** payment_intent_data[description]; Checkout leaves the payment's description empty otherwise. */
  description: string | null;
  metadata: Record<string, string>;
  /** payment_intent_data[metadata] if sent; what real Stripe copies onto the PaymentIntent and charge. */
  paymentMetadata: Record<string, string> | null;
  /** Subscription mode only: the billing period and subscription_data. */
  subscription: { recurring: Recurring; metadata: Record<string, string>; description: string | null } | null;
  clientReferenceId: string | null;
  customerEmail: string | null;
  successUrl: string;
  cancelUrl: string;
  expiresAt: number | null;
  submitType: Stripe.Checkout.Session.SubmitType | null;
  /** The hosted page's language, as the request set it (null: Stripe's 'auto'). */
  locale?: Stripe.Checkout.Session.Locale | null;
}

const EMPTY_ADDRESS: Stripe.Address = { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };

export function buildSession(spec: CheckoutSpec, publicUrl: string): Stripe.Checkout.Session {
  const subscription = spec.mode === 'subscription';
  const id = newId(subscription ? 'cs_test_b1' : 'cs_test_a1', 56);
  const created = nowSeconds();
  return {
    id,
    object: 'checkout.session',
    created,
    livemode: false,
    expires_at: spec.expiresAt ?? created + 24 * 3600, // Stripe's default lifetime
    mode: spec.mode,
    status: 'open',
    payment_status: 'unpaid',
    payment_intent: null,
    amount_subtotal: spec.amount,
    amount_total: spec.amount,
    currency: spec.currency,
    metadata: { ...spec.metadata },
    client_reference_id: spec.clientReferenceId,
    customer_email: spec.customerEmail,
    success_url: spec.successUrl,
    cancel_url: spec.cancelUrl,
    url: `${publicUrl}/pay/${id}`,
    ui_mode: 'hosted_page',
    submit_type: spec.submitType,
    locale: spec.locale ?? null,
    // The methods the hosted page offers; the PaymentIntent lists the same, its charge the one used.
    payment_method_types: offeredMethods(spec.currency),
    // Only set when the request restricts methods by `allowed_payment_method_types`.
    allowed_payment_method_types: null,
    // Subscription mode always collects a method, to charge the renewals with.
    payment_method_collection: subscription ? 'always' : null,
    payment_method_options: {},
    payment_method_configuration_details: null,
    // Real sessions have no customer details until the donor has paid.
    customer: null,
    customer_account: null,
    // Set in payment mode only; subscription mode always creates a customer.
    customer_creation: subscription ? null : 'if_required',
    customer_details: null,
    collected_information: null,
    // The sandbox does no FX, so the donor is presented the charge currency and amount.
    presentment_details: { presentment_amount: spec.amount, presentment_currency: spec.currency },
    currency_conversion: null,
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: null,
    discounts: [],
    recovered_from: null,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    consent: null,
    consent_collection: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    invoice: null,
    // Post-purchase invoices are a payment-mode feature; subscriptions invoice anyway.
    invoice_creation: subscription
      ? null
      : {
          enabled: false,
          invoice_data: {
            account_tax_ids: null,
            custom_fields: null,
            description: null,
            footer: null,
            issuer: null,
            metadata: {},
            rendering_options: null,
          },
        },
    payment_link: null,
    phone_number_collection: { enabled: false },
    saved_payment_method_options: null,
    setup_intent: null,
    subscription: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    permissions: null,
    wallet_options: null,
    origin_context: null,
    integration_identifier: null,
    client_secret: null,
    managed_payments: { enabled: false },
  } satisfies Stripe.Checkout.Session;
}

/** The customer details Checkout collects on the payment page. */
export function customerDetails(session: Stripe.Checkout.Session): Stripe.Checkout.Session.CustomerDetails {
  return {
    address: { ...EMPTY_ADDRESS },
    email: session.customer_email ?? 'donor@example.com',
    name: 'Sandbox Donor',
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
    business_name: null,
    individual_name: null,
  } satisfies Stripe.Checkout.Session.CustomerDetails;
}

export { EMPTY_ADDRESS };

/** Checkout replaces the literal {CHECKOUT_SESSION_ID} template in success_url. */
export function successRedirect(session: Stripe.Checkout.Session): string {
  return (session.success_url ?? '/').replaceAll('{CHECKOUT_SESSION_ID}', session.id);
}
