import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import type { ActionTarget } from './actions';
import { ApiRoutes, type ApiContext } from './api-routes';
import { handleControl, type ControlContext } from './control-routes';
import type { DisputeStage } from './dispute-lifecycle';
import { buildEvent, type EventRequest, type ObjectOf, type PreviousOf, type SandboxEventType } from './event-object';
import { findEvent } from './event-list';
import { sendJson } from './http-util';
import { newId } from './ids';
import { SandboxLedger, type PayOutcome, type SettleOutcome } from './sandbox-ledger';
import type { RenewalFailure } from './subscription-lifecycle';
import { WebhookDeliverer, type DeliveryRecord } from './webhook-delivery';

export type { DeliveryRecord } from './webhook-delivery';
export type { PayOutcome, SettleOutcome } from './sandbox-ledger';
export type { DisputeStage } from './dispute-lifecycle';
export type { RenewalFailure, SubscriptionRecord } from './subscription-lifecycle';

export interface SandboxOptions {
  /** Where to POST events, e.g. http://127.0.0.1:3000/webhooks/stripe */
  webhookUrl: string;
  /** whsec_... used to sign deliveries */
  webhookSecret: string;
  /** Loopback port of the Stripe-like API; default 0 (any free port). */
  port?: number;
  /** Base URL of the test payment page, which the host service serves: session URLs are `${publicUrl}/pay/:id`. */
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
// The API and the events list answer to this machine only, whatever HOST the service binds:
// they need no exposure, since the service is their only client and donors pay through its port.
const LOOPBACK = '127.0.0.1';

/**
 * Offline stand-in for the Stripe API and webhook delivery. The real SDK talks to it via
 * `new Stripe(sandbox.apiKey, { host: '127.0.0.1', port, protocol: 'http' })`; the host service
 * renders the test payment page and the organiser's controls from its state (src/pages/sandbox).
 */
export class StripeSandbox implements ApiContext, ControlContext, ActionTarget {
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
    const server = createServer((req, res) => void this.dispatch(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port ?? 0, LOOPBACK, () => resolve());
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `http://${LOOPBACK}:${port}`;
    return { url: this.baseUrl, host: LOOPBACK, port };
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

  /** The loopback address of the Stripe-like API (what the SDK talks to). */
  apiUrl(): string {
    if (!this.baseUrl) throw new Error('StripeSandbox not started');
    return this.baseUrl;
  }

  publicUrl(): string {
    const url = this.opts.publicUrl ?? (this.baseUrl && `${this.baseUrl}/sandbox`);
    if (!url) throw new Error('StripeSandbox not started and no publicUrl configured');
    return url.replace(/\/+$/, '');
  }

  takeFailNextCreate(): boolean {
    const fail = this.failNextCreate;
    this.failNextCreate = false;
    return fail;
  }

  // Controls (the test page, the organiser's sandbox page and API, tests). They return once the
  // events are stored; delivery happens asynchronously.

  async pay(sessionId: string, outcome: PayOutcome): Promise<Stripe.Event[]> {
    return this.ledger.pay(sessionId, outcome);
  }

  async settleDelayed(sessionId: string, outcome: SettleOutcome): Promise<Stripe.Event[]> {
    return this.ledger.settle(sessionId, outcome);
  }

  async expire(sessionId: string): Promise<Stripe.Event[]> {
    return this.ledger.expire(sessionId);
  }

  /** Refunds `amount` (default: all not yet refunded); `pending` leaves it cancellable. */
  async refund(paymentIntentOrSessionId: string, amount?: number, opts: { pending?: boolean } = {}): Promise<Stripe.Event[]> {
    return this.ledger.refunds.create(paymentIntentOrSessionId, amount, opts);
  }

  async failRefund(refundId: string): Promise<Stripe.Event[]> {
    return this.ledger.refunds.fail(refundId);
  }

  async cancelRefund(refundId: string): Promise<Stripe.Event[]> {
    return this.ledger.refunds.cancel(refundId);
  }

  async dispute(paymentIntentOrSessionId: string, stage: DisputeStage): Promise<Stripe.Event[]> {
    return this.ledger.disputes.advance(paymentIntentOrSessionId, stage);
  }

  /** Makes the subscription's next renewal attempt fail (`next`), or every attempt until Stripe cancels it (`all`). */
  async failRenewal(subscriptionOrSessionId: string, attempts: RenewalFailure = 'next'): Promise<Stripe.Event[]> {
    return this.ledger.billing.failRenewals(subscriptionOrSessionId, attempts);
  }

  /** Pays a past-due subscription's open invoice now (the donor fixed their card). */
  async retryRenewal(subscriptionOrSessionId: string): Promise<Stripe.Event[]> {
    return this.ledger.billing.retryNow(subscriptionOrSessionId);
  }

  /** Cancels now (customer.subscription.deleted) or at period end (customer.subscription.updated now). */
  async cancelSubscription(subscriptionOrSessionId: string, opts: { atPeriodEnd?: boolean } = {}): Promise<Stripe.Event[]> {
    return this.ledger.billing.cancel(subscriptionOrSessionId, opts);
  }

  /** Moves the sandbox's test clock (every Checkout subscription is on it) by whole months, running what falls due. */
  async advanceMonths(months: number): Promise<Stripe.Event[]> {
    return this.ledger.billing.advanceMonths(months);
  }

  /** Wraps an object in an event of a type the sandbox sends, stores it and (if autoDeliver) delivers it. */
  async emit<T extends SandboxEventType>(type: T, object: ObjectOf<T>): Promise<Stripe.Event> {
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

  private record<T extends SandboxEventType>(type: T, object: ObjectOf<T>, request = NO_REQUEST, previous?: PreviousOf<T>): Stripe.Event {
    const event = buildEvent(type, object, request, previous) as Stripe.Event;
    this.events.push(event);
    if (this.autoDeliver) this.deliverer.enqueue(event);
    return event;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
      const path = url.pathname;
      if (path.startsWith('/v1/')) await this.api.handle(req, res, url);
      else if (path.startsWith('/sandbox/')) await this.api.guard(req, res, () => handleControl(this, req, res, path));
      else sendJson(res, 404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${path}).` } });
    } catch (err) {
      // Last resort: never leave a request hanging or crash the host process.
      if (!res.headersSent) sendJson(res, 500, { error: { type: 'api_error', message: String(err) } });
      else res.destroy();
    }
  }
}
