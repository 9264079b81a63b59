import Stripe from 'stripe';

export interface DeliveryRecord {
  eventId: string;
  status: number | 'error';
  at: number;
}

export interface DeliveryOptions {
  url: string;
  secret: string;
  retryDelaysMs: number[];
  /** Called for every attempt, successful or not. */
  onAttempt: (record: DeliveryRecord) => void;
}

// Stripe gives an endpoint roughly this long before counting the attempt as failed.
const ATTEMPT_TIMEOUT_MS = 10_000;

const isSuccess = (status: number | 'error') => typeof status === 'number' && status >= 200 && status < 300;

/**
 * Posts events to the webhook endpoint like Stripe: first attempts in creation order, one at a
 * time; failures are retried later on their own schedule (same event id, fresh signature), so a
 * failing event never blocks the ones behind it.
 */
export class WebhookDeliverer {
  private readonly queue: Stripe.Event[] = [];
  private draining = false;
  private inFlight = 0;
  private stopped = false;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly aborts = new Set<AbortController>();
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly opts: DeliveryOptions) {}

  /** The service's own port is only known once it listens, after the sandbox has started. */
  setUrl(url: string): void {
    this.opts.url = url;
  }

  enqueue(event: Stripe.Event): void {
    if (this.stopped) return;
    this.queue.push(event);
    void this.drain();
  }

  /** One attempt now, outside the automatic schedule (like "Resend" in the Dashboard). */
  async attempt(event: Stripe.Event): Promise<number | 'error'> {
    this.inFlight++;
    try {
      return await this.post(event);
    } finally {
      this.inFlight--;
      this.notifyIfIdle();
    }
  }

  /** Resolves once nothing is queued, in flight, or waiting for a retry. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
    for (const a of this.aborts) a.abort();
    this.notifyIfIdle(true);
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const event = this.queue.shift() as Stripe.Event;
        const status = await this.attempt(event);
        if (!isSuccess(status)) this.scheduleRetry(event, 0);
      }
    } finally {
      this.draining = false;
      this.notifyIfIdle();
    }
  }

  private scheduleRetry(event: Stripe.Event, index: number): void {
    const delay = this.opts.retryDelaysMs[index];
    if (delay === undefined || this.stopped) return; // schedule exhausted: Stripe gives up too
    const timer = setTimeout(() => {
      void this.attempt(event).then((status) => {
        // Delete only after the attempt so whenIdle() cannot resolve between timer and POST.
        this.retryTimers.delete(timer);
        if (!isSuccess(status)) this.scheduleRetry(event, index + 1);
        this.notifyIfIdle();
      });
    }, delay);
    // A service using the sandbox must still be able to exit while retries are pending.
    timer.unref();
    this.retryTimers.add(timer);
  }

  private async post(event: Stripe.Event): Promise<number | 'error'> {
    // Stripe sends pretty-printed JSON; the signature must cover exactly these bytes.
    const payload = JSON.stringify(event, null, 2);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: this.opts.secret });
    const abort = new AbortController();
    const timeout = setTimeout(() => abort.abort(), ATTEMPT_TIMEOUT_MS);
    this.aborts.add(abort);
    let status: number | 'error';
    try {
      const res = await fetch(this.opts.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Stripe-Signature': signature,
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          Accept: '*/*; q=0.5, application/xml',
          'Cache-Control': 'no-cache',
        },
        body: payload,
        redirect: 'manual', // Stripe does not follow redirects; a 3xx counts as a failure
        signal: abort.signal,
      });
      await res.arrayBuffer().catch(() => undefined); // release the socket
      status = res.status;
    } catch {
      status = 'error';
    } finally {
      clearTimeout(timeout);
      this.aborts.delete(abort);
    }
    if (isSuccess(status)) event.pending_webhooks = 0;
    if (!this.stopped) this.opts.onAttempt({ eventId: event.id, status, at: Date.now() });
    return status;
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && !this.draining && this.inFlight === 0 && this.retryTimers.size === 0;
  }

  private notifyIfIdle(force = false): void {
    if (!force && !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
