import type { IncomingMessage, ServerResponse } from 'node:http';
import type Stripe from 'stripe';
import { listEvents, findEvent } from './event-list';
import { canonicalJson, parseParams, str, type ParamTree } from './form-params';
import { SandboxApiError, invalidRequest, readBody, sendJson } from './http-util';
import { API_VERSION, newId } from './ids';
import { billingRoute } from './billing-routes';
import { listPage } from './list-page';
import type { SandboxLedger } from './sandbox-ledger';

/** What the /v1 routes need from the sandbox that owns them. */
export interface ApiContext {
  readonly apiKey: string;
  readonly ledger: SandboxLedger;
  readonly events: Stripe.Event[];
  publicUrl(): string;
  /** Returns true once after `failNextCreate` was set, clearing it. */
  takeFailNextCreate(): boolean;
}

interface ApiCall {
  method: string;
  path: string;
  params: ParamTree;
  requestId: string;
  idempotencyKey: string | null;
}

interface ApiResult {
  status: number;
  body: unknown;
}
interface SavedResult extends ApiResult {
  fingerprint: string;
}

const ok = (body: unknown): ApiResult => ({ status: 200, body });

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? null;
}

function mask(key: string): string {
  return key.length <= 12 ? '****' : `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;
}

/** Emulates the handful of Stripe API v1 routes the service calls, with auth and idempotency. */
export class ApiRoutes {
  // Stripe stores the first result per Idempotency-Key and replays it for identical retries.
  private readonly idempotency = new Map<string, SavedResult>();

  constructor(private readonly ctx: ApiContext) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const requestId = newId('req_', 14);
    const idempotencyKey = req.method === 'POST' ? header(req, 'idempotency-key') : null;
    const headers: Record<string, string> = {
      'Request-Id': requestId,
      'Stripe-Version': header(req, 'stripe-version') ?? API_VERSION,
      ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
    };
    let result: ApiResult;
    try {
      this.authenticate(req);
      // The SDK sends POST parameters in the body, GET and DELETE ones in the query string.
      const body = req.method === 'POST' || req.method === 'DELETE' ? await readBody(req) : '';
      const raw = body || url.search.slice(1);
      const call = { method: req.method ?? 'GET', path: url.pathname, params: parseParams(raw), requestId, idempotencyKey };
      const replay = this.replay(call);
      if (replay) headers['Idempotent-Replayed'] = 'true';
      result = replay ?? this.execute(call);
    } catch (err) {
      result = errorResult(err);
    }
    sendJson(res, result.status, result.body, headers);
  }

  /** Runs `next` only for a caller holding the API key; otherwise answers 401 like /v1 does. */
  async guard(req: IncomingMessage, res: ServerResponse, next: () => Promise<void>): Promise<void> {
    try {
      this.authenticate(req);
    } catch (err) {
      const { status, body } = errorResult(err);
      sendJson(res, status, body);
      return;
    }
    await next();
  }

  private authenticate(req: IncomingMessage): void {
    const auth = header(req, 'authorization') ?? '';
    const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
    // curl users send the key as HTTP Basic username; Stripe accepts both.
    const basic = /^Basic\s+(.+)$/i.exec(auth)?.[1];
    const key = bearer ?? (basic ? Buffer.from(basic, 'base64').toString('utf8').split(':')[0] : undefined);
    if (key === this.ctx.apiKey) return;
    const message = key
      ? `Invalid API Key provided: ${mask(key)}`
      : 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.';
    throw new SandboxApiError(401, { type: 'invalid_request_error', message });
  }

  private replay(call: ApiCall): ApiResult | undefined {
    if (!call.idempotencyKey) return undefined;
    const saved = this.idempotency.get(call.idempotencyKey);
    if (!saved) return undefined;
    if (saved.fingerprint !== fingerprint(call)) {
      throw new SandboxApiError(400, {
        type: 'idempotency_error',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${call.idempotencyKey}' if you meant to execute a different request.`,
      });
    }
    return { status: saved.status, body: saved.body };
  }

  private execute(call: ApiCall): ApiResult {
    let result: ApiResult;
    try {
      result = this.route(call);
    } catch (err) {
      result = errorResult(err);
    }
    // Like Stripe, 4xx (validation) results are not saved, so a corrected retry may reuse the key;
    // successes and 500s are saved and replayed, which is why the SDK's own retries of a 500 fail too.
    if (call.idempotencyKey && (result.status < 400 || result.status >= 500)) {
      this.idempotency.set(call.idempotencyKey, { ...result, fingerprint: fingerprint(call) });
    }
    return result;
  }

  private route(call: ApiCall): ApiResult {
    const { method, path, params } = call;
    const { ledger, events } = this.ctx;
    const id = (re: RegExp) => re.exec(path)?.[1];
    let m: string | undefined;
    if (method === 'POST' && path === '/v1/checkout/sessions') return this.createSession(params);
    if (method === 'GET' && (m = id(/^\/v1\/checkout\/sessions\/([^/]+)$/))) return ok(this.expandSession(m, params));
    if (method === 'POST' && (m = id(/^\/v1\/checkout\/sessions\/([^/]+)\/expire$/))) {
      ledger.expire(m, { id: call.requestId, idempotency_key: call.idempotencyKey });
      return ok(ledger.session(m));
    }
    if (method === 'GET' && path === '/v1/events') return ok(listEvents(events, params));
    if (method === 'GET' && (m = id(/^\/v1\/events\/([^/]+)$/))) return ok(findEvent(events, m));
    if (method === 'GET' && (m = id(/^\/v1\/payment_intents\/([^/]+)$/))) return ok(ledger.paymentIntent(m));
    if (method === 'GET' && (m = id(/^\/v1\/charges\/([^/]+)$/))) return ok(ledger.charge(m));
    if (method === 'GET' && path === '/v1/refunds') {
      const filter = str(params, 'charge') ?? str(params, 'payment_intent');
      return ok(listPage(ledger.refunds.list(filter), params, '/v1/refunds'));
    }
    if (method === 'POST' && path === '/v1/refunds') return ok(this.createRefund(call));
    if (method === 'GET' && (m = id(/^\/v1\/refunds\/([^/]+)$/))) return ok(ledger.refunds.get(m));
    if (method === 'POST' && (m = id(/^\/v1\/refunds\/([^/]+)\/cancel$/))) {
      ledger.refunds.cancel(m, { id: call.requestId, idempotency_key: call.idempotencyKey });
      return ok(ledger.refunds.get(m));
    }
    if (method === 'GET' && path === '/v1/disputes') return ok(listPage(ledger.disputes.list(), params, '/v1/disputes'));
    if (method === 'GET' && (m = id(/^\/v1\/disputes\/([^/]+)$/))) return ok(ledger.disputes.get(m));
    const billing = billingRoute(call, ledger, () => this.ctx.publicUrl());
    if (billing !== undefined) return ok(billing);
    throw new SandboxApiError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}). The Stripe sandbox emulates only a few routes.`,
    });
  }

  private createSession(params: ParamTree): ApiResult {
    // Test knobs for the service's upstream-failure handling (it should answer 502).
    if (this.ctx.takeFailNextCreate() || str(params, 'metadata', 'sandbox_fail') === '1') {
      throw new SandboxApiError(500, { type: 'api_error', message: 'An unknown error occurred (sandbox failure knob).' });
    }
    return ok(this.ctx.ledger.createSession(params, this.ctx.publicUrl()));
  }

  /** Supports the expansions a Checkout integration typically asks for; refuses others loudly. */
  private expandSession(id: string, params: ParamTree): Stripe.Checkout.Session {
    const session = this.ctx.ledger.session(id);
    const expand = Array.isArray(params.expand) ? params.expand : [];
    if (expand.length === 0) return session;
    const out = structuredClone(session) as unknown as Record<string, unknown>;
    for (const path of expand) {
      if (path === 'subscription' || path === 'invoice') {
        const linked = session[path];
        if (typeof linked === 'string') {
          out[path] = path === 'subscription' ? this.ctx.ledger.billing.subscription(linked) : this.ctx.ledger.billing.invoice(linked);
        }
        continue;
      }
      if (path !== 'payment_intent' && path !== 'payment_intent.latest_charge') {
        throw invalidRequest(`The Stripe sandbox cannot expand '${String(path)}'.`, 'expand');
      }
      if (!session.payment_intent) continue;
      const intent = structuredClone(this.ctx.ledger.paymentIntent(session.payment_intent as string));
      const expanded = intent as unknown as Record<string, unknown>;
      if (path === 'payment_intent.latest_charge') expanded.latest_charge = this.ctx.ledger.charge(intent.latest_charge as string);
      out.payment_intent = expanded;
    }
    return out as unknown as Stripe.Checkout.Session;
  }

  /** POST /v1/refunds with `charge` or `payment_intent`, and `amount` (default: what is left). */
  private createRefund(call: ApiCall): Stripe.Refund {
    const { params } = call;
    const target = str(params, 'charge') ?? str(params, 'payment_intent');
    if (!target)
      throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', 'charge');
    const raw = str(params, 'amount');
    if (raw !== undefined && !/^\d{1,15}$/.test(raw)) throw invalidRequest(`Invalid integer: ${raw}`, 'amount');
    const [created] = this.ctx.ledger.refunds.create(target, raw === undefined ? undefined : Number(raw), {
      request: { id: call.requestId, idempotency_key: call.idempotencyKey },
    });
    return this.ctx.ledger.refunds.get((created.data.object as Stripe.Refund).id);
  }
}

function fingerprint(call: ApiCall): string {
  return `${call.method} ${call.path} ${canonicalJson(call.params)}`;
}

function errorResult(err: unknown): ApiResult {
  if (err instanceof SandboxApiError) {
    return { status: err.status, body: { error: err.body } };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, body: { error: { type: 'api_error', message: `Sandbox internal error: ${message}` } } };
}
