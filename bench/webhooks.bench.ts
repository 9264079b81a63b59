import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { createDataSource } from '../src/database/data-source';
import { auditLedger } from '../src/donations/ledger-audit';
import { ADMIN_TOKEN, BenchContext, serviceEnv, WEBHOOK_SECRET } from './lib/context';
import { withClient } from './lib/database';
import { HttpClient } from './lib/http';
import { applyPaidSession, PaidSession } from './lib/ledger-sql';
import { runPool } from './lib/load';
import { Result } from './lib/report';
import { startService } from './lib/service';
import { eventOf, payloadOf, sessionObject, signatureOf } from './lib/stripe-events';

const SPREAD = 100;
const CONCURRENCY = [1, 8, 32];

/**
 * Signed checkout.session.completed ingest, one hot appeal and 100 appeals, at 1, 8 and 32
 * concurrent senders, against the same ledger transaction run directly through `pg` on a
 * database of its own (so the service's LISTEN does not load the baseline). Totals are checked
 * exact after every run.
 */
export async function webhookIngest(ctx: BenchContext): Promise<Result[]> {
  const perRun = ctx.quick ? 60 : 600;
  const [svcDb, pgDb] = [await ctx.server.database('bench_ingest'), await ctx.server.database('bench_ingest_pg')];
  const svc = await startService(serviceEnv(svcDb.url));
  const client = new HttpClient(svc.url, 64);
  const pool = new Pool({ connectionString: pgDb.url, max: 32 });
  const slugs = ['hot', ...Array.from({ length: SPREAD }, (_, i) => `spread-${i}`)];
  const results: Result[] = [];
  try {
    await createAppeals(client, slugs);
    await withClient(pgDb.url, (c) => copyAppeals(c, slugs));
    for (const shape of ['one hot appeal', `${SPREAD} appeals`]) {
      for (const c of CONCURRENCY) {
        const sessions = makeSessions(perRun, shape === 'one hot appeal' ? ['hot'] : slugs.slice(1));
        const direct = await viaPg(pool, sessions, c);
        await expectExact(pgDb.url, sessions, 'pg baseline');
        const served = await viaHttp(client, sessions, c);
        await expectExact(svcDb.url, sessions, 'service');
        await Promise.all([reset(svcDb.url), reset(pgDb.url)]);
        const ratio = served / direct;
        results.push({
          bench: 'webhook ingest',
          case: `${shape}, ${c} sender${c > 1 ? 's' : ''}`,
          value: served,
          unit: 'events/s',
          baseline: direct,
          baselineLabel: 'same transaction via pg',
          ratio,
          goal: '>= 0.5x',
          pass: ratio >= 0.5,
          note: 'totals exact',
        });
        ctx.log(`webhook ingest ${shape} x${c}: ${served.toFixed(0)} vs ${direct.toFixed(0)} events/s`);
      }
    }
  } finally {
    client.close();
    await pool.end();
    await svc.stop();
    await svcDb.drop();
    await pgDb.drop();
  }
  return results;
}

function makeSessions(n: number, slugs: string[]): PaidSession[] {
  return Array.from({ length: n }, (_, i) => {
    const id = randomBytes(8).toString('hex');
    const who = Math.floor(Math.random() * 500);
    return {
      eventId: `evt_bench_${id}`,
      sessionId: `cs_test_bench_${id}`,
      paymentIntent: `pi_bench_${id}`,
      appeal: slugs[i % slugs.length],
      amount: 500 + Math.floor(Math.random() * 10_000),
      currency: 'usd',
      email: `donor${who}@example.org`,
      name: `Donor ${who}`,
    };
  });
}

async function viaHttp(client: HttpClient, sessions: PaidSession[], concurrency: number): Promise<number> {
  const payloads = sessions.map((s) =>
    payloadOf(
      eventOf(s.eventId, 'checkout.session.completed', sessionObject({ ...s, charge: `ch_${s.eventId}` }), Math.floor(Date.now() / 1000)),
    ),
  );
  const ms = await runPool(sessions.length, concurrency, async (i) => {
    const res = await client.send('POST', '/webhooks/stripe', payloads[i], {
      'content-type': 'application/json; charset=utf-8',
      'stripe-signature': signatureOf(payloads[i], WEBHOOK_SECRET),
    });
    if (res.status !== 200 || !res.body.includes('"counted"')) throw new Error(`webhook answered ${res.status} ${res.body}`);
  });
  return sessions.length / (ms / 1000);
}

async function viaPg(pool: Pool, sessions: PaidSession[], concurrency: number): Promise<number> {
  const ms = await runPool(sessions.length, concurrency, async (i) => {
    const c = await pool.connect();
    try {
      await applyPaidSession(c, sessions[i]);
    } finally {
      c.release();
    }
  });
  return sessions.length / (ms / 1000);
}

/** Every session counted once: totals equal the independent sum, and the ledger audit is clean. */
async function expectExact(url: string, sessions: PaidSession[], who: string): Promise<void> {
  const want = new Map<string, { raised: number; n: number }>();
  for (const s of sessions) {
    const w = want.get(s.appeal) ?? { raised: 0, n: 0 };
    want.set(s.appeal, { raised: w.raised + s.amount, n: w.n + 1 });
  }
  const rows = await withClient(
    url,
    async (c) =>
      (
        await c.query<{ slug: string; raised: string; n: number }>(
          'SELECT a.slug, t.raised, t.donation_count AS n FROM appeal_totals t JOIN appeals a ON a.id = t.appeal_id WHERE t.donation_count > 0',
        )
      ).rows,
  );
  const wrong = rows.filter((r) => Number(r.raised) !== want.get(r.slug)?.raised || r.n !== want.get(r.slug)?.n);
  if (wrong.length || rows.length !== want.size)
    throw new Error(`${who}: totals differ from the deliveries for ${wrong.map((r) => r.slug).join(', ') || 'some appeals'}`);
  const ds = await createDataSource(url).initialize();
  try {
    const problems = await auditLedger(ds);
    if (problems.length) throw new Error(`${who}: ledger audit: ${problems.slice(0, 3).join('; ')}`);
  } finally {
    await ds.destroy();
  }
}

async function reset(url: string): Promise<void> {
  await withClient(url, (c) =>
    c.query(`TRUNCATE donations, refunds, disputes, stripe_events CASCADE;
    UPDATE appeal_totals SET raised = 0, donation_count = 0, donor_count = 0`),
  );
}

async function createAppeals(client: HttpClient, slugs: string[]): Promise<void> {
  await runPool(slugs.length, 8, async (i) => {
    const res = await client.json(
      'POST',
      '/api/appeals',
      { slug: slugs[i], title: slugs[i], currency: 'usd', target: 1_000_000_000, status: 'active' },
      ADMIN_TOKEN,
    );
    if (res.status !== 201) throw new Error(`appeal ${slugs[i]}: ${res.status} ${res.body}`);
  });
}

/** The baseline database gets the same appeals, written directly. */
async function copyAppeals(c: Client, slugs: string[]): Promise<void> {
  await c.query(
    `WITH a AS (INSERT INTO appeals (slug, title, currency, target, status) SELECT s, s, 'usd', 1000000000, 'active' FROM unnest($1::text[]) s RETURNING id)
    INSERT INTO appeal_totals (appeal_id) SELECT id FROM a`,
    [slugs],
  );
}
