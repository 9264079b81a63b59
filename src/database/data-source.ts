import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';

// Compiled code loads dist/**/*.js; Jest and the CLI under swc load the .ts sources.
const ext = __filename.endsWith('.ts') ? 'ts' : 'js';
export const MIGRATIONS_GLOB = join(__dirname, '..', '..', 'migrations', `*.${ext}`);
/**
 * Every module's entities, found by file name so that this bottom module imports no feature. The
 * running app does not use it: each module registers its own with forFeature (autoLoadEntities).
 */
export const ENTITIES_GLOB = join(__dirname, '..', '**', `*.entity.${ext}`);

/** The one set of options used by the app, the CLI and the tests. `synchronize` is always off. */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [ENTITIES_GLOB],
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
      onConnect: (client: { on(event: 'error', fn: () => void): unknown }) => {
        client.on('error', () => undefined);
      },
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
