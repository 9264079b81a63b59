import { startTestApp, TestApp, METRICS_TOKEN } from '../support/app';

describe('operations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT: '2048' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers liveness and readiness while the database is up', async () => {
    expect((await t.request('GET', '/health', { token: null })).body).toEqual({ status: 'ok' });
    const ready = await t.request('GET', '/health/ready', { token: null });
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('serves OpenAPI at /docs describing the appeal routes', async () => {
    const html = await t.request('GET', '/docs', { token: null });
    expect(html.status).toBe(200);
    const json = await t.request('GET', '/docs-json', { token: null });
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/api/appeals', '/api/appeals/{slug}']));
  });

  it('exports Prometheus metrics with request durations by route and status', async () => {
    await t.request('GET', '/api/appeals/nope', { token: null });
    const res = await t.request('GET', '/metrics', { token: METRICS_TOKEN });
    expect(res.status).toBe(200);
    expect(res.text).toContain('http_request_duration_seconds_count{method="GET",route="/api/appeals/:slug",status="404"}');
    expect(res.text).toContain('stripe_webhook_events_total');
    expect(res.text).toContain('gifts_counted_total');
    expect(res.text).toContain('progress_open_streams');
  });

  it('sends security headers', async () => {
    const res = await t.request('GET', '/health', { token: null });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('refuses a body over the limit with 413 and a JSON error', async () => {
    const res = await t.request('POST', '/api/appeals', { body: { slug: 'a', title: 'x'.repeat(5000), currency: 'usd', target: 1 } });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413 });
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await t.request('GET', '/nothing-here', { token: null });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('answers a wrong content type with 4xx, not 500', async () => {
    const res = await t.request('POST', '/api/appeals', { raw: 'slug=a', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
