import { get } from 'node:http';
import { ProgressStreams } from '../../src/progress/progress-streams.service';
import { METRICS_TOKEN, startTestApp, TestApp } from '../support/app';
import { createAppeal, uniqueSlug } from '../support/appeals';
import { openStream, SseClient } from '../support/sse';
import { waitFor } from '../support/wait';

/** A GET from a given loopback address, with the whole answer. */
function getFrom(url: string, localAddress: string): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  return new Promise((resolve, reject) => {
    get(url, { localAddress, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }));
    }).on('error', reject);
  });
}

describe('progress stream caps', () => {
  let t: TestApp;
  let streams: ProgressStreams;
  let slug: string;
  const open: SseClient[] = [];
  const streamUrl = () => `${t.url}/api/appeals/${slug}/progress/stream`;
  const openFrom = async (address: string) => {
    const c = await openStream(streamUrl(), {}, address);
    open.push(c);
    expect(c.status).toBe(200);
    await c.waitFor((e) => e.event === 'progress');
    return c;
  };

  beforeAll(async () => {
    t = await startTestApp({ STREAMS_PER_ADDRESS: '3', STREAMS_MAX: '5' });
    streams = t.app.get(ProgressStreams);
    slug = uniqueSlug('caps');
    await createAppeal(t, slug);
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await t.close();
  });

  it('refuses a fourth stream from one address with 429 and Retry-After, not other addresses', async () => {
    for (let i = 0; i < 3; i++) await openFrom('127.0.0.1');
    const refused = await t.request('GET', `/api/appeals/${slug}/progress/stream`, { token: null });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    expect(refused.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('at most 3') });
    await openFrom('127.0.0.2');
    expect(streams.count()).toBe(4);
  });

  it('refuses any stream past the instance cap with 503 and Retry-After', async () => {
    await openFrom('127.0.0.2');
    expect(streams.count()).toBe(5);
    const refused = await getFrom(streamUrl(), '127.0.0.3');
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', message: expect.stringContaining('(5)') });
    // The JSON the refused client falls back to is still served.
    expect((await t.request('GET', `/api/appeals/${slug}/progress`, { token: null })).status).toBe(200);
  });

  it('admits a stream again once one of that address closes', async () => {
    open.shift()!.close();
    await waitFor(() => streams.count() === 4, 5000, 'the closed stream to be released');
    await openFrom('127.0.0.1');
    const metrics = (await t.request('GET', '/metrics', { token: METRICS_TOKEN })).text;
    expect(metrics).toContain('progress_streams_refused_total{reason="address"} 1');
    expect(metrics).toContain('progress_streams_refused_total{reason="instance"} 1');
  });
});
