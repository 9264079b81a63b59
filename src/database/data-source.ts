import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { Appeal } from '../appeals/appeal.entity';
import { OrganiserToken } from '../auth/organiser-token.entity';
import { Dispute } from '../donations/dispute.entity';
import { Refund } from '../donations/refund.entity';
import { Donation } from '../donations/donation.entity';
import { ReconcileRun } from '../payments/stripe/reconcile-run.entity';
import { StripeEvent } from '../payments/stripe/stripe-event.entity';
import { OrganiserSession } from '../auth/session/organiser-session.entity';
import { StripeEventFailure } from '../payments/health/stripe-event-failure.entity';
import { AppealTotals } from '../donations/appeal-totals.entity';

export const ENTITIES = [Appeal, AppealTotals, OrganiserToken, Donation, Refund, Dispute, StripeEvent, ReconcileRun, OrganiserSession, StripeEventFailure];

// Compiled code loads dist/migrations/*.js; Jest and the CLI under swc load the .ts sources.
const migrationExt = __filename.endsWith('.ts') ? 'ts' : 'js';
export const MIGRATIONS_GLOB = join(__dirname, '..', '..', 'migrations', `*.${migrationExt}`);

/** The one set of options used by the app, the CLI and the tests. `synchronize` is always off. */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'migrations',
    uuidExtension: 'pgcrypto', // gen_random_uuid() is built into PostgreSQL 13+; no extension to install
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false, // failures surface as exceptions that the callers map or log once
    extra: {
      max: 20,
      connectionTimeoutMillis: 5000,
      // pg-pool hands a new client to TypeORM before TypeORM's 'error' listener is attached (one
      // promise tick later). A FATAL that arrives in the same packet as ReadyForQuery (PostgreSQL
      // shutting down, pg_terminate_backend) is emitted in that gap and, with no listener, would
      // crash the process. This listener only keeps it alive: the dead client then fails its
      // first query, which is reported (5xx) and retried like any other database error.
      onConnect: (client: { on(event: 'error', fn: () => void): unknown }) => { client.on('error', () => undefined); },
    },
    ...extra,
  } as DataSourceOptions;
}

export function createDataSource(url: string): DataSource {
  return new DataSource(dataSourceOptions(url));
}

/** Runs pending migrations on a short-lived connection and returns their names. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = await createDataSource(url).initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
