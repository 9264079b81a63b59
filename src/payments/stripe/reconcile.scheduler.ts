import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { AppConfig } from '../../config/app-config';
import { ReconcileService } from './reconcile.service';

/** Runs reconciliation on RECONCILE_CRON (a setting, so it cannot be a static @Cron). */
@Injectable()
export class ReconcileScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReconcileScheduler.name);

  constructor(private readonly config: AppConfig, private readonly registry: SchedulerRegistry, private readonly reconcile: ReconcileService) {}

  onApplicationBootstrap(): void {
    if (this.config.RECONCILE_CRON === 'off') return;
    const job = CronJob.from({
      cronTime: this.config.RECONCILE_CRON,
      onTick: () => this.reconcile.run().then(
        (r) => { if (r.eventsApplied || r.pendingResolved) this.logger.log(`reconciled: ${r.eventsApplied} events applied, ${r.pendingResolved} pending resolved`); },
        (e: unknown) => this.logger.error(`scheduled reconciliation failed: ${e instanceof Error ? e.message : e}`),
      ),
    });
    this.registry.addCronJob('stripe-reconcile', job as never);
    job.start();
  }
}
