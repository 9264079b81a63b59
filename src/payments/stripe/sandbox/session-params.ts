import { invalidRequest } from './http-util';
import { isTree, str, type ParamTree, type ParamValue } from './form-params';
import { nowSeconds } from './ids';
import type { CheckoutSpec, LineSpec, Recurring } from './session-object';

// Top-level parameters of POST /v1/checkout/sessions at the pinned API version (from the SDK's
// SessionCreateParams). Stripe rejects anything else, which catches typos like `metdata` here too.
const KNOWN_PARAMS = new Set([
  'adaptive_pricing',
  'after_expiration',
  'allow_promotion_codes',
  'allowed_payment_method_types',
  'automatic_tax',
  'billing_address_collection',
  'branding_settings',
  'cancel_url',
  'client_reference_id',
  'consent_collection',
  'currency',
  'custom_fields',
  'custom_text',
  'customer',
  'customer_account',
  'customer_creation',
  'customer_email',
  'customer_update',
  'discounts',
  'excluded_payment_method_types',
  'expand',
  'expires_at',
  'integration_identifier',
  'invoice_creation',
  'line_items',
  'locale',
  'managed_payments',
  'metadata',
  'mode',
  'name_collection',
  'optional_items',
  'origin_context',
  'payment_intent_data',
  'payment_method_collection',
  'payment_method_configuration',
  'payment_method_data',
  'payment_method_options',
  'permissions',
  'phone_number_collection',
  'redirect_on_completion',
  'return_url',
  'saved_payment_method_options',
  'setup_intent_data',
  'shipping_address_collection',
  'shipping_options',
  'submit_type',
  'subscription_data',
  'success_url',
  'tax_id_collection',
  'ui_mode',
  'wallet_options',
]);

// Stripe's largest amount for an 8-digit minor-unit field.
const MAX_AMOUNT = 99_999_999;

const missing = (param: string) => invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');

function requireString(p: ParamTree, key: string): string {
  const value = str(p, key);
  if (value === undefined || value === '') throw missing(key);
  return value;
}

function requireUrl(p: ParamTree, key: string): string {
  const value = requireString(p, key);
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // fall through to Stripe's error
  }
  throw invalidRequest('Not a valid URL', key, 'url_invalid');
}

/** Stripe metadata rules: string values, at most 50 keys, keys <= 40 chars, values <= 500 chars. */
function metadataParam(value: ParamValue | undefined, param: string): Record<string, string> {
  if (value === undefined || value === '') return {};
  if (!isTree(value)) throw invalidRequest('Invalid object', param);
  const out: Record<string, string> = {};
  const entries = Object.entries(value);
  if (entries.length > 50) throw invalidRequest('Metadata can have at most 50 keys.', param);
  for (const [k, v] of entries) {
    if (typeof v !== 'string') throw invalidRequest('Metadata values must be strings.', `${param}[${k}]`);
    if (k.length > 40) throw invalidRequest('Metadata keys can be at most 40 characters.', `${param}[${k}]`);
    if (v.length > 500) throw invalidRequest('Metadata values can be at most 500 characters.', `${param}[${k}]`);
    if (v !== '') out[k] = v; // Stripe treats an empty value as "unset"
  }
  return out;
}

const INTERVALS = ['day', 'week', 'month', 'year'] as const;
// Stripe's longest billing period: three years in any unit.
const MAX_INTERVAL_COUNT: Record<Recurring['interval'], number> = { day: 1095, week: 156, month: 36, year: 3 };

function recurringParam(value: ParamValue | undefined, at: string): Recurring | null {
  if (value === undefined || value === '') return null;
  if (!isTree(value)) throw invalidRequest('Invalid object', at);
  const raw = str(value, 'interval');
  if (!raw) throw missing(`${at}[interval]`);
  const interval = INTERVALS.find((i) => i === raw);
  if (!interval) throw invalidRequest(`Invalid recurring[interval]: must be one of ${INTERVALS.join(', ')}`, `${at}[interval]`);
  const count = str(value, 'interval_count') ?? '1';
  if (!/^[1-9]\d{0,3}$/.test(count)) throw invalidRequest(`Invalid positive integer: ${count}`, `${at}[interval_count]`);
  if (Number(count) > MAX_INTERVAL_COUNT[interval]) {
    throw invalidRequest('The maximum billing interval is three years (3 years, 36 months, or 156 weeks).', `${at}[interval_count]`);
  }
  return { interval, interval_count: Number(count) };
}

function lineItem(item: ParamValue, i: number): LineSpec {
  const at = `line_items[${i}]`;
  if (!isTree(item)) throw invalidRequest('Invalid object', at);
  if (item.price !== undefined) throw invalidRequest(`No such price: '${str(item, 'price')}'`, `${at}[price]`, 'resource_missing');
  const pd = item.price_data;
  if (!isTree(pd)) throw missing(`${at}[price_data]`);
  const currency = str(pd, 'currency');
  if (!currency) throw missing(`${at}[price_data][currency]`);
  if (!/^[a-zA-Z]{3}$/.test(currency)) throw invalidRequest(`Invalid currency: ${currency}`, `${at}[price_data][currency]`);
  const unit = str(pd, 'unit_amount');
  if (unit === undefined) throw missing(`${at}[price_data][unit_amount]`);
  if (!/^\d{1,15}$/.test(unit)) throw invalidRequest(`Invalid integer: ${unit}`, `${at}[price_data][unit_amount]`);
  const name = str(pd, 'product_data', 'name');
  if (!name) throw missing(`${at}[price_data][product_data][name]`);
  const qty = str(item, 'quantity');
  if (qty === undefined) throw missing(`${at}[quantity]`);
  if (!/^[1-9]\d{0,6}$/.test(qty)) throw invalidRequest(`Invalid positive integer: ${qty}`, `${at}[quantity]`);
  return {
    currency: currency.toLowerCase(),
    unitAmount: Number(unit),
    quantity: Number(qty),
    name,
    recurring: recurringParam(pd.recurring, `${at}[price_data][recurring]`),
  };
}

function lineItems(p: ParamTree): LineSpec[] {
  const items = p.line_items;
  if (items === undefined) throw missing('line_items');
  if (!Array.isArray(items) || items.length === 0) throw invalidRequest('Invalid array', 'line_items');
  const parsed = items.map(lineItem);
  const currency = parsed[0].currency;
  if (parsed.some((li) => li.currency !== currency)) {
    throw invalidRequest('All line items must use the same currency.', 'line_items');
  }
  const amount = parsed.reduce((sum, li) => sum + li.unitAmount * li.quantity, 0);
  if (amount < 1 || amount > MAX_AMOUNT) {
    throw invalidRequest(`The total amount must be between 1 and ${MAX_AMOUNT}.`, 'line_items', 'amount_too_large');
  }
  return parsed;
}

/** The recurring rules of subscription mode, with the messages Stripe answers. */
function subscriptionItems(items: LineSpec[]): Recurring {
  const recurring = items.flatMap((li) => (li.recurring ? [li.recurring] : []));
  if (recurring.length === 0) {
    throw invalidRequest('You must provide at least one recurring price in `subscription` mode when using prices.', 'line_items');
  }
  const [first] = recurring;
  if (recurring.some((r) => r.interval !== first.interval || r.interval_count !== first.interval_count)) {
    throw invalidRequest(
      'All prices on a subscription must have the same `recurring.interval` and `recurring.interval_count`.',
      'line_items',
    );
  }
  // One-time items would be billed on the first invoice only; the sandbox keeps every invoice alike.
  if (recurring.length !== items.length) {
    throw invalidRequest('The Stripe sandbox emulates subscription mode with recurring prices only.', 'line_items');
  }
  return first;
}

// subscription_data keys whose effect the sandbox does not model: refused rather than silently ignored.
const UNMODELLED_SUBSCRIPTION_DATA = new Set([
  'billing_cycle_anchor',
  'billing_cycle_anchor_config',
  'trial_end',
  'trial_period_days',
  'trial_settings',
]);
const SUBSCRIPTION_DATA_KEYS = new Set([
  'application_fee_percent',
  'billing_cycle_anchor',
  'billing_cycle_anchor_config',
  'billing_mode',
  'default_tax_rates',
  'description',
  'invoice_settings',
  'metadata',
  'on_behalf_of',
  'pending_invoice_item_interval',
  'proration_behavior',
  'transfer_data',
  'trial_end',
  'trial_period_days',
  'trial_settings',
]);

function subscriptionData(p: ParamTree): { metadata: Record<string, string>; description: string | null } {
  const sd = p.subscription_data;
  if (sd === undefined || sd === '') return { metadata: {}, description: null };
  if (!isTree(sd)) throw invalidRequest('Invalid object', 'subscription_data');
  for (const key of Object.keys(sd)) {
    if (!SUBSCRIPTION_DATA_KEYS.has(key))
      throw invalidRequest(`Received unknown parameter: subscription_data[${key}]`, `subscription_data[${key}]`);
    if (UNMODELLED_SUBSCRIPTION_DATA.has(key)) {
      throw invalidRequest(`The Stripe sandbox does not emulate subscription_data[${key}].`, `subscription_data[${key}]`);
    }
  }
  const description = str(sd, 'description') || null;
  if (description && description.length > 500) {
    throw invalidRequest('subscription_data[description] can be at most 500 characters.', 'subscription_data[description]');
  }
  return { metadata: metadataParam(sd.metadata, 'subscription_data[metadata]'), description };
}

/** What Stripe refuses in one mode that belongs to the other. */
function checkModeParams(p: ParamTree, mode: 'payment' | 'subscription', items: LineSpec[]): void {
  if (mode === 'payment') {
    if (p.subscription_data !== undefined) {
      throw invalidRequest('You can only pass `subscription_data` in `subscription` mode.', 'subscription_data');
    }
    const i = items.findIndex((li) => li.recurring);
    if (i >= 0) {
      throw invalidRequest(
        'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
        `line_items[${i}][price_data][recurring]`,
      );
    }
    return;
  }
  for (const key of ['payment_intent_data', 'customer_creation', 'invoice_creation'] as const) {
    if (p[key] !== undefined) throw invalidRequest(`You can not pass \`${key}\` in \`subscription\` mode.`, key);
  }
}

const SUBMIT_TYPES = ['auto', 'book', 'donate', 'pay', 'subscribe'] as const;

// Checkout's locales at the pinned API version (the SDK's Checkout.SessionCreateParams.Locale).
const LOCALES = new Set(
  'auto bg cs da de el en en-GB es es-419 et fi fil fr fr-CA hi-IN hr hu id it ja ko lt lv ms mt nb nl pl pt pt-BR ro ru sk sl sv th tr vi zh zh-HK zh-TW'.split(
    ' ',
  ),
);

function locale(p: ParamTree): string | null {
  const value = str(p, 'locale');
  if (value === undefined || value === '') return null;
  if (!LOCALES.has(value)) throw invalidRequest(`Invalid locale: must be one of ${[...LOCALES].join(', ')}`, 'locale');
  return value;
}

function submitType(p: ParamTree): CheckoutSpec['submitType'] {
  const value = str(p, 'submit_type');
  if (value === undefined || value === '') return null;
  const known = SUBMIT_TYPES.find((t) => t === value);
  if (!known) throw invalidRequest(`Invalid submit_type: must be one of ${SUBMIT_TYPES.join(', ')}`, 'submit_type');
  return known;
}

function optionalFields(p: ParamTree): Pick<CheckoutSpec, 'clientReferenceId' | 'customerEmail' | 'expiresAt' | 'submitType' | 'locale'> {
  const clientReferenceId = str(p, 'client_reference_id') || null;
  if (clientReferenceId && clientReferenceId.length > 200) {
    throw invalidRequest('client_reference_id can be at most 200 characters.', 'client_reference_id');
  }
  const customerEmail = str(p, 'customer_email') || null;
  if (customerEmail && !/^[^@\s]+@[^@\s]+$/.test(customerEmail)) {
    throw invalidRequest(`Invalid email address: ${customerEmail}`, 'customer_email', 'email_invalid');
  }
  const rawExpiry = str(p, 'expires_at');
  const expiresAt = rawExpiry ? Number(rawExpiry) : null;
  if (expiresAt !== null && (!Number.isInteger(expiresAt) || expiresAt <= nowSeconds())) {
    throw invalidRequest('expires_at must be a future timestamp.', 'expires_at');
  }
  return { clientReferenceId, customerEmail, expiresAt, submitType: submitType(p), locale: locale(p) };
}

/** Validates a create request like Stripe does and returns what the sandbox needs to model. */
export function parseCreateSession(p: ParamTree): CheckoutSpec {
  const unknown = Object.keys(p).find((k) => !KNOWN_PARAMS.has(k));
  if (unknown) throw invalidRequest(`Received unknown parameter: ${unknown}`, unknown);
  const mode = requireString(p, 'mode');
  if (mode !== 'payment' && mode !== 'subscription') {
    throw invalidRequest(`The sandbox emulates mode=payment and mode=subscription, got '${mode}'.`, 'mode');
  }
  const items = lineItems(p);
  checkModeParams(p, mode, items);
  const currency = str(p, 'currency');
  if (currency && currency.toLowerCase() !== items[0].currency) {
    throw invalidRequest('currency must match the line items.', 'currency');
  }
  const pid = p.payment_intent_data;
  const sub = mode === 'subscription' ? { recurring: subscriptionItems(items), ...subscriptionData(p) } : null;
  return {
    mode,
    amount: items.reduce((sum, li) => sum + li.unitAmount * li.quantity, 0),
    currency: items[0].currency,
    productNames: items.map((li) => li.name),
    lineItems: items,
    description: str(pid, 'description') ?? null,
    metadata: metadataParam(p.metadata, 'metadata'),
    paymentMetadata: isTree(pid) && pid.metadata !== undefined ? metadataParam(pid.metadata, 'payment_intent_data[metadata]') : null,
    subscription: sub && { recurring: sub.recurring, metadata: sub.metadata, description: sub.description },
    successUrl: requireUrl(p, 'success_url'),
    cancelUrl: requireUrl(p, 'cancel_url'),
    ...optionalFields(p),
  };
}
