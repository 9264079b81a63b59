import type Stripe from 'stripe';
import { newId } from './ids';
import { EMPTY_ADDRESS, type CheckoutSpec, type LineSpec, type Recurring } from './session-object';

// The Billing objects a subscription-mode Checkout Session creates, each a literal checked with
// `satisfies` against the SDK's type for the pinned API version (like session-object.ts). Times
// are the test clock's (`now`), as Stripe stamps objects made while a clock advances with its time.
// Decimal fields (`unit_amount_decimal`, `quantity_decimal`) are null: the SDK types them as its
// Decimal class, which an object copied into an event (structuredClone) could not keep.

/** Adds `count` intervals in UTC, clamping to the month's end like Stripe (Jan 31 + 1 month = Feb 28/29). */
export function addInterval(seconds: number, { interval, interval_count: count }: Recurring, times = 1): number {
  const d = new Date(seconds * 1000);
  if (interval === 'day') return seconds + 86_400 * count * times;
  if (interval === 'week') return seconds + 7 * 86_400 * count * times;
  const months = (interval === 'year' ? 12 : 1) * count * times;
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return Math.floor(target.getTime() / 1000);
}

export function buildCustomer(email: string, name: string, created: number, testClock: string | null): Stripe.Customer {
  return {
    id: newId('cus_', 14),
    object: 'customer',
    created,
    livemode: false,
    email,
    name,
    phone: null,
    address: { ...EMPTY_ADDRESS },
    balance: 0,
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    invoice_prefix: newId('', 8).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    metadata: {},
    next_invoice_sequence: 1,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: testClock,
    customer_account: null,
  } satisfies Stripe.Customer;
}

function buildPrice(line: LineSpec, recurring: Recurring, created: number): Stripe.Price {
  return {
    id: newId('price_1'),
    object: 'price',
    active: false, // inline price_data makes an archived, single-use price
    billing_scheme: 'per_unit',
    created,
    currency: line.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: newId('prod_', 14),
    recurring: {
      interval: recurring.interval,
      interval_count: recurring.interval_count,
      meter: null,
      trial_period_days: null,
      usage_type: 'licensed',
    },
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: 'recurring',
    unit_amount: line.unitAmount,
    unit_amount_decimal: null,
  } satisfies Stripe.Price;
}

/** The legacy Plan mirror of a recurring price, still on every subscription item. */
function planOf(price: Stripe.Price): Stripe.Plan {
  const recurring = price.recurring!;
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: null,
    billing_scheme: 'per_unit',
    created: price.created,
    currency: price.currency,
    interval: recurring.interval,
    interval_count: recurring.interval_count,
    livemode: false,
    metadata: {},
    meter: null,
    nickname: null,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: 'licensed',
  } satisfies Stripe.Plan;
}

export interface SubscriptionInput {
  spec: CheckoutSpec;
  customer: string;
  paymentMethod: string;
  now: number;
  testClock: string | null;
}

/** An active subscription whose first period starts now; the first invoice is paid with it. */
export function buildSubscription({ spec, customer, paymentMethod, now, testClock }: SubscriptionInput): Stripe.Subscription {
  const sub = spec.subscription!;
  const id = newId('sub_1');
  const periodEnd = addInterval(now, sub.recurring);
  const items = spec.lineItems.map((line) => {
    const price = buildPrice(line, sub.recurring, now);
    return {
      id: newId('si_', 14),
      object: 'subscription_item',
      created: now,
      current_period_start: now,
      current_period_end: periodEnd,
      billing_thresholds: null,
      current_trial: null,
      discounts: [],
      metadata: {},
      plan: planOf(price),
      price,
      quantity: line.quantity,
      subscription: id,
      tax_rates: [],
    } satisfies Stripe.SubscriptionItem;
  });
  return {
    id,
    object: 'subscription',
    created: now,
    start_date: now,
    billing_cycle_anchor: now,
    billing_cycle_anchor_config: null,
    billing_mode: { type: 'flexible', flexible: { proration_discounts: 'included' }, updated_at: now },
    billing_schedules: [],
    billing_thresholds: null,
    livemode: false,
    status: 'active',
    currency: spec.currency,
    customer,
    customer_account: null,
    description: sub.description,
    metadata: { ...sub.metadata },
    items: { object: 'list', data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    ended_at: null,
    collection_method: 'charge_automatically',
    days_until_due: null,
    default_payment_method: paymentMethod,
    default_source: null,
    default_tax_rates: [],
    discounts: [],
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
    next_pending_invoice_item_invoice: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    test_clock: testClock,
    trial_end: null,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: 'create_invoice' } },
    trial_start: null,
    application: null,
    application_fee_percent: null,
    automatic_tax: { enabled: false, liability: null, disabled_reason: null },
    on_behalf_of: null,
    transfer_data: null,
    managed_payments: null,
  } satisfies Stripe.Subscription;
}

/** The subscription's current period (every item shares it: one interval per subscription). */
export function currentPeriod(sub: Stripe.Subscription): { start: number; end: number } {
  const item = sub.items.data[0];
  return { start: item.current_period_start, end: item.current_period_end };
}

export interface InvoiceInput {
  sub: Stripe.Subscription;
  customer: Stripe.Customer;
  reason: 'subscription_create' | 'subscription_cycle';
  /** The invoice's own period (for a renewal, the period just ended), and its lines' (the period billed). */
  period: { start: number; end: number };
  linePeriod: { start: number; end: number };
  now: number;
}

/** A draft invoice for one period of the subscription; finalised and paid by the lifecycle. */
export function buildInvoice({ sub, customer, reason, period, linePeriod, now }: InvoiceInput): Stripe.Invoice {
  const id = newId('in_1');
  const lines = sub.items.data.map((item) => {
    const amount = (item.price.unit_amount ?? 0) * (item.quantity ?? 1);
    return {
      id: newId('il_1'),
      object: 'line_item',
      amount,
      subtotal: amount,
      currency: sub.currency,
      description: `${item.quantity ?? 1} × ${sub.description ?? 'Subscription'} (at ${item.price.unit_amount} / ${item.price.recurring!.interval})`,
      discount_amounts: [],
      discountable: true,
      discounts: [],
      invoice: id,
      livemode: false,
      metadata: { ...sub.metadata },
      parent: {
        type: 'subscription_item_details',
        invoice_item_details: null,
        subscription_item_details: {
          invoice_item: null,
          proration: false,
          proration_details: { credited_items: null },
          subscription: sub.id,
          subscription_item: item.id,
        },
      },
      period: { ...linePeriod },
      pretax_credit_amounts: [],
      pricing: {
        type: 'price_details',
        price_details: { price: item.price.id, product: item.price.product as string },
        unit_amount_decimal: null,
      },
      quantity: item.quantity ?? 1,
      quantity_decimal: null,
      subscription: sub.id,
      taxes: [],
    } satisfies Stripe.InvoiceLineItem;
  });
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  return {
    id,
    object: 'invoice',
    created: now,
    livemode: false,
    status: 'draft',
    billing_reason: reason,
    collection_method: 'charge_automatically',
    currency: sub.currency,
    customer: customer.id,
    customer_account: null,
    customer_address: { ...EMPTY_ADDRESS },
    customer_email: customer.email,
    customer_name: customer.name ?? null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    description: null,
    number: null,
    receipt_number: null,
    metadata: {},
    // How the service finds the plan: the subscription and its metadata, copied when the invoice is made.
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { subscription: sub.id, metadata: { ...sub.metadata } },
    },
    lines: { object: 'list', data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    period_start: period.start,
    period_end: period.end,
    subtotal: total,
    subtotal_excluding_tax: total,
    total,
    total_excluding_tax: total,
    total_discount_amounts: [],
    total_pretax_credit_amounts: [],
    total_taxes: [],
    amount_due: total,
    amount_paid: 0,
    amount_remaining: total,
    amount_overpaid: 0,
    amount_shipping: 0,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatically_finalizes_at: reason === 'subscription_cycle' ? now + 3600 : null,
    next_payment_attempt: null,
    starting_balance: 0,
    ending_balance: null,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    effective_at: null,
    due_date: null,
    webhooks_delivered_at: null,
    account_country: 'GB',
    account_name: 'Stripe sandbox',
    account_tax_ids: null,
    application: null,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null, disabled_reason: null },
    custom_fields: null,
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    discounts: [],
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    on_behalf_of: null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    statement_descriptor: null,
    test_clock: sub.test_clock,
    confirmation_secret: null,
  } satisfies Stripe.Invoice;
}

/** The link between an invoice and the PaymentIntent that (tries to) pay it. */
export function buildInvoicePayment(invoice: Stripe.Invoice, paymentIntent: string, now: number): Stripe.InvoicePayment {
  return {
    id: newId('inpay_1'),
    object: 'invoice_payment',
    amount_paid: null,
    amount_requested: invoice.amount_due,
    created: now,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    // A payment with a PaymentIntent names only it; its charge is the intent's latest_charge.
    payment: { type: 'payment_intent', payment_intent: paymentIntent },
    status: 'open',
    status_transitions: { canceled_at: null, paid_at: null },
  } satisfies Stripe.InvoicePayment;
}

export function buildTestClock(frozenTime: number, name: string | null, created: number): Stripe.TestHelpers.TestClock {
  return {
    id: newId('clock_1'),
    object: 'test_helpers.test_clock',
    created,
    // Stripe deletes a clock (and everything on it) 30 days after it was made.
    deletes_after: created + 30 * 86_400,
    frozen_time: frozenTime,
    livemode: false,
    name,
    status: 'ready',
    status_details: {},
  } satisfies Stripe.TestHelpers.TestClock;
}

export function buildPortalSession(
  customer: string,
  returnUrl: string | null,
  publicUrl: string,
  created: number,
  locale: string | null = null,
): Stripe.BillingPortal.Session {
  const id = newId('bps_1');
  return {
    id,
    object: 'billing_portal.session',
    configuration: 'bpc_sandbox_default',
    created,
    customer,
    customer_account: null,
    flow: null,
    livemode: false,
    locale: locale as Stripe.BillingPortal.Session['locale'],
    on_behalf_of: null,
    return_url: returnUrl,
    url: `${publicUrl}/portal/${id}`,
  } satisfies Stripe.BillingPortal.Session;
}
