import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import { request } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/db';
import { ServiceProcess, startService } from '../support/process';
import { createAppeal, uniqueSlug } from '../support/appeals';
import { waitFor } from '../support/wait';

const ADMIN = 'two-instances-security-admin-token-0123';
const LIMIT = 4;

/**
 * Checkouts alternated between two instances count against one limit. Each run uses a fresh
 * client address (through TRUST_PROXY), so counters left in a shared Redis by an earlier run
 * cannot matter.
 */
async function expectOneSharedCheckoutLimit(a: ServiceProcess, b: ServiceProcess): Promise<void> {
  const slug = uniqueSlug('shared-limit');
  await createAppeal(a, slug, {}, ADMIN);
  await waitFor(
    async () => (await request(b.url, 'GET', `/api/appeals/${slug}`, { token: null })).status === 200,
    2000,
    'B to know the appeal',
  );
  const client = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const statuses: number[] = [];
  for (let i = 0; i < LIMIT + 2; i++) {
    const via = i % 2 === 0 ? a : b;
    const res = await request(via.url, 'POST', `/api/appeals/${slug}/checkout`, {
      token: null,
      body: { amount: 1000 },
      headers: { 'x-forwarded-for': client },
    });
    statuses.push(res.status);
  }
  expect(statuses).toEqual([...Array<number>(LIMIT).fill(201), 429, 429]);
}

describe('two instances on one database', () => {
  let db: TestDatabase;
  afterEach(async () => {
    await db?.drop();
  });

  it('share one checkout limit through PostgreSQL', async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, ADMIN_TOKEN: ADMIN, CHECKOUT_RATE_LIMIT: String(LIMIT), TRUST_PROXY: '127.0.0.1' };
    const [a, b] = await Promise.all([startService(env), startService(env)]);
    try {
      await expectOneSharedCheckoutLimit(a, b);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 60_000);

  it('run the scheduled reconciliation on one instance only: the other skips every tick', async () => {
    db = await createTestDatabase();
    // Both schedulers tick every second.
    const env = { DATABASE_URL: db.url, ADMIN_TOKEN: ADMIN, RECONCILE_CRON: '* * * * * *', LOG_LEVEL: 'debug' };
    const [a, b] = await Promise.all([startService(env), startService(env)]);
    const skips = (s: ServiceProcess) =>
      s
        .output()
        .split('\n')
        .filter((l) => l.includes('scheduled reconciliation skipped')).length;
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      await waitFor(async () => skips(a) + skips(b) >= 3, 15_000, 'three skipped ticks');
      const [{ n }] = (await pg.query(`SELECT count(*)::int AS n FROM reconcile_runs`)).rows;
      expect(n).toBeGreaterThanOrEqual(2);
      // Exactly one instance skips, and no second holds two runs (one per tick, not one per instance).
      expect([skips(a), skips(b)].filter((k) => k > 0)).toHaveLength(1);
      const doubled = await pg.query(
        `SELECT date_trunc('second', started_at) AS s, count(*)::int AS n FROM reconcile_runs GROUP BY 1 HAVING count(*) > 1`,
      );
      expect(doubled.rows).toEqual([]);
      // The lock is held by one backend, on its own connection.
      const locks = await pg.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      expect(locks.rows[0].n).toBe(1);
    } finally {
      await pg.end();
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 60_000);
});

const redisUrl = process.env.REDIS_URL;
(redisUrl ? describe : describe.skip)('two instances with REDIS_URL', () => {
  let db: TestDatabase;
  afterEach(async () => {
    await db?.drop();
  });

  it('share one checkout limit through Redis', async () => {
    db = await createTestDatabase();
    const env = {
      DATABASE_URL: db.url,
      ADMIN_TOKEN: ADMIN,
      CHECKOUT_RATE_LIMIT: String(LIMIT),
      TRUST_PROXY: '127.0.0.1',
      REDIS_URL: redisUrl!,
    };
    const [a, b] = await Promise.all([startService(env), startService(env)]);
    try {
      await expectOneSharedCheckoutLimit(a, b);
      // The counters are in Redis, not in the database.
      const pg = new Client({ connectionString: db.url });
      await pg.connect();
      try {
        expect((await pg.query(`SELECT count(*)::int AS n FROM rate_limits`)).rows[0].n).toBe(0);
      } finally {
        await pg.end();
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 60_000);
});
