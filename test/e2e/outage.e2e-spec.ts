import { createServer, connect, Server, Socket } from 'node:net';
import { Client } from 'pg';
import Stripe from 'stripe';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/db';
import { deliver, event, session, WEBHOOK_SECRET } from '../support/stripe-events';
import { createAppeal } from '../support/appeals';
import { expectLedgerConsistent, totalsOf } from '../support/ledger';
import { waitFor } from '../support/wait';

/**
 * A TCP proxy between the service and PostgreSQL. `cut()` is the database going away as the
 * service sees it: every open connection is reset and new ones are refused; `restore()` brings
 * it back on the same address, so the service must recover without a restart.
 */
class PgProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ]) {
        this.sockets.add(a);
        a.pipe(b);
        a.on('error', () => b.destroy());
        a.on('close', () => {
          this.sockets.delete(a);
          b.destroy();
        });
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server?.close(() => resolve()) ?? resolve());
  }

  restore(): Promise<void> {
    return this.server ? Promise.resolve() : this.open();
  }

  close(): Promise<void> {
    return this.cut();
  }
}

/** Two ways the database goes away: the network drops, or PostgreSQL itself refuses the database. */
interface Outage {
  cut(): Promise<void>;
  restore(): Promise<void>;
  close?(): Promise<void>;
}

async function proxied(db: TestDatabase): Promise<{ url: string; outage: Outage }> {
  const u = new URL(db.url);
  const proxy = new PgProxy({ host: u.hostname, port: Number(u.port) });
  await proxy.open();
  u.port = String(proxy.port);
  return { url: u.toString(), outage: proxy };
}

/**
 * pg_terminate_backend on every session of the database, and no new ones until restored. The
 * FATAL that PostgreSQL sends can land on a pooled connection nobody listens on yet; before the
 * pool got an error listener of its own (src/database/data-source.ts) this crashed the process.
 */
function refused(db: TestDatabase): Outage {
  const admin = async (...statements: string[]) => {
    const c = new Client({ connectionString: process.env.TEST_PG_SERVER_URL });
    await c.connect();
    try {
      for (const sql of statements) await c.query(sql);
    } finally {
      await c.end();
    }
  };
  return {
    // Two queries, not one: sent together they share a transaction, and a session the pool opens
    // between the terminate and the commit of ALLOW_CONNECTIONS false would survive the cut.
    cut: () =>
      admin(
        `ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS false`,
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}' AND pid <> pg_backend_pid()`,
      ),
    restore: () => admin(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`),
  };
}

/** Polls until `ok` holds (an upper bound, not a pause), naming the last value on a timeout. */
async function eventually<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  let last: T | undefined;
  return waitFor(
    async () => {
      last = await fn();
      return ok(last) && last;
    },
    timeoutMs,
    what,
  ).catch((e: Error) => {
    throw new Error(`${e.message}: still ${JSON.stringify(last)}`);
  });
}

const paid = (amount: number, appeal: string): Stripe.Event =>
  event('checkout.session.completed', session({ amount_total: amount, metadata: { appeal }, client_reference_id: null }));

describe.each([
  ['the network to PostgreSQL is cut', 'proxy'],
  ['PostgreSQL terminates the sessions and refuses new ones', 'refuse'],
] as const)('database outage: %s', (_title, mode) => {
  let db: TestDatabase;
  let t: TestApp;
  let outage: Outage;

  beforeAll(async () => {
    db = await createTestDatabase();
    let url = db.url;
    if (mode === 'proxy') {
      ({ url, outage } = await proxied(db));
    } else {
      outage = refused(db);
    }
    t = await startTestApp({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET }, { ...db, url });
  });
  afterAll(async () => {
    await outage.restore().catch(() => undefined);
    await t.close();
    await outage.close?.();
    await db.drop();
  });

  it('answers webhooks 5xx, keeps serving the last totals, reports not ready, and recovers without a restart', async () => {
    // Each test has its own appeal, so either runs alone or first.
    await createAppeal(t, 'lifeboat', { target: 100_000 });
    for (const amount of [1000, 2500]) expect((await deliver(t.url, paid(amount, 'lifeboat'))).status).toBe(200);
    const before = await eventually(
      'progress before the outage',
      () => t.request('GET', '/api/appeals/lifeboat/progress', { token: null }),
      (r) => r.body.raised === 3500,
    );
    const etag = before.headers.get('etag')!;

    await outage.cut();
    const missed = [paid(700, 'lifeboat'), paid(300, 'lifeboat'), paid(4000, 'lifeboat')];
    for (const e of missed) {
      const res = await deliver(t.url, e);
      expect(res.status).toBeGreaterThanOrEqual(500); // so Stripe delivers it again
      expect(res.body).toMatchObject({ statusCode: res.status });
    }
    const during = await t.request('GET', '/api/appeals/lifeboat/progress', { token: null });
    expect(during.status).toBe(200);
    expect(during.body).toMatchObject({ slug: 'lifeboat', raised: 3500, donations: 2 });
    expect((await t.request('GET', '/api/appeals/lifeboat', { token: null })).body).toMatchObject({ raised: 3500 });
    expect((await t.request('GET', '/api/appeals/lifeboat/progress', { token: null, headers: { 'if-none-match': etag } })).status).toBe(
      304,
    );
    const badge = await t.request('GET', '/widgets/lifeboat.svg', { token: null });
    expect(badge.status).toBe(200);
    expect(badge.text).toContain('<svg');
    const ready = await t.request('GET', '/health/ready', { token: null });
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ statusCode: 503, message: [expect.stringMatching(/^database is down/)] });
    expect((await t.request('GET', '/health', { token: null })).status).toBe(200);

    await outage.restore();
    await eventually(
      'readiness after the outage',
      () => t.request('GET', '/health/ready', { token: null }),
      (r) => r.status === 200,
    );
    for (const e of missed) expect((await deliver(t.url, e)).body.outcome).toBe('counted');
    for (const e of missed) expect((await deliver(t.url, e)).body.outcome).toBe('duplicate');
    expect(await totalsOf(t.ds, 'lifeboat')).toMatchObject({ raised: 8500, donations: 5 });
    await eventually(
      'progress after the outage',
      () => t.request('GET', '/api/appeals/lifeboat/progress', { token: null }),
      (r) => r.body.raised === 8500,
    );
    await expectLedgerConsistent(t.ds);
  }, 60_000);

  it('applies once every webhook caught in flight by the outage, once Stripe redelivers it', async () => {
    await createAppeal(t, 'inflight', { target: 100_000 });
    const events = Array.from({ length: 24 }, (_, i) => paid(100 + i, 'inflight'));
    const sent = events.map((e) => deliver(t.url, e).catch(() => ({ status: 0, body: null })));
    // Cut as soon as the first answer is back: the others are then still being applied.
    await Promise.race(sent);
    await outage.cut();
    const answers = await Promise.all(sent);
    // Restore only once the service itself has seen the database go.
    await eventually(
      'readiness to fail during the outage',
      () => t.request('GET', '/health/ready', { token: null }),
      (r) => r.status === 503,
    );
    await outage.restore();
    await eventually(
      'readiness after the outage',
      () => t.request('GET', '/health/ready', { token: null }),
      (r) => r.status === 200,
    );
    // Stripe redelivers everything that was not acknowledged with a 2xx.
    const retried = events.filter((_, i) => answers[i].status !== 200);
    for (const e of retried) expect(['counted', 'duplicate']).toContain((await deliver(t.url, e)).body.outcome);
    const sum = events.reduce((n, e) => n + (e.data.object as Stripe.Checkout.Session).amount_total!, 0);
    expect(await totalsOf(t.ds, 'inflight')).toMatchObject({ raised: sum, donations: events.length });
    await eventually(
      'progress after the outage',
      () => t.request('GET', '/api/appeals/inflight/progress', { token: null }),
      (r) => r.body.raised === sum,
    );
    await expectLedgerConsistent(t.ds);
  }, 60_000);
});
