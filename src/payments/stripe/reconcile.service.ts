import { Injectable, Logger } from '@nestjs/common';
import type Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { CheckoutDonationsRepository } from '../../donations/checkout-donations.repository';
import { LedgerService } from '../../donations/ledger.service';
import { CheckoutSessionPaidHandler } from './handlers/checkout-session.handler';
import { PaymentsError } from './payments.error';
import { ReconcileRun } from './reconcile-run.entity';
import { StripeEvent } from './stripe-event.entity';
import { StripeGateway } from './stripe-gateway';
import { WebhookService } from './webhook.service';

export interface ReconcileReport {
  eventsFound: number;
  eventsApplied: number;
  eventsDeferred: number;
  pendingChecked: number;
  pendingResolved: number;
  applied: Array<{ id: string; type: string; outcome: string }>;
}

// Stripe keeps events for 30 days; overlap the resume point so events created in the same
// second as the last one seen are not skipped.
const FIRST_RUN_LOOKBACK_S = 30 * 24 * 3600;
const OVERLAP_S = 300;
const PENDING_AGE_MS = 24 * 3600 * 1000;

/**
 * Repairs missed webhooks (downtime past Stripe's retries, a wrong secret): lists events from
 * the Events API since the newest one applied and feeds them through the same idempotent path
 * as webhooks; then re-checks donations still pending after a day.
 */
@Injectable()
export class ReconcileService {
  private readonly logger = new Logger(ReconcileService.name);
  private running: Promise<ReconcileReport> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly donations: CheckoutDonationsRepository,
    private readonly gateway: StripeGateway,
    private readonly webhooks: WebhookService,
    private readonly ledger: LedgerService,
    private readonly paid: CheckoutSessionPaidHandler,
  ) {}

  /** One pass at a time per instance; concurrent passes on several instances are harmless. */
  run(): Promise<ReconcileReport> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<ReconcileReport> {
    const runs = this.ds.getRepository(ReconcileRun);
    const run = await runs.save(runs.create({ startedAt: new Date() }));
    const report: ReconcileReport = {
      eventsFound: 0,
      eventsApplied: 0,
      eventsDeferred: 0,
      pendingChecked: 0,
      pendingResolved: 0,
      applied: [],
    };
    try {
      await this.replayEvents(report);
      await this.recheckPending(report);
    } catch (e) {
      run.error = e instanceof Error ? e.message : String(e);
      this.logger.error(`reconciliation failed: ${run.error}`);
    }
    Object.assign(run, {
      finishedAt: new Date(),
      eventsFound: report.eventsFound,
      eventsApplied: report.eventsApplied,
      pendingChecked: report.pendingChecked,
      pendingResolved: report.pendingResolved,
    });
    await runs.save(run);
    if (run.error) throw new Error(run.error);
    return report;
  }

  private async replayEvents(report: ReconcileReport): Promise<void> {
    const newest = await this.ds
      .getRepository(StripeEvent)
      .createQueryBuilder('e')
      .select('max(e.created)', 'max')
      .getRawOne<{ max: Date | null }>();
    const since = newest?.max
      ? Math.floor(new Date(newest.max).getTime() / 1000) - OVERLAP_S
      : Math.floor(Date.now() / 1000) - FIRST_RUN_LOOKBACK_S;
    const events: Stripe.Event[] = [];
    for await (const e of this.gateway.stripe.events.list({ types: this.webhooks.handledTypes, created: { gte: since }, limit: 100 }))
      events.push(e);
    // The API lists newest first; reversing keeps Stripe's order among events of the same second
    // (a completion before its refund), then a stable sort puts everything oldest first.
    events.reverse().sort((a, b) => a.created - b.created);
    report.eventsFound = events.length;
    for (const event of events) {
      try {
        const outcome = await this.webhooks.process(event, 'reconcile');
        if (outcome === 'duplicate') continue;
        report.eventsApplied++;
        report.applied.push({ id: event.id, type: event.type, outcome });
      } catch (e) {
        // An event the service refuses (a 400) is never stored, so rethrowing would stop every
        // later run at it and leave newer missed events unapplied: log it and go on.
        if (e instanceof PaymentsError && e.code === 'bad_event') {
          this.logger.warn(`event ${event.id} (${event.type}) refused: ${e.message}`);
          continue;
        }
        if (!(e instanceof PaymentsError && e.kind === 'retry_later')) throw e;
        report.eventsDeferred++;
      }
    }
  }

  /** Sessions still pending after a day: ask Stripe what became of them. */
  private async recheckPending(report: ReconcileReport): Promise<void> {
    const stale = await this.donations.stalePending(new Date(Date.now() - PENDING_AGE_MS), 500);
    for (const d of stale) {
      report.pendingChecked++;
      const session = await this.gateway.stripe.checkout.sessions.retrieve(d.stripeCheckoutSessionId!);
      const outcome = await this.ledger.transaction(async (em) => {
        if (session.status === 'expired') return (await this.ledger.close(em, d.id, 'expired')).changed;
        if (session.status === 'complete' && session.payment_status === 'paid') {
          const synthetic = {
            id: `reconcile:${session.id}`,
            type: 'checkout.session.completed',
            created: Math.floor(Date.now() / 1000),
            data: { object: session },
          } as unknown as Stripe.Event;
          return (await this.paid.handle(em, synthetic)) === 'counted';
        }
        return false;
      });
      if (outcome) report.pendingResolved++;
    }
  }
}
