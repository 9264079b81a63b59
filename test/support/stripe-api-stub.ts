import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import type Stripe from 'stripe';

/**
 * A stand-in for the few Stripe API calls the service makes (the one fake the tests allow): it
 * serves refunds, disputes and charges from maps the test controls, and creates refunds
 * (POST /v1/refunds, honouring Idempotency-Key), in Stripe's JSON shapes and error envelope. The app is started with STRIPE_SECRET_KEY=sk_test_..., STRIPE_API_URL=<url>,
 * so the real SDK talks to it. Like Stripe it answers with each object's current state.
 */
export class StripeApiStub {
  readonly refunds = new Map<string, Stripe.Refund>();
  readonly disputes = new Map<string, Stripe.Dispute>();
  readonly charges = new Map<string, Stripe.Charge>();
  readonly subscriptions = new Map<string, Stripe.Subscription>();
  /** Payments per invoice id, as GET /v1/invoice_payments?invoice= lists them. */
  readonly invoicePayments = new Map<string, Stripe.InvoicePayment[]>();
  /** Checkout Sessions created (POST /v1/checkout/sessions), with the form parameters the service sent. */
  readonly createdSessions: Array<{ id: string; url: string; params: Record<string, string> }> = [];
  /** Customer portal sessions created (POST /v1/billing_portal/sessions). */
  readonly portalSessions: Array<{ id: string; url: string; params: Record<string, string> }> = [];
  /** Checkout Sessions, served as stored (a test stores them with what `expand` would embed). */
  readonly sessions = new Map<string, Stripe.Checkout.Session>();
  /** What GET /v1/events lists (reconciliation), filtered by `types[]` like Stripe. */
  readonly events: Stripe.Event[] = [];
  /** Every request as "METHOD /path?query", for asserting what the service asked. */
  readonly requests: string[] = [];
  /** While true every request gets a 500 (an outage), marked not to be retried by the SDK. */
  down = false;
  /** While set, POST /v1/refunds is refused with this Stripe error (a card_error, say), other calls work. */
  refuseRefunds: { status: number; type: string; code?: string; message: string } | null = null;
  /** The status a refund made through POST /v1/refunds starts in (Stripe: usually succeeded, pending for some methods). */
  refundStatus: Stripe.Refund['status'] = 'succeeded';
  /** Each POST /v1/refunds: its Idempotency-Key and form fields. */
  readonly refundCalls: Array<{ idempotencyKey: string | undefined; params: Record<string, string> }> = [];
  private readonly byIdempotencyKey = new Map<string, { refund: Stripe.Refund } | { status: number; error: Record<string, string> }>();
  private refundSeq = 0;
  private server: Server | null = null;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.answer(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  reset(): void {
    this.refunds.clear();
    this.disputes.clear();
    this.charges.clear();
    this.subscriptions.clear();
    this.invoicePayments.clear();
    this.createdSessions.length = 0;
    this.portalSessions.length = 0;
    this.sessions.clear();
    this.events.length = 0;
    this.requests.length = 0;
    this.down = false;
    this.refuseRefunds = null;
    this.refundStatus = 'succeeded';
    this.refundCalls.length = 0;
    this.byIdempotencyKey.clear();
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://stub');
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_stub${this.requests.length}`, ...headers });
      res.end(JSON.stringify(body));
    };
    if (this.down) return send(500, { error: { type: 'api_error', message: 'stub outage' } }, { 'stripe-should-retry': 'false' });
    if (req.method === 'POST' && url.pathname === '/v1/refunds') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        const key = req.headers['idempotency-key'] as string | undefined;
        this.refundCalls.push({ idempotencyKey: key, params });
        const r = this.createRefund(params, key);
        if ('error' in r) send(r.status, { error: r.error }, { 'stripe-should-retry': 'false' });
        else send(200, r.refund, key ? { 'idempotency-key': key } : {});
      });
      return;
    }
    if (req.method === 'POST') {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(raw));
        this.create(url.pathname, params, send);
      });
      return;
    }
    if (req.method !== 'GET')
      return send(405, { error: { type: 'invalid_request_error', message: `${req.method} is not served by the stub` } });
    const one = <T>(map: Map<string, T>, kind: string, id: string) => {
      const found = map.get(id);
      return found
        ? send(200, found)
        : send(404, {
            error: { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such ${kind}: '${id}'` },
          });
    };
    let m: RegExpExecArray | null;
    if (url.pathname === '/v1/refunds') return send(200, this.listRefunds(url.searchParams));
    if (url.pathname === '/v1/events') return send(200, this.listEvents(url.searchParams));
    if ((m = /^\/v1\/refunds\/([^/]+)$/.exec(url.pathname))) return one(this.refunds, 'refund', m[1]);
    if ((m = /^\/v1\/disputes\/([^/]+)$/.exec(url.pathname))) return one(this.disputes, 'dispute', m[1]);
    if ((m = /^\/v1\/charges\/([^/]+)$/.exec(url.pathname))) return one(this.charges, 'charge', m[1]);
    if ((m = /^\/v1\/subscriptions\/([^/]+)$/.exec(url.pathname))) return one(this.subscriptions, 'subscription', m[1]);
    if ((m = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(url.pathname))) {
      if (this.sessions.has(m[1])) return one(this.sessions, 'checkout.session', m[1]);
      const made = this.createdSessions.find((x) => x.id === m![1]);
      if (made) return send(200, { id: made.id, object: 'checkout.session', status: 'open', url: made.url });
      return send(404, {
        error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such checkout.session: '${m[1]}'` },
      });
    }
    if (url.pathname === '/v1/invoice_payments') {
      const data = this.invoicePayments.get(url.searchParams.get('invoice') ?? '') ?? [];
      return send(200, { object: 'list', data, has_more: false, url: '/v1/invoice_payments' });
    }
    return send(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (GET: ${url.pathname})` } });
  }

  /** The two objects the service creates: a Checkout Session (open, with a URL) and a customer portal session. */
  private create(path: string, params: Record<string, string>, send: (status: number, body: unknown) => void): void {
    const n = this.createdSessions.length + this.portalSessions.length + 1;
    if (path === '/v1/checkout/sessions') {
      const id = `cs_test_stub${Date.now().toString(36)}${n}`;
      const made = { id, url: `https://checkout.stripe.test/c/pay/${id}`, params };
      this.createdSessions.push(made);
      return send(200, { id, object: 'checkout.session', status: 'open', url: made.url, mode: params.mode, metadata: {} });
    }
    if (path === '/v1/billing_portal/sessions') {
      if (!params.customer) return send(400, { error: { type: 'invalid_request_error', param: 'customer', message: 'Missing customer' } });
      const id = `bps_stub${n}`;
      const made = { id, url: `https://billing.stripe.test/p/session/${id}`, params };
      this.portalSessions.push(made);
      return send(200, { id, object: 'billing_portal.session', customer: params.customer, return_url: params.return_url, url: made.url });
    }
    send(405, { error: { type: 'invalid_request_error', message: `POST ${path} is not served by the stub` } });
  }

  /**
   * refunds.create as Stripe answers it: the charge (by id, or found by its payment intent) is
   * refunded of what is left, or of `amount`; the same Idempotency-Key answers the first refund
   * again; a charge with nothing left to refund is refused as Stripe refuses it.
   */
  private createRefund(
    params: Record<string, string>,
    key: string | undefined,
  ): { refund: Stripe.Refund } | { status: number; error: Record<string, string> } {
    const known = key ? this.byIdempotencyKey.get(key) : undefined;
    if (known) return known;
    const answer = this.refundAnswer(params);
    // Like Stripe, a key keeps its first answer for later requests, a refusal included.
    if (key) this.byIdempotencyKey.set(key, answer);
    return answer;
  }

  private refundAnswer(params: Record<string, string>): { refund: Stripe.Refund } | { status: number; error: Record<string, string> } {
    if (this.refuseRefunds) {
      const { status, ...error } = this.refuseRefunds;
      return { status, error: error as Record<string, string> };
    }
    const ch = params.charge
      ? this.charges.get(params.charge)
      : [...this.charges.values()].find((c) => c.payment_intent === params.payment_intent);
    if (!ch) return { status: 404, error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such charge' } };
    const taken = [...this.refunds.values()]
      .filter((r) => r.charge === ch.id && r.status !== 'failed' && r.status !== 'canceled')
      .reduce((sum, r) => sum + r.amount, 0);
    const amount = params.amount ? Number(params.amount) : ch.amount - taken;
    if (amount <= 0 || taken + amount > ch.amount) {
      return {
        status: 400,
        error: { type: 'invalid_request_error', code: 'charge_already_refunded', message: `Charge ${ch.id} has already been refunded.` },
      };
    }
    const metadata = Object.fromEntries(
      Object.entries(params)
        .filter(([k]) => k.startsWith('metadata['))
        .map(([k, v]) => [k.slice(9, -1), v]),
    );
    const refund = {
      id: `re_stub${++this.refundSeq}${Date.now().toString(36)}`,
      object: 'refund',
      amount,
      charge: ch.id,
      currency: ch.currency,
      payment_intent: ch.payment_intent,
      status: this.refundStatus,
      created: Math.floor(Date.now() / 1000),
      metadata,
      reason: params.reason ?? null,
    } as unknown as Stripe.Refund;
    this.refunds.set(refund.id, refund);
    return { refund };
  }

  /** Newest first, one page (the tests list few), filtered by types[] and created[gte]. */
  private listEvents(q: URLSearchParams): unknown {
    const types = [...q.entries()].filter(([k]) => /^types\[\d*\]$/.test(k)).map(([, v]) => v);
    const gte = Number(q.get('created[gte]') ?? 0);
    const data = this.events.filter((e) => (!types.length || types.includes(e.type)) && e.created >= gte).reverse();
    return { object: 'list', data, has_more: false, url: '/v1/events' };
  }

  /** Newest first, paged with limit/starting_after, filtered by charge or payment_intent. */
  private listRefunds(q: URLSearchParams): unknown {
    const charge = q.get('charge');
    const pi = q.get('payment_intent');
    const all = [...this.refunds.values()]
      .filter((r) => (!charge || r.charge === charge) && (!pi || r.payment_intent === pi))
      .sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1));
    const after = q.get('starting_after');
    const from = after ? all.findIndex((r) => r.id === after) + 1 : 0;
    const limit = Number(q.get('limit') ?? 10);
    const data = all.slice(from, from + limit);
    return { object: 'list', data, has_more: from + limit < all.length, url: '/v1/refunds' };
  }
}
