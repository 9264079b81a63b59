import { startTestApp, TestApp } from '../../support/app';
import { createAppeal, uniqueSlug } from '../../support/appeals';
import { openStream, SseClient } from '../../support/sse';

/**
 * Attack: STREAMS_PER_ADDRESS was counted per literal address while every rate limit counts an
 * IPv6 client by its /64 (client-address.ts), so one subscriber rotated through its /64 (or
 * wrote its address another way) and held any number of streams.
 */
describe('attack: progress streams per client address', () => {
  let t: TestApp;
  let slug: string;
  const open: SseClient[] = [];
  const streamFrom = async (forwardedFor: string) => {
    const c = await openStream(`${t.url}/api/appeals/${slug}/progress/stream`, { 'x-forwarded-for': forwardedFor });
    open.push(c);
    return c.status;
  };

  beforeAll(async () => {
    // The test is the trusted proxy on 127.0.0.1: X-Forwarded-For is the client's address.
    t = await startTestApp({ TRUST_PROXY: '127.0.0.1', STREAMS_PER_ADDRESS: '2' });
    slug = uniqueSlug('attack-streams');
    await createAppeal(t.url, slug);
  });
  afterEach(async () => {
    for (const c of open.splice(0)) {
      c.close();
      await c.closed;
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts IPv6 clients by their /64, as the rate limits do', async () => {
    expect(await streamFrom('2001:db8:0:7::1')).toBe(200);
    expect(await streamFrom('2001:db8:0:7::2')).toBe(200);
    expect(await streamFrom('2001:db8:0:7::3')).toBe(429);
    expect(await streamFrom('2001:DB8:0:7:0:0:0:1')).toBe(429);
    // Another /64 is another client.
    expect(await streamFrom('2001:db8:0:8::1')).toBe(200);
  });

  it('counts an IPv4 client and its IPv4-mapped IPv6 form as one address', async () => {
    expect(await streamFrom('198.51.100.7')).toBe(200);
    expect(await streamFrom('::ffff:198.51.100.7')).toBe(200);
    expect(await streamFrom('198.51.100.7')).toBe(429);
  });
});
