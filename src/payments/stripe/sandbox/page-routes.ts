import type { IncomingMessage, ServerResponse } from 'node:http';
import type Stripe from 'stripe';
import { parseParams, str } from './form-params';
import { SandboxApiError, invalidRequest, readBody, redirect, sendHtml, sendJson } from './http-util';
import {
  renderDeclinedPage, renderMessagePage, renderPaymentPage, successRedirect,
} from './payment-page';
import type { DisputeStage, PayOutcome, SandboxLedger, SettleOutcome } from './sandbox-ledger';
import type { DeliveryRecord } from './webhook-delivery';

/** The parts of StripeSandbox the hosted page and the HTTP test controls drive. */
export interface ControlContext {
  readonly ledger: SandboxLedger;
  readonly events: Stripe.Event[];
  deliveries: DeliveryRecord[];
  pay(id: string, outcome: PayOutcome): Promise<Stripe.Event[]>;
  settleDelayed(id: string, outcome: SettleOutcome): Promise<Stripe.Event[]>;
  expire(id: string): Promise<Stripe.Event[]>;
  refund(id: string, amount: number): Promise<Stripe.Event[]>;
  dispute(id: string, stage: DisputeStage): Promise<Stripe.Event[]>;
}

/** GET/POST /pay/:id — the stand-in for checkout.stripe.com. */
export async function handlePaymentPage(
  ctx: ControlContext, req: IncomingMessage, res: ServerResponse, id: string,
): Promise<void> {
  let session: Stripe.Checkout.Session;
  try {
    session = ctx.ledger.session(id);
  } catch {
    sendHtml(res, 404, renderMessagePage('Payment link not found', `There is no checkout session ${id}.`));
    return;
  }
  if (session.status !== 'open') {
    sendHtml(res, req.method === 'POST' ? 409 : 200, closedPage(session));
    return;
  }
  if (req.method !== 'POST') {
    sendHtml(res, 200, renderPaymentPage(session, ctx.ledger.productNames(id)));
    return;
  }
  const outcome = str(parseParams(await readBody(req)), 'outcome');
  if (outcome !== 'paid' && outcome !== 'declined' && outcome !== 'delayed') {
    sendHtml(res, 400, renderMessagePage('Unknown choice', 'Please use one of the buttons on the payment page.',
      { href: `/pay/${encodeURIComponent(id)}`, text: 'Back to the payment page' }));
    return;
  }
  await ctx.pay(id, outcome);
  if (outcome === 'declined') sendHtml(res, 200, renderDeclinedPage(session));
  else redirect(res, successRedirect(session));
}

function closedPage(session: Stripe.Checkout.Session): string {
  if (session.status === 'complete') {
    return renderMessagePage('Payment already submitted', 'This checkout session has been completed.',
      { href: successRedirect(session), text: 'Continue' });
  }
  return renderMessagePage('Checkout session expired', 'This payment link is no longer active.',
    { href: session.cancel_url ?? '/', text: 'Return to the appeal' });
}

/** POST /sandbox/sessions/:id/<action> and GET /sandbox/events, for tests in other processes. */
export async function handleControl(
  ctx: ControlContext, req: IncomingMessage, res: ServerResponse, path: string,
): Promise<void> {
  try {
    if (req.method === 'GET' && path === '/sandbox/events') {
      sendJson(res, 200, { object: 'list', data: ctx.events, deliveries: ctx.deliveries });
      return;
    }
    const m = /^\/sandbox\/sessions\/([^/]+)\/(pay|settle|refund|dispute|expire)$/.exec(path);
    if (req.method !== 'POST' || !m) throw new SandboxApiError(404, { type: 'invalid_request_error', message: `Unknown sandbox control: ${req.method} ${path}` });
    const body = await controlBody(req);
    const events = await runControl(ctx, decodeURIComponent(m[1]), m[2], body);
    sendJson(res, 200, { events });
  } catch (err) {
    const status = err instanceof SandboxApiError ? err.status : 500;
    const error = err instanceof SandboxApiError ? err.body : { type: 'api_error', message: String(err) };
    sendJson(res, status, { error });
  }
}

/** Accepts JSON (documented) or a form body, so `curl -d outcome=paid` works as well. */
async function controlBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readBody(req);
  if (raw.trim() === '') return {};
  if ((req.headers['content-type'] ?? '').includes('json')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
    } catch {
      // reported below
    }
    throw invalidRequest('Body must be a JSON object.');
  }
  return parseParams(raw);
}

function runControl(ctx: ControlContext, id: string, action: string, body: Record<string, unknown>): Promise<Stripe.Event[]> {
  switch (action) {
    case 'pay': return ctx.pay(id, body.outcome as PayOutcome);
    case 'settle': return ctx.settleDelayed(id, body.outcome as SettleOutcome);
    case 'refund': return ctx.refund(id, Number(body.amount));
    case 'dispute': return ctx.dispute(id, body.stage as DisputeStage);
    default: return ctx.expire(id);
  }
}
