import { NestFactory } from '@nestjs/core';
import { AppConfig } from './config/app-config';
import { AppModule } from './app.module';
import { ReconcileService } from './payments/stripe/reconcile.service';

/** `npm run reconcile`: one pass, printed, then exit (non-zero on failure). */
export async function runReconcile(config: AppConfig, databaseUrl: string): Promise<number> {
  const quiet = Object.assign(Object.create(Object.getPrototypeOf(config)) as AppConfig, config, {
    RECONCILE_CRON: 'off',
    LOG_LEVEL: 'warn',
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config: quiet, databaseUrl }), { logger: ['error', 'warn'] });
  try {
    const r = await app.get(ReconcileService).run();
    console.log(
      `Reconciliation: ${r.eventsFound} events found, ${r.eventsApplied} applied, ${r.eventsDeferred} deferred (payment not recorded yet); ` +
        `${r.pendingChecked} stale pending donations checked, ${r.pendingResolved} resolved.`,
    );
    for (const a of r.applied) console.log(`  applied ${a.id} ${a.type} -> ${a.outcome}`);
    return 0;
  } catch (e) {
    console.error(`Reconciliation failed: ${e instanceof Error ? e.message : e}`);
    return 1;
  } finally {
    await app.close();
  }
}
