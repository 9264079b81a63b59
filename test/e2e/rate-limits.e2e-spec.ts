import { ADMIN_TOKEN, startTestApp, TestApp, TestResponse } from '../support/app';
import { createAppeal } from '../support/appeals';
import { page } from '../support/pages';

/** A 429 as the API promises it: Retry-After in seconds and the usual JSON error body. */
function expectTooMany(res: TestResponse): void {
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(res.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', message: expect.any(String) });
}

describe('rate limits and the client address', () => {
  const apps: TestApp[] = [];
  const start = async (env: Record<string, string>) => {
    const t = await startTestApp(env);
    apps.push(t);
    return t;
  };
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((t) => t.close()));
  });

  const checkout = (t: TestApp, forwardedFor: string) =>
    t.request('POST', '/api/appeals/roof/checkout', { body: { amount: 2500 }, token: null, headers: { 'x-forwarded-for': forwardedFor } });

  it('ignores X-Forwarded-For without TRUST_PROXY: a rotating header does not reset the checkout limit', async () => {
    const t = await start({ CHECKOUT_RATE_LIMIT: '3' });
    await createAppeal(t, 'roof');
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++) statuses.push((await checkout(t, `203.0.113.${i}`)).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    expectTooMany(await checkout(t, '203.0.113.99'));
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM donations`)).toEqual([{ n: 3 }]);
  });

  it('with TRUST_PROXY set to the proxy, counts the address that proxy saw, not what the client wrote before it', async () => {
    const t = await start({ CHECKOUT_RATE_LIMIT: '2', TRUST_PROXY: '127.0.0.1' });
    await createAppeal(t, 'roof');
    // The client forges the left-most entries; our proxy (the test, on 127.0.0.1) appended the real one.
    const statuses: number[] = [];
    for (let i = 1; i <= 3; i++) statuses.push((await checkout(t, `10.9.9.${i}, 198.51.100.7`)).status);
    expect(statuses).toEqual([201, 201, 429]);
    // Another client behind the same proxy has its own budget.
    expect((await checkout(t, '198.51.100.8')).status).toBe(201);
  });

  it('answers 429 with Retry-After once an address has guessed API_AUTH_FAILURE_LIMIT wrong bearer tokens, even for a right one', async () => {
    const t = await start({ API_AUTH_FAILURE_LIMIT: '5' });
    for (let i = 0; i < 5; i++) expect((await t.request('GET', '/api/appeals', { token: `org_guess_${i}` })).status).toBe(401);
    expectTooMany(await t.request('GET', '/api/appeals', { token: 'org_guess_5' }));
    // Otherwise the limit would still answer "valid or not" for every guess.
    expectTooMany(await t.request('GET', '/api/appeals', { token: ADMIN_TOKEN }));
  });

  it('limits organiser API requests per token and per address (API_RATE_LIMIT per minute)', async () => {
    const t = await start({ API_RATE_LIMIT: '4' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await t.request('GET', '/api/appeals')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it('limits sign-in attempts per address (SIGN_IN_RATE_LIMIT per 15 minutes), answering 429 with Retry-After', async () => {
    const t = await start({ SIGN_IN_RATE_LIMIT: '2' });
    const attempt = () => page(t, 'POST', '/organiser/sign-in', { form: { _csrf: 'x', token: 'wrong' } });
    expect((await attempt()).status).toBe(403);
    expect((await attempt()).status).toBe(403);
    const refused = await attempt();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('pauses sign-in for everyone after ten times SIGN_IN_RATE_LIMIT refused tokens from any addresses', async () => {
    const t = await start({ SIGN_IN_RATE_LIMIT: '1', TRUST_PROXY: '127.0.0.1' });
    const attempt = async (i: number, token: string) => {
      const form = await page(t, 'GET', '/organiser/sign-in');
      const cookie = form.setCookies.find((c) => c.startsWith('organiser_signin='))!.split(';')[0];
      const csrf = /name="_csrf" value="([^"]*)"/.exec(form.text)![1];
      return page(t, 'POST', '/organiser/sign-in', {
        cookie,
        form: { _csrf: csrf, token },
        headers: { 'x-forwarded-for': `198.51.100.${i}` },
      });
    };
    for (let i = 0; i < 10; i++) expect((await attempt(i, `wrong-${i}`)).status).toBe(401);
    expect((await attempt(10, ADMIN_TOKEN)).status).toBe(429);
  });

  it('when the limiter store is unreachable, fails closed on sign-in (503) and keeps checkout going with a per-instance limit', async () => {
    // Nothing listens on port 1: every Redis command fails at once.
    const t = await start({ REDIS_URL: 'redis://127.0.0.1:1', CHECKOUT_RATE_LIMIT: '2' });
    await createAppeal(t, 'roof');
    const signIn = await page(t, 'POST', '/organiser/sign-in', { form: { _csrf: 'x', token: 'wrong' } });
    expect(signIn.status).toBe(503);
    expect(Number(signIn.headers.get('retry-after'))).toBeGreaterThan(0);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await checkout(t, '203.0.113.1')).status);
    expect(statuses).toEqual([201, 201, 429]);
  });
});
