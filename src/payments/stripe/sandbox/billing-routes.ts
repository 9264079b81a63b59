import type Stripe from 'stripe';
import { isTree, str, type ParamTree } from './form-params';
import { invalidRequest } from './http-util';
import { listPage } from './list-page';
import type { SandboxLedger } from './sandbox-ledger';

/** A parsed /v1 call, as api-routes.ts hands it on. */
export interface BillingCall {
  method: string;
  path: string;
  params: ParamTree;
  requestId: string;
  idempotencyKey: string | null;
}

const PORTAL_PARAMS = new Set([
  'customer',
  'customer_account',
  'configuration',
  'expand',
  'flow_data',
  'locale',
  'on_behalf_of',
  'return_url',
]);
const CANCEL_PARAMS = new Set(['cancellation_details', 'expand', 'invoice_now', 'prorate']);

/**
 * The Billing routes of the Stripe API the sandbox emulates: customers, subscriptions (read,
 * cancel, cancel at period end), invoices and invoice payments (read), test clocks, and customer
 * portal sessions. Answers undefined for any other path, so the caller can 404.
 */
export function billingRoute(call: BillingCall, ledger: SandboxLedger, publicUrl: () => string): unknown {
  const { method, path, params } = call;
  const billing = ledger.billing;
  const request = { id: call.requestId, idempotency_key: call.idempotencyKey };
  const id = (re: RegExp) => re.exec(path)?.[1];
  let m: string | undefined;
  if (method === 'GET' && (m = id(/^\/v1\/customers\/([^/]+)$/))) return billing.customer(m);
  if (method === 'GET' && path === '/v1/subscriptions') {
    const customer = str(params, 'customer');
    const subs = billing.all().filter((r) => !customer || r.customer.id === customer);
    return listPage(
      subs.map((r) => r.sub),
      params,
      '/v1/subscriptions',
    );
  }
  if (method === 'GET' && (m = id(/^\/v1\/subscriptions\/([^/]+)$/))) return expand(billing.subscription(m), params, ledger);
  if (method === 'DELETE' && (m = id(/^\/v1\/subscriptions\/([^/]+)$/))) {
    refuseUnknown(params, CANCEL_PARAMS);
    const comment = str(params, 'cancellation_details', 'comment') ?? null;
    billing.cancel(m, { request, comment });
    return billing.subscription(m);
  }
  if (method === 'POST' && (m = id(/^\/v1\/subscriptions\/([^/]+)$/))) return updateSubscription(m, params, ledger, request);
  if (method === 'GET' && path === '/v1/invoices') {
    const filter = { subscription: str(params, 'subscription'), customer: str(params, 'customer') };
    return listPage(billing.listInvoices(filter), params, '/v1/invoices');
  }
  if (method === 'GET' && (m = id(/^\/v1\/invoices\/([^/]+)$/))) return expand(billing.invoice(m), params, ledger);
  if (method === 'GET' && path === '/v1/invoice_payments') {
    const filter = { invoice: str(params, 'invoice'), paymentIntent: str(params, 'payment', 'payment_intent') };
    if (str(params, 'payment', 'type') && str(params, 'payment', 'type') !== 'payment_intent') {
      return listPage([], params, '/v1/invoice_payments'); // the sandbox pays invoices with PaymentIntents only
    }
    const page = listPage(billing.listInvoicePayments(filter), params, '/v1/invoice_payments');
    return { ...page, data: page.data.map((p) => expand(p, params, ledger, 'data.')) };
  }
  if (method === 'GET' && (m = id(/^\/v1\/invoice_payments\/([^/]+)$/))) return expand(billing.invoicePayment(m), params, ledger);
  if (method === 'POST' && path === '/v1/test_helpers/test_clocks') {
    const raw = str(params, 'frozen_time');
    if (raw === undefined || raw === '') throw invalidRequest('Missing required param: frozen_time.', 'frozen_time', 'parameter_missing');
    if (!/^\d{1,12}$/.test(raw)) throw invalidRequest(`Invalid integer: ${raw}`, 'frozen_time');
    return billing.clocks.create(Number(raw), str(params, 'name') || null);
  }
  if (method === 'GET' && path === '/v1/test_helpers/test_clocks')
    return listPage(billing.clocks.list(), params, '/v1/test_helpers/test_clocks');
  if (method === 'GET' && (m = id(/^\/v1\/test_helpers\/test_clocks\/([^/]+)$/))) return billing.clocks.get(m);
  if (method === 'POST' && (m = id(/^\/v1\/test_helpers\/test_clocks\/([^/]+)\/advance$/))) {
    const raw = str(params, 'frozen_time');
    if (raw === undefined || raw === '') throw invalidRequest('Missing required param: frozen_time.', 'frozen_time', 'parameter_missing');
    if (!/^\d{1,12}$/.test(raw)) throw invalidRequest(`Invalid integer: ${raw}`, 'frozen_time');
    return billing.advanceClock(m, Number(raw)).clock;
  }
  if (method === 'POST' && path === '/v1/billing_portal/sessions') return createPortal(params, ledger, publicUrl());
  return undefined;
}

function refuseUnknown(params: ParamTree, known: Set<string>): void {
  const unknown = Object.keys(params).find((k) => !known.has(k));
  if (unknown) throw invalidRequest(`Received unknown parameter: ${unknown}`, unknown);
}

/** POST /v1/subscriptions/:id: the sandbox models cancel_at_period_end only (what the portal changes). */
function updateSubscription(id: string, params: ParamTree, ledger: SandboxLedger, request: { id: string; idempotency_key: string | null }) {
  const keys = Object.keys(params).filter((k) => k !== 'expand');
  const other = keys.find((k) => k !== 'cancel_at_period_end');
  if (other) throw invalidRequest(`The Stripe sandbox does not emulate updating ${other} on a subscription.`, other);
  const raw = str(params, 'cancel_at_period_end');
  if (raw !== undefined) {
    if (raw !== 'true' && raw !== 'false') throw invalidRequest('Invalid boolean: ' + raw, 'cancel_at_period_end');
    const sub = ledger.billing.subscription(id);
    if (raw === 'true') ledger.billing.cancel(id, { atPeriodEnd: true, request });
    else if (sub.cancel_at_period_end) ledger.billing.renew(id);
  }
  return ledger.billing.subscription(id);
}

function createPortal(params: ParamTree, ledger: SandboxLedger, publicUrl: string): Stripe.BillingPortal.Session {
  refuseUnknown(params, PORTAL_PARAMS);
  const customer = str(params, 'customer');
  if (!customer) throw invalidRequest('Missing required param: customer.', 'customer', 'parameter_missing');
  const returnUrl = str(params, 'return_url') || null;
  if (returnUrl) {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(returnUrl).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw invalidRequest('Not a valid URL', 'return_url', 'url_invalid');
  }
  if (params.flow_data !== undefined && !isTree(params.flow_data)) throw invalidRequest('Invalid object', 'flow_data');
  // The sandbox's portal shows every plan with a cancel button: flow_data deep links are not modelled (flow stays null).
  return ledger.billing.createPortalSession(customer, returnUrl, publicUrl, str(params, 'locale') || null);
}

const EXPANDABLE = ['latest_invoice', 'customer', 'payments', 'payment.payment_intent', 'payment.payment_intent.latest_charge', 'invoice'];

/** The expansions an integration reads subscriptions and invoices with; others are refused loudly. */
function expand<T extends object>(object: T, params: ParamTree, ledger: SandboxLedger, prefix = ''): T {
  const paths = (Array.isArray(params.expand) ? params.expand : []).filter((p): p is string => typeof p === 'string');
  if (paths.length === 0) return object;
  const out = structuredClone(object) as Record<string, unknown>;
  for (const full of paths) {
    if (!full.startsWith(prefix) || !EXPANDABLE.includes(full.slice(prefix.length))) {
      throw invalidRequest(`The Stripe sandbox cannot expand '${full}'.`, 'expand');
    }
    const path = full.slice(prefix.length);
    if (path === 'latest_invoice' && typeof out.latest_invoice === 'string')
      out.latest_invoice = ledger.billing.invoice(out.latest_invoice);
    if (path === 'customer' && typeof out.customer === 'string') out.customer = ledger.billing.customer(out.customer);
    if (path === 'invoice' && typeof out.invoice === 'string') out.invoice = ledger.billing.invoice(out.invoice);
    if (path === 'payments' && out.object === 'invoice') {
      const data = ledger.billing.listInvoicePayments({ invoice: out.id as string });
      out.payments = { object: 'list', data, has_more: false, url: `/v1/invoice_payments?invoice=${String(out.id)}` };
    }
    if (path.startsWith('payment.payment_intent') && out.object === 'invoice_payment') {
      const payment = out.payment as Stripe.InvoicePayment.Payment;
      if (typeof payment.payment_intent !== 'string') continue;
      const intent = structuredClone(ledger.paymentIntent(payment.payment_intent)) as unknown as Record<string, unknown>;
      if (path.endsWith('latest_charge') && typeof intent.latest_charge === 'string')
        intent.latest_charge = ledger.charge(intent.latest_charge);
      out.payment = { ...payment, payment_intent: intent };
    }
  }
  return out as T;
}
