import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import { ApiRoutes, type ApiContext } from './api-routes';
import { findEvent } from './event-list';
import { sendJson } from './http-util';
import { buildEvent, newId, type EventRequest } from './objects';
import { handleControl, handlePaymentPage, type ControlContext } from './page-routes';
import { SandboxLedger, type DisputeStage, type PayOutcome, type SettleOutcome } from './sandbox-ledger';
import { WebhookDeliverer, type DeliveryRecord } from './webhook-delivery';

export type { DeliveryRecord } from './webhook-delivery';
export type { DisputeStage, PayOutcome, SettleOutcome } from './sandbox-ledger';

export interface SandboxOptions {
  /** Where to POST events, e.g. http://127.0.0.1:3000/webhooks/stripe */
  webhookUrl: string;
  /** whsec_... used to sign deliveries */
  webhookSecret: string;
  /** Bind host, default 127.0.0.1 */
  host?: string;
  /** Default 0 (ephemeral) */
  port?: number;
  /** Base URL browsers use for the payment page; default http://host:port */
  publicUrl?: string;
  /** Default true; false stores events (visible to events.list) without POSTing them. */
  autoDeliver?: boolean;
  /** Delays between redelivery attempts after a non-2xx or network error. */
  retryDelaysMs?: number[];
  /** Fixed API key, for a service in another process; default a random sk_test_sandbox_... */
  apiKey?: string;
}

const DEFAULT_RETRY_DELAYS_MS = [200, 1000, 5000, 15000, 60000];
const NO_REQUEST: EventRequest = { id: null, idempotency_key: null };

/**
 * Offline stand-in for the Stripe API, hosted Checkout page and webhook delivery. The real SDK
 * talks to it via `new Stripe(sandbox.apiKey, { host, port, protocol: 'http' })`.
 */
export class StripeSandbox implements ApiContext, ControlContext {
  readonly apiKey: string;
  /** All events created, oldest first. */
  readonly events: Stripe.Event[] = [];
  /** Every delivery attempt, in the order they finished. */
  deliveries: DeliveryRecord[] = [];
  /** Set to make the next POST /v1/checkout/sessions answer 500 api_error. */
  failNextCreate = false;
  /** May be flipped at runtime to simulate an endpoint outage and recovery. */
  autoDeliver: boolean;
  readonly ledger: SandboxLedger;

  private readonly api: ApiRoutes;
  private readonly deliverer: WebhookDeliverer;
  private server?: Server;
  private baseUrl?: string;

  constructor(private readonly opts: SandboxOptions) {
    this.apiKey = opts.apiKey ?? newId('sk_test_sandbox_', 32);
    this.autoDeliver = opts.autoDeliver ?? true;
    this.deliverer = new WebhookDeliverer({
      url: opts.webhookUrl,
      secret: opts.webhookSecret,
      retryDelaysMs: opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
      onAttempt: (record) => this.deliveries.push(record),
    });
    this.ledger = new SandboxLedger((type, object, o) => this.record(type, object, o?.request, o?.previous));
    this.api = new ApiRoutes(this);
  }

  async start(): Promise<{ url: string; host: string; port: number }> {
    if (this.server) throw new Error('StripeSandbox already started');
    const host = this.opts.host ?? '127.0.0.1';
    const server = createServer((req, res) => void this.dispatch(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port ?? 0, host, () => resolve());
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    return { url: this.baseUrl, host, port };
  }

  /** Stops serving and cancels pending deliveries and retries. Not restartable. */
  async stop(): Promise<void> {
    this.deliverer.stop();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections(); // keep-alive SDK sockets would otherwise hold close() open
    });
  }

  setWebhookUrl(url: string): void {
    this.deliverer.setUrl(url);
  }

  publicUrl(): string {
    const url = this.opts.publicUrl ?? this.baseUrl;
    if (!url) throw new Error('StripeSandbox not started and no publicUrl configured');
    return url.replace(/\/+$/, '');
  }

  takeFailNextCreate(): boolean {
    const fail = this.failNextCreate;
    this.failNextCreate = false;
    return fail;
  }

  // Test controls. They return once events are stored; delivery happens asynchronously.

  async pay(sessionId: string, outcome: PayOutcome): Promise<Stripe.Event[]> {
    return this.ledger.pay(sessionId, outcome);
  }

  async settleDelayed(sessionId: string, outcome: SettleOutcome): Promise<Stripe.Event[]> {
    return this.ledger.settle(sessionId, outcome);
  }

  async expire(sessionId: string): Promise<Stripe.Event[]> {
    return this.ledger.expire(sessionId);
  }

  /** Refunds `amount` more (cumulative) and emits charge.refunded. */
  async refund(paymentIntentOrSessionId: string, amount: number): Promise<Stripe.Event[]> {
    return this.ledger.refund(paymentIntentOrSessionId, amount);
  }

  async dispute(paymentIntentOrSessionId: string, stage: DisputeStage): Promise<Stripe.Event[]> {
    return this.ledger.dispute(paymentIntentOrSessionId, stage);
  }

  /** Wraps any object in an event, stores it and (if autoDeliver) delivers it. */
  async emit(type: string, object: object): Promise<Stripe.Event> {
    return this.record(type, object);
  }

  /** (Re)POSTs one stored event now, once; returns the HTTP status, or 0 on a network error. */
  async deliver(eventId: string): Promise<number> {
    const status = await this.deliverer.attempt(findEvent(this.events, eventId));
    return status === 'error' ? 0 : status;
  }

  /** Resolves when nothing is queued, in flight, or scheduled for retry. */
  waitForDeliveries(): Promise<void> {
    return this.deliverer.whenIdle();
  }

  private record(type: string, object: object, request = NO_REQUEST, previous?: Record<string, unknown>): Stripe.Event {
    const event = buildEvent(type, object, request, previous);
    this.events.push(event);
    if (this.autoDeliver) this.deliverer.enqueue(event);
    return event;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
      const path = url.pathname;
      const pay = /^\/pay\/([^/]+)$/.exec(path);
      if (path.startsWith('/v1/')) await this.api.handle(req, res, url);
      else if (pay) await handlePaymentPage(this, req, res, decodeURIComponent(pay[1]));
      else if (path.startsWith('/sandbox/')) await handleControl(this, req, res, path);
      else sendJson(res, 404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${path}).` } });
    } catch (err) {
      // Last resort: never leave a request hanging or crash the host process.
      if (!res.headersSent) sendJson(res, 500, { error: { type: 'api_error', message: String(err) } });
      else res.destroy();
    }
  }
}
