import { request } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/db';
import { ServiceProcess, startService } from '../support/process';
import { createAppeal, recordGift, uniqueSlug } from '../support/appeals';
import { openStream } from '../support/sse';
import { waitFor } from '../support/wait';

const ADMIN = 'two-instances-admin-token-0123456789';

describe('two instances of the service on one database', () => {
  let db: TestDatabase;
  let a: ServiceProcess;
  let b: ServiceProcess;
  beforeAll(async () => {
    db = await createTestDatabase();
    [a, b] = await Promise.all([
      startService({ DATABASE_URL: db.url, ADMIN_TOKEN: ADMIN }),
      startService({ DATABASE_URL: db.url, ADMIN_TOKEN: ADMIN }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it('shows a gift recorded through A in the JSON and the stream of B within a second', async () => {
    const slug = uniqueSlug('twin');
    await createAppeal(a, slug, {}, ADMIN);
    // B learns of the new appeal by notification too.
    await waitFor(
      async () => (await request(b.url, 'GET', `/api/appeals/${slug}/progress`, { token: null })).status === 200,
      1000,
      'B to know the appeal',
    );
    const stream = await openStream(`${b.url}/api/appeals/${slug}/progress/stream`);
    try {
      await stream.waitFor((e) => e.event === 'progress');
      const started = Date.now();
      await recordGift(a.url, slug, 5000, 'via-a', undefined, ADMIN);
      const [event] = await Promise.all([
        stream.waitFor((e) => e.event === 'progress' && JSON.parse(e.data!).raised === 5000, 1000),
        waitFor(
          async () => (await request(b.url, 'GET', `/api/appeals/${slug}/progress`, { token: null })).body.raised === 5000,
          1000,
          'B JSON to show the gift',
        ),
      ]);
      expect(Date.now() - started).toBeLessThan(1000);
      // A learns of its own gift by the same notification; once it has, both serve the same bytes.
      const fromA = await waitFor(
        async () => {
          const r = await request(a.url, 'GET', `/api/appeals/${slug}/progress`, { token: null });
          return r.body.raised === 5000 && r;
        },
        1000,
        'A to show the gift',
      );
      expect(event.data).toBe(fromA.text);
    } finally {
      stream.close();
    }
  });

  it('propagates an organiser edit made on B to A', async () => {
    const slug = uniqueSlug('twin-edit');
    await createAppeal(b, slug, { title: 'First title' }, ADMIN);
    await waitFor(
      async () => (await request(a.url, 'GET', `/api/appeals/${slug}/progress`, { token: null })).status === 200,
      1000,
      'A to know the appeal',
    );
    await request(b.url, 'PATCH', `/api/appeals/${slug}`, { token: ADMIN, body: { title: 'Second title' } });
    await waitFor(
      async () => (await request(a.url, 'GET', `/api/appeals/${slug}/progress`, { token: null })).body.title === 'Second title',
      1000,
      'A to show the edit',
    );
  });

  it('closes open streams on shutdown so the process exits promptly', async () => {
    const slug = uniqueSlug('twin-stop');
    await createAppeal(a, slug, {}, ADMIN);
    const extra = await startService({ DATABASE_URL: db.url, ADMIN_TOKEN: ADMIN });
    const stream = await openStream(`${extra.url}/api/appeals/${slug}/progress/stream`);
    await stream.waitFor((e) => e.event === 'progress');
    const code = await extra.stop('SIGTERM');
    await stream.closed;
    expect(code).toBe(0);
  }, 30_000);
});
