import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../../src/database/data-source';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

export interface ScratchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A PostgreSQL server the harness may create and drop databases on. */
export interface ScratchServer {
  /** The server's `postgres` database, for administrative statements. */
  adminUrl: string;
  embedded: boolean;
  /** A new, migrated database that nothing else uses. */
  database(label: string): Promise<ScratchDatabase>;
  stop(): Promise<void>;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * With DATABASE_URL: that server (the harness creates its own databases there and drops them;
 * it never writes to the database the URL names). Without: an embedded PostgreSQL in a
 * temporary folder, as `npm start` would run, removed at the end.
 */
export async function scratchServer(): Promise<ScratchServer> {
  const given = process.env.DATABASE_URL;
  if (given) return serverAt(withDatabase(given, 'postgres'), false, async () => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'appeal-harness-'));
  const pg = await startEmbeddedPostgres(join(dir, 'postgres'), { persistent: false, database: 'postgres' });
  return serverAt(pg.url, true, async () => {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  });
}

function serverAt(adminUrl: string, embedded: boolean, stop: () => Promise<void>): ScratchServer {
  return {
    adminUrl,
    embedded,
    stop,
    database: async (label) => {
      const name = `${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
      await withClient(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
      const url = withDatabase(adminUrl, name);
      await runMigrations(url);
      return {
        url,
        name,
        drop: async () => {
          await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
        },
      };
    },
  };
}

/** Runs `fn` with one short-lived client; the harness's own reads never go through the service. */
export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
