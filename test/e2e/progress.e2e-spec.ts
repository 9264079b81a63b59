import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { recomputeTotals, storedTotals } from '../../src/donations/ledger-audit';
import { ProgressCache } from '../../src/progress/progress-cache.service';
import { ProgressListener } from '../../src/progress/progress-listener.service';
import { ProgressLoader } from '../../src/progress/progress-loader';
import { startTestApp, TestApp } from '../support/app';
import { createAppeal, recordGift, uniqueSlug } from '../support/appeals';
import { waitFor } from '../support/wait';

/**
 * The create's own NOTIFY may reach the listener after the create answered (its reload is a
 * notification doing its job, not a read). Notifications arrive in commit order, so once a
 * sentinel sent now has been seen, every earlier one has been handled.
 */
async function notificationsSettled(t: TestApp): Promise<void> {
  const cache = t.app.get(ProgressCache);
  const seen = jest.spyOn(cache, 'notified');
  const sentinel = randomUUID();
  try {
    await t.ds.query(`SELECT pg_notify('appeal_progress', json_build_object('appealId', $1::text, 'version', 1)::text)`, [sentinel]);
    await waitFor(() => seen.mock.calls.some(([n]) => n.appealId === sentinel), 3000, 'sentinel notification');
  } finally {
    seen.mockRestore();
  }
}

describe('progress reads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(async () => {
    expect(await storedTotals(t.ds)).toEqual(await recomputeTotals(t.ds));
  });

  const progress = (slug: string, headers: Record<string, string> = {}) =>
    t.request('GET', `/api/appeals/${slug}/progress`, { token: null, headers });

  it('answers the public progress with ETag, cache headers and open CORS', async () => {
    const slug = uniqueSlug('roof');
    await createAppeal(t, slug, { title: 'School roof', target: 1_000_000 });
    await recordGift(t.url, slug, 500_000, 'r1', 'Ann');
    await recordGift(t.url, slug, 375_000, 'r2', 'Bob');
    const res = await waitFor(
      async () => {
        const r = await progress(slug);
        return r.body.raised === 875_000 && r;
      },
      3000,
      'gifts counted',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      slug,
      title: 'School roof',
      currency: 'usd',
      target: 1_000_000,
      raised: 875_000,
      donations: 2,
      donors: 2,
      percent: 87,
      status: 'active',
      nextTarget: null,
    });
    expect(typeof res.body.updatedAt).toBe('string');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=30');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('etag')).toMatch(new RegExp(`^"${res.body.version}-[\\w-]+"$`));
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it('answers 304 to a matching If-None-Match, and 200 with a new ETag after a gift', async () => {
    const slug = uniqueSlug('etag');
    await createAppeal(t, slug);
    const first = await progress(slug);
    const etag = first.headers.get('etag')!;
    for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await progress(slug, { 'if-none-match': inm });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=30');
    }
    await recordGift(t.url, slug, 1000, 'g1');
    const changed = await waitFor(
      async () => {
        const r = await progress(slug, { 'if-none-match': etag });
        return r.status === 200 && r;
      },
      3000,
      'a new ETag',
    );
    expect(changed.body.raised).toBe(1000);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('serves GET /api/appeals/:slug from the same cache, with the same bytes and ETag', async () => {
    const slug = uniqueSlug('same');
    await createAppeal(t, slug, { description: 'Tiles and gutters', stretchTargets: [2_000_000] });
    const a = await progress(slug);
    const b = await t.request('GET', `/api/appeals/${slug}`, { token: null });
    expect(b.status).toBe(200);
    expect(b.text).toBe(a.text);
    expect(b.headers.get('etag')).toBe(a.headers.get('etag'));
    // The same headers too: readable and embeddable from any site.
    for (const h of [
      'cache-control',
      'access-control-allow-origin',
      'cross-origin-resource-policy',
      'x-frame-options',
      'content-security-policy',
    ]) {
      expect({ h, v: b.headers.get(h) }).toEqual({ h, v: a.headers.get(h) });
    }
    expect(b.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(
      (await t.request('GET', `/api/appeals/${slug}`, { token: null, headers: { 'if-none-match': a.headers.get('etag')! } })).status,
    ).toBe(304);
  });

  it('reads no database in the steady state', async () => {
    const slug = uniqueSlug('steady');
    await createAppeal(t, slug);
    await progress(slug);
    await notificationsSettled(t);
    const loader = t.app.get(ProgressLoader);
    const loads = jest.spyOn(loader, 'load');
    const index = jest.spyOn(loader, 'slugIndex');
    const runners = jest.spyOn(t.ds.driver, 'createQueryRunner');
    try {
      for (let i = 0; i < 50; i++) {
        expect((await progress(slug)).status).toBe(200);
        expect((await progress('no-such-appeal')).status).toBe(404);
        expect((await t.request('GET', `/api/appeals/${slug}`, { token: null })).status).toBe(200);
      }
      expect(loads).not.toHaveBeenCalled();
      expect(index).not.toHaveBeenCalled();
      expect(runners).not.toHaveBeenCalled();
    } finally {
      loads.mockRestore();
      index.mockRestore();
      runners.mockRestore();
    }
  });

  it('refreshes the cache when a notification arrives, and only then', async () => {
    const slug = uniqueSlug('notify');
    const created = await createAppeal(t, slug, { title: 'Before' });
    await progress(slug);
    await notificationsSettled(t);
    const [{ id }] = await t.ds.query('SELECT id FROM appeals WHERE slug = $1', [slug]);
    // A change without a notification is invisible: the read really is served from memory.
    await t.ds.query(`UPDATE appeals SET title = 'After' WHERE id = $1`, [id]);
    // Had the UPDATE notified anyone, that notification would be handled before this sentinel.
    await notificationsSettled(t);
    expect((await progress(slug)).body.title).toBe('Before');
    await t.ds.query(`SELECT pg_notify('appeal_progress', json_build_object('appealId', $1::text, 'version', $2::int)::text)`, [
      id,
      created.version,
    ]);
    await waitFor(async () => (await progress(slug)).body.title === 'After', 1000, 'title refreshed by NOTIFY');
  });

  it('follows organiser edits at once: title, target, and draft makes every public route 404', async () => {
    const slug = uniqueSlug('edit');
    await createAppeal(t, slug, { title: 'Old', target: 10_000 });
    expect((await progress(slug)).body.title).toBe('Old');
    await t.request('PATCH', `/api/appeals/${slug}`, { body: { title: 'New', target: 20_000 } });
    expect((await progress(slug)).body).toMatchObject({ title: 'New', target: 20_000 });
    await t.request('PATCH', `/api/appeals/${slug}`, { body: { status: 'draft' } });
    for (const path of [`/api/appeals/${slug}/progress`, `/api/appeals/${slug}`, `/api/appeals/${slug}/progress/stream`]) {
      const res = await t.request('GET', path, { token: null });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: `No appeal with slug "${slug}"` });
    }
    await t.request('PATCH', `/api/appeals/${slug}`, { body: { status: 'active' } });
    expect((await progress(slug)).status).toBe(200);
  });

  it('answers an unknown slug with a JSON 404 and a newly created appeal at once', async () => {
    const slug = uniqueSlug('later');
    const missing = await progress(slug);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: `No appeal with slug "${slug}"` });
    await createAppeal(t, slug);
    expect((await progress(slug)).status).toBe(200);
  });

  it('reports percent past 100 and the next stretch target, never rounding up to 100 early', async () => {
    const slug = uniqueSlug('stretch');
    await createAppeal(t, slug, { target: 10_000, stretchTargets: [15_000, 30_000] });
    await recordGift(t.url, slug, 9_999, 'a');
    expect(
      (
        await waitFor(async () => {
          const b = (await progress(slug)).body;
          return b.raised === 9_999 && b;
        })
      ).percent,
    ).toBe(99);
    await recordGift(t.url, slug, 6_001, 'b');
    const over = await waitFor(async () => {
      const b = (await progress(slug)).body;
      return b.raised === 16_000 && b;
    });
    expect(over).toMatchObject({ percent: 160, nextTarget: 30_000 });
  });

  it('answers CORS preflight and HEAD for the public reads', async () => {
    const slug = uniqueSlug('cors');
    await createAppeal(t, slug);
    const pre = await t.request('OPTIONS', `/api/appeals/${slug}/progress`, {
      token: null,
      headers: {
        origin: 'https://news.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'if-none-match',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/If-None-Match/i);
    const head = await t.request('HEAD', `/api/appeals/${slug}/progress`, { token: null });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBeTruthy();
  });

  it('documents the public reads in OpenAPI although they bypass Nest', async () => {
    const paths = Object.keys((await t.request('GET', '/docs-json', { token: null })).body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/appeals/{slug}',
        '/api/appeals/{slug}/progress',
        '/api/appeals/{slug}/progress/stream',
        '/widgets/{slug}',
        '/widgets/{slug}.svg',
        '/widgets/embed.js',
      ]),
    );
  });

  it('exposes no personal data of donors', async () => {
    const slug = uniqueSlug('private');
    await createAppeal(t, slug);
    await recordGift(t.url, slug, 2500, 'ref-private-77', 'Zebedee Quixote-Private');
    const res = await waitFor(async () => {
      const r = await progress(slug);
      return r.body.raised === 2500 && r;
    });
    const pub = await t.request('GET', `/api/appeals/${slug}`, { token: null });
    for (const text of [res.text, pub.text]) {
      expect(text).not.toContain('Zebedee');
      expect(text).not.toContain('ref-private-77');
      expect(text).not.toMatch(/"id"|donorName|donorEmail|email|createdAt/);
    }
  });
});

describe('progress listener', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const killListener = async (ds: DataSource, pid: number) => {
    const [row] = await ds.query('SELECT pg_terminate_backend($1) AS killed', [pid]);
    expect(row.killed).toBe(true);
  };

  it('reconnects after its connection is killed and catches up with changes made in the gap', async () => {
    const slug = uniqueSlug('gap');
    await createAppeal(t, slug);
    expect((await t.request('GET', `/api/appeals/${slug}/progress`, { token: null })).body.raised).toBe(0);
    const listener = t.app.get(ProgressListener);
    // A wide gap, so the gift below is certainly committed while nobody listens.
    listener.backoff = { firstMs: 1500, maxMs: 1500 };
    const pid = listener.backendPid!;
    const synced = listener.nextSync();
    await killListener(t.ds, pid);
    await waitFor(() => !listener.connected, 2000, 'listener to notice');
    await recordGift(t.url, slug, 4200, 'in-the-gap');
    expect(listener.connected).toBe(false);
    await synced;
    expect(listener.backendPid).not.toBe(pid);
    const body = (await t.request('GET', `/api/appeals/${slug}/progress`, { token: null })).body;
    expect(body).toMatchObject({ raised: 4200, donations: 1 });
    // And it listens again: the next change arrives by notification.
    await recordGift(t.url, slug, 800, 'after-the-gap');
    await waitFor(
      async () => (await t.request('GET', `/api/appeals/${slug}/progress`, { token: null })).body.raised === 5000,
      2000,
      'notification after reconnect',
    );
  });

  it('keeps reconnecting while the database refuses it, then resynchronises', async () => {
    const slug = uniqueSlug('storm');
    await createAppeal(t, slug);
    await t.request('GET', `/api/appeals/${slug}/progress`, { token: null });
    const listener = t.app.get(ProgressListener);
    listener.backoff = { firstMs: 50, maxMs: 200 };
    const synced = listener.nextSync();
    // Kill each listener session as soon as it listens, as a restarting server would refuse
    // connections: five times over, with a gift committed while the first one is gone.
    let killed: number | undefined;
    for (let kills = 0; kills < 5; kills++) {
      const pid = await waitFor(() => listener.backendPid !== killed && listener.backendPid, 5000, `listener session ${kills + 1}`);
      await killListener(t.ds, pid);
      killed = pid;
      if (kills === 0) await recordGift(t.url, slug, 300, 'storm-1');
    }
    await synced;
    await waitFor(() => listener.connected, 3000, 'listener back');
    expect((await t.request('GET', `/api/appeals/${slug}/progress`, { token: null })).body.raised).toBe(300);
  });
});
