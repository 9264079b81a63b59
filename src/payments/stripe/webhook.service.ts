import { Inject, Injectable, Logger } from '@nestjs/common';
import type Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../database/unique-violation';
import { MetricsService } from '../../metrics/metrics.service';
import { Outcome, STRIPE_EVENT_HANDLERS, StripeEventHandler } from './handlers/handler';
import { DomainError } from '../../common/domain-error';
import { STRIPE_API_VERSION } from './stripe-api-version';
import { EVENT_SEEN, INSERT_STRIPE_EVENT, SET_EVENT_OUTCOME } from '../payments.queries';

export type ProcessResult = Outcome | 'duplicate';

/**
 * Applies one verified Stripe event exactly once. The event id is inserted in the same
 * transaction as its ledger changes: a duplicate (even one arriving concurrently, which waits
 * on the primary key) finds the row and changes nothing; a failure rolls both back, so the
 * event is applied when Stripe (or reconciliation) delivers it again.
 */
@Injectable()
export class WebhookService {
  private readonly logger = new Logger(WebhookService.name);
  private readonly byType = new Map<string, StripeEventHandler>();

  constructor(
    private readonly ds: DataSource,
    private readonly metrics: MetricsService,
    @Inject(STRIPE_EVENT_HANDLERS) handlers: StripeEventHandler[],
  ) {
    for (const h of handlers) for (const t of h.types) this.byType.set(t, h);
  }

  get handledTypes(): string[] {
    return [...this.byType.keys()];
  }

  async process(event: Stripe.Event, via: 'webhook' | 'reconcile'): Promise<ProcessResult> {
    const other = otherApiVersion(event);
    if (other) this.metrics.otherApiVersion.labels(other).inc();
    try {
      // Two events for one payment (completed and async_payment_succeeded, sent together) can both
      // find no donation and both insert one; the loser's unique violation means the winner has
      // committed, so applying once more finds its row instead of answering 500.
      const outcome = await this.apply(event, via).catch((e: unknown) => {
        if (isUniqueViolation(e)) return this.apply(event, via);
        throw e;
      });
      this.metrics.webhookEvents.labels(event.type, outcome).inc();
      return outcome;
    } catch (e) {
      const outcome = e instanceof DomainError && e.kind === 'retry_later' ? 'retry_later' : 'failed';
      this.metrics.webhookEvents.labels(event.type, outcome).inc();
      if (outcome === 'failed') this.logger.error(`event ${event.id} (${event.type}) failed: ${e instanceof Error ? e.stack : e}`);
      throw e;
    }
  }

  private async apply(event: Stripe.Event, via: 'webhook' | 'reconcile'): Promise<ProcessResult> {
    const handler = this.byType.get(event.type);
    let prepared: unknown;
    if (handler?.prepare) {
      // Reads from the Stripe API happen here, before any lock; a replay skips them.
      if (await this.seen(event.id)) return 'duplicate';
      prepared = await handler.prepare(this.ds.manager, event);
    }
    return this.ds.transaction(async (em) => {
      // Plain SQL: these two statements run for every delivery, duplicates included.
      const inserted = (await em.query(INSERT_STRIPE_EVENT, [
        event.id,
        event.type,
        new Date(event.created * 1000),
        via,
        otherApiVersion(event),
      ])) as unknown[];
      if (!inserted.length) return 'duplicate';
      const outcome: Outcome = handler ? await handler.handle(em, event, prepared) : 'ignored';
      await em.query(SET_EVENT_OUTCOME, [event.id, outcome]);
      return outcome;
    });
  }

  private async seen(eventId: string): Promise<boolean> {
    return ((await this.ds.query(EVENT_SEEN, [eventId])) as unknown[]).length > 0;
  }
}

/** The event's api_version when it is not the pinned one (null when it matches or is absent). */
export function otherApiVersion(event: Pick<Stripe.Event, 'api_version'>): string | null {
  const v = event.api_version;
  return typeof v === 'string' && v !== STRIPE_API_VERSION ? v.slice(0, 64) : null;
}
