import { ProgressStreams } from '../../src/progress/progress-streams.service';
import { startTestApp, TestApp, METRICS_TOKEN } from '../support/app';
import { createAppeal, recordGift, uniqueSlug } from '../support/appeals';
import { openStream, SseClient } from '../support/sse';
import { waitFor } from '../support/wait';

describe('progress stream (SSE)', () => {
  let t: TestApp;
  let streams: ProgressStreams;
  // The crowd test opens 1,000 streams from 127.0.0.1, the default cap per address; earlier tests'
  // streams may not all be released yet, so the cap is raised here (stream-caps.e2e-spec tests it).
  beforeAll(async () => {
    t = await startTestApp({ STREAMS_PER_ADDRESS: '2000' });
    streams = t.app.get(ProgressStreams);
  });
  afterAll(async () => {
    await t.close();
  });

  const streamUrl = (slug: string) => `${t.url}/api/appeals/${slug}/progress/stream`;
  const progressEvents = (c: SseClient) => c.events.filter((e) => e.event === 'progress');
  const openGauge = async () =>
    Number(/^progress_open_streams (\d+)/m.exec((await t.request('GET', '/metrics', { token: METRICS_TOKEN })).text)?.[1]);

  it('sends the current progress at once, with the totals version as event id', async () => {
    const slug = uniqueSlug('sse');
    await createAppeal(t, slug);
    await recordGift(t.url, slug, 700, 'x1');
    const json = await waitFor(async () => {
      const r = await t.request('GET', `/api/appeals/${slug}/progress`, { token: null });
      return r.body.raised === 700 && r;
    });
    const c = await openStream(streamUrl(slug));
    try {
      expect(c.status).toBe(200);
      expect(c.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(c.headers['cache-control']).toBe('no-store');
      expect(c.headers['access-control-allow-origin']).toBe('*');
      const first = await c.waitFor((e) => e.event === 'progress');
      expect(first.id).toBe(String(json.body.version));
      expect(first.data).toBe(json.text);
    } finally {
      c.close();
    }
  });

  it('sends one event per change, in order, with growing ids', async () => {
    const slug = uniqueSlug('change');
    await createAppeal(t, slug);
    const c = await openStream(streamUrl(slug));
    try {
      const first = await c.waitFor((e) => e.event === 'progress');
      await recordGift(t.url, slug, 100, 'c1');
      await recordGift(t.url, slug, 250, 'c2');
      await c.waitFor((e) => e.event === 'progress' && JSON.parse(e.data!).raised === 350);
      const ids = progressEvents(c).map((e) => Number(e.id));
      expect(ids[0]).toBe(Number(first.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.at(-1)).toBeGreaterThanOrEqual(Number(first.id) + 2);
    } finally {
      c.close();
    }
  });

  it('gives a client reconnecting with Last-Event-ID the latest progress at once', async () => {
    const slug = uniqueSlug('resume');
    await createAppeal(t, slug);
    const c1 = await openStream(streamUrl(slug));
    const seen = await c1.waitFor((e) => e.event === 'progress');
    c1.close();
    await recordGift(t.url, slug, 900, 'while-away');
    await waitFor(async () => (await t.request('GET', `/api/appeals/${slug}/progress`, { token: null })).body.raised === 900);
    const c2 = await openStream(streamUrl(slug), { 'last-event-id': seen.id! });
    try {
      const latest = await c2.waitFor((e) => e.event === 'progress', 1000);
      expect(Number(latest.id)).toBeGreaterThan(Number(seen.id));
      expect(JSON.parse(latest.data!).raised).toBe(900);
    } finally {
      c2.close();
    }
  });

  it('releases a subscriber that goes away, and keeps the open-streams gauge exact', async () => {
    const slug = uniqueSlug('release');
    await createAppeal(t, slug);
    const before = streams.count();
    const clients = await Promise.all([1, 2, 3].map(() => openStream(streamUrl(slug))));
    await Promise.all(clients.map((c) => c.waitFor((e) => e.event === 'progress')));
    expect(streams.count(slug)).toBe(3);
    expect(await openGauge()).toBe(before + 3);
    clients[0].close();
    await waitFor(() => streams.count(slug) === 2, 2000, 'one released');
    clients[1].close();
    clients[2].close();
    await waitFor(() => streams.count(slug) === 0, 2000, 'all released');
    expect(await openGauge()).toBe(before);
    // A change after they left writes to nobody and breaks nothing.
    await recordGift(t.url, slug, 100, 'after');
  });

  it('sends heartbeat comments', async () => {
    const slug = uniqueSlug('beat');
    await createAppeal(t, slug);
    streams.restartHeartbeat(100);
    const c = await openStream(streamUrl(slug));
    try {
      await c.waitFor((e) => e.comment === 'heartbeat', 2000);
    } finally {
      c.close();
      streams.restartHeartbeat(20_000);
    }
  });

  it('ends the stream when the appeal goes back to draft, and refuses new ones with 404', async () => {
    const slug = uniqueSlug('unpublish');
    await createAppeal(t, slug);
    const c = await openStream(streamUrl(slug));
    await c.waitFor((e) => e.event === 'progress');
    await t.request('PATCH', `/api/appeals/${slug}`, { body: { status: 'draft' } });
    await c.waitFor((e) => e.event === 'gone');
    await c.closed;
    const again = await t.request('GET', `/api/appeals/${slug}/progress/stream`, { token: null });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('holds 1,000 open streams and delivers a change to every one of them', async () => {
    const slug = uniqueSlug('crowd');
    await createAppeal(t, slug);
    const clients: SseClient[] = [];
    try {
      for (let i = 0; i < 10; i++) {
        clients.push(...(await Promise.all(Array.from({ length: 100 }, () => openStream(streamUrl(slug))))));
      }
      await Promise.all(clients.map((c) => c.waitFor((e) => e.event === 'progress', 10_000)));
      expect(streams.count(slug)).toBe(1000);
      await recordGift(t.url, slug, 12_345, 'crowd-gift');
      await Promise.all(clients.map((c) => c.waitFor((e) => e.event === 'progress' && JSON.parse(e.data!).raised === 12_345, 10_000)));
    } finally {
      for (const c of clients) c.close();
    }
    await waitFor(() => streams.count(slug) === 0, 10_000, 'all 1,000 released');
  }, 60_000);
});
