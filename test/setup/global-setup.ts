import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../../src/database/data-source';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * One PostgreSQL for the run: TEST_DATABASE_URL or DATABASE_URL when set, otherwise an embedded
 * one in a temporary directory. The real migrations build a template database once; every
 * test file then clones it (CREATE DATABASE ... TEMPLATE), so files run in parallel, isolated.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'appeal-tracker-test-pg-'));
    const db = await startEmbeddedPostgres(dir, { persistent: false, database: 'postgres' });
    (globalThis as { __embeddedPg?: typeof db }).__embeddedPg = db;
    serverUrl = db.url;
  }
  const template = `appeal_tpl_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  await runMigrations(withDatabase(serverUrl, template));
  process.env.TEST_PG_SERVER_URL = serverUrl;
  process.env.TEST_PG_TEMPLATE = template;
  // Child processes started by tests (the service itself) must not inherit a DATABASE_URL by accident.
  delete process.env.DATABASE_URL;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
