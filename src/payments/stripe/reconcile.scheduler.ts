import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { AdvisoryLock } from '../../database/advisory-lock';
import { ReconcileService } from './reconcile.service';

/** pg_try_advisory_lock key of the scheduled reconciliation (any constant unique in this database). */
export const RECONCILE_LOCK_KEY = 0x5eca_1a11n;

/**
 * Runs reconciliation on RECONCILE_CRON (a setting, so it cannot be a static @Cron). Every
 * instance schedules it; only the one holding the reconcile advisory lock runs it, so N
 * instances do not make N times the Stripe API calls.
 */
@Injectable()
export class ReconcileScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconcileScheduler.name);
  private readonly lock: AdvisoryLock;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly reconcile: ReconcileService,
    ds: DataSource,
  ) {
    this.lock = new AdvisoryLock((ds.options as { url: string }).url, RECONCILE_LOCK_KEY);
  }

  onApplicationBootstrap(): void {
    if (this.config.RECONCILE_CRON === 'off') return;
    const job = CronJob.from({ cronTime: this.config.RECONCILE_CRON, onTick: () => this.tick() });
    this.registry.addCronJob('stripe-reconcile', job as never);
    job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.lock.release();
  }

  async tick(): Promise<void> {
    try {
      if (!(await this.lock.acquire())) {
        this.logger.debug('scheduled reconciliation skipped: another instance holds the reconcile lock');
        return;
      }
      const r = await this.reconcile.run();
      if (r.eventsApplied || r.pendingResolved)
        this.logger.log(`reconciled: ${r.eventsApplied} events applied, ${r.pendingResolved} pending resolved`);
    } catch (e) {
      this.logger.error(`scheduled reconciliation failed: ${e instanceof Error ? e.message : e}`);
    }
  }
}
