import { ADMIN_TOKEN, startTestApp, TestApp } from '../support/app';
import { deliver, event, session, WEBHOOK_SECRET } from '../support/stripe-events';
import { nestedArrays, openSocket, rawPost, trickle } from '../support/raw-http';
import { createAppeal, uniqueSlug } from '../support/appeals';

const MIB = 1024 * 1024;
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('front door: bounded parsing', () => {
  let t: TestApp;
  let slug: string;
  beforeAll(async () => {
    t = await startTestApp({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, CHECKOUT_RATE_LIMIT: '1000' });
    slug = uniqueSlug('door');
    await createAppeal(t, slug);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a 1 MB nested body to an unknown route with 413, as to every other route', async () => {
    const res = await rawPost(t.url, '/no/such/route', nestedArrays(MIB));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('answers an unknown route 404 without parsing a body under the limit', async () => {
    // Not JSON at all: a 404 that parsed it would have said 400.
    const res = await rawPost(t.url, '/no/such/route', `${'['.repeat(20_000)}not json`);
    expect(res.status).toBe(404);
  });

  it('refuses deep nesting before parsing the JSON', async () => {
    // Deep, then broken: a parser that ran first would have answered "not valid JSON".
    const res = await rawPost(t.url, `/api/appeals/${slug}/checkout`, `{"amount":500,"x":${'['.repeat(40)} oops`);
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(['body nests more than 32 levels of arrays or objects']);
  });

  it('refuses a body with too many keys before parsing or validating it', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `"k${i}":1`).join(',');
    const res = await rawPost(t.url, '/api/appeals', `{${keys}, oops`, auth);
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(['body has more than 256 keys and array items']);
  });

  it('refuses a form with too many fields before parsing it', async () => {
    const form = Array.from({ length: 300 }, (_, i) => `f${i}=1`).join('&');
    const res = await rawPost(t.url, `/donate/${slug}`, form, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('body has more than 256 form fields');
  });

  it('checks the webhook signature over the raw bytes before any JSON parse', async () => {
    // A megabyte that is not even JSON, with a forged signature: the answer is about the
    // signature, so nothing tried to parse it first.
    const raw = Buffer.concat([nestedArrays(MIB - 64), Buffer.from('x'.repeat(64))]);
    const res = await rawPost(t.url, '/webhooks/stripe', raw, {
      'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^signature verification failed/);
  });

  it('allows the webhook 1 MiB and no more', async () => {
    const over = await rawPost(t.url, '/webhooks/stripe', nestedArrays(MIB + 2), { 'stripe-signature': 't=1,v1=00' });
    expect(over.status).toBe(413);
    const signed = await deliver(
      t.url,
      event('checkout.session.expired', session({ status: 'expired', payment_status: 'unpaid', metadata: { appeal: slug } })),
    );
    expect(signed.status).toBe(200);
  });

  it('keeps answering public reads while eight clients post 1 MB nested bodies, none of which is parsed', async () => {
    const parsedSizes: number[] = [];
    const parse = JSON.parse;
    const spy = jest
      .spyOn(JSON, 'parse')
      .mockImplementation((text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) => {
        parsedSizes.push(String(text).length);
        return parse(text, reviver);
      });
    try {
      const hostile = ['/webhooks/stripe', '/no/such/route', `/api/appeals/${slug}/checkout`, '/api/appeals']
        .flatMap((path) => [path, path])
        .map((path) => rawPost(t.url, path, nestedArrays(MIB), { 'stripe-signature': 't=1,v1=00' }));
      const reads = Array.from({ length: 20 }, () => t.request('GET', `/api/appeals/${slug}/progress`, { token: null }));
      const answers = await Promise.all(hostile);
      expect(answers.map((a) => a.status).sort()).toEqual([400, 400, 413, 413, 413, 413, 413, 413]);
      for (const read of await Promise.all(reads)) {
        expect(read.status).toBe(200);
        expect(read.body.slug).toBe(slug);
      }
      // The reads' own bodies are small; nothing near a hostile body's size went through a parser.
      expect(parsedSizes.filter((n) => n > 64 * 1024)).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('front door: timeouts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REQUEST_TIMEOUT_MS: '800', HEADERS_TIMEOUT_MS: '500' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 408 and closes the socket when a body trickles in too slowly', async () => {
    const s = await openSocket(t.url);
    s.socket.write(
      `POST /api/appeals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
    );
    const written = await trickle(s, ' ', 100);
    expect(s.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(written).toBeLessThan(999);
  });

  it('answers 408 and closes the socket when headers trickle in too slowly', async () => {
    const s = await openSocket(t.url);
    s.socket.write('GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    await trickle(s, 'a', 100);
    expect(s.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  });

  it('still serves a request that arrives in time on the same kind of socket', async () => {
    const s = await openSocket(t.url);
    s.socket.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await s.closed;
    expect(s.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });
});
