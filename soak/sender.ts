import { HttpClient } from '../bench/lib/http';
import { Random } from '../bench/lib/random';
import { signatureOf } from '../bench/lib/stripe-events';
import { PlannedEvent } from './scenario';

/** One planned delivery: `copies` > 1 sends the same event on that many connections at once. */
export interface Delivery {
  event: PlannedEvent;
  copies: number;
}

export interface SendStats {
  deliveries: number;
  acknowledged: number;
  retried: number;
  gaveUp: number;
  statuses: Map<string, number>;
  outcomes: Map<string, number>;
  /** A few answers that were neither 2xx nor the 503 that asks for a redelivery, for the report. */
  oddAnswers: string[];
}

/**
 * Every event once, plus duplicates up to `total` deliveries: some as later replays, some as
 * bursts of the same event on concurrent connections. Shuffled, so refunds and disputes often
 * arrive before the payment they refer to.
 */
export function scheduleDeliveries(events: PlannedEvent[], total: number, rnd: Random): Delivery[] {
  const items: Delivery[] = events.map((event) => ({ event, copies: 1 }));
  let budget = Math.max(0, total - events.length);
  while (budget > 0) {
    const event = rnd.pick(events);
    const copies = rnd.chance(0.3) ? Math.min(budget, rnd.int(2, 5)) : 1;
    items.push({ event, copies });
    budget -= copies;
  }
  return rnd.shuffle(items);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Delivers like Stripe: anything but a 2xx (including a refused or reset connection) is sent
 * again later, re-signed with a fresh timestamp, with exponential backoff (compressed from
 * Stripe's hours to milliseconds) until the deadline.
 */
export class StripeLikeSender {
  readonly stats: SendStats = {
    deliveries: 0,
    acknowledged: 0,
    retried: 0,
    gaveUp: 0,
    statuses: new Map(),
    outcomes: new Map(),
    oddAnswers: [],
  };
  private readonly queue: Array<{ event: PlannedEvent; copies: number; attempt: number }> = [];
  private waitingRetries = 0;
  private dispatched = 0;

  constructor(
    private readonly client: HttpClient,
    private readonly secret: string,
    private readonly opts: { concurrency: number; deadline: number; onDispatched?: (n: number) => void },
  ) {}

  async run(deliveries: Delivery[]): Promise<SendStats> {
    this.stats.deliveries = deliveries.reduce((n, d) => n + d.copies, 0);
    this.queue.push(...deliveries.map((d) => ({ ...d, attempt: 0 })));
    await Promise.all(Array.from({ length: this.opts.concurrency }, () => this.worker()));
    return this.stats;
  }

  private async worker(): Promise<void> {
    for (;;) {
      const item = this.queue.shift();
      if (!item) {
        if (this.waitingRetries === 0) return;
        await sleep(10);
        continue;
      }
      if (item.attempt === 0) this.opts.onDispatched?.(++this.dispatched);
      const reached = await Promise.all(Array.from({ length: item.copies }, () => this.attempt(item.event, item.attempt)));
      // Like Stripe, slow down against an endpoint that does not answer at all (it is restarting).
      if (reached.includes(false)) await sleep(100);
    }
  }

  /** False when the endpoint could not be reached at all (refused, reset, timed out). */
  private async attempt(event: PlannedEvent, attempt: number): Promise<boolean> {
    let label: string;
    let reached = true;
    try {
      const headers = { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signatureOf(event.payload, this.secret) };
      const res = await this.client.send('POST', '/webhooks/stripe', event.payload, headers, 15_000);
      label = String(res.status);
      if (res.status >= 200 && res.status < 300) {
        this.count(this.stats.statuses, label);
        this.count(this.stats.outcomes, safeOutcome(res.body));
        this.stats.acknowledged++;
        return true;
      }
      if (res.status !== 503 && this.stats.oddAnswers.length < 10)
        this.stats.oddAnswers.push(`${event.type} ${event.id}: ${res.status} ${res.body.slice(0, 300)}`);
    } catch (e) {
      label = (e as { code?: string }).code ?? 'network error';
      reached = false;
    }
    this.count(this.stats.statuses, label);
    this.retryLater(event, attempt + 1);
    return reached;
  }

  private retryLater(event: PlannedEvent, attempt: number): void {
    if (Date.now() > this.opts.deadline) {
      this.stats.gaveUp++;
      return;
    }
    this.stats.retried++;
    this.waitingRetries++;
    const backoff = Math.min(2000, 50 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random());
    setTimeout(() => {
      this.waitingRetries--;
      this.queue.push({ event, copies: 1, attempt });
    }, backoff);
  }

  private count(map: Map<string, number>, key: string): void {
    map.set(key, (map.get(key) ?? 0) + 1);
  }
}

function safeOutcome(body: string): string {
  try {
    return String((JSON.parse(body) as { outcome?: unknown }).outcome ?? 'none');
  } catch {
    return 'unparsable';
  }
}
