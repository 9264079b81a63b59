import { createHash } from 'node:crypto';
import { TokensService } from '../../src/auth/tokens.service';
import { ADMIN_TOKEN, METRICS_TOKEN, startTestApp, TestApp } from '../support/app';
import { createAppeal } from '../support/appeals';
import { page, signIn } from '../support/pages';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const cursorOf = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('keys at rest, /metrics and organiser query parameters', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await createAppeal(t, 'roof');
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores neither the sign-in token nor the session cookie as a plain SHA-256', async () => {
    const s = await signIn(t);
    const cookieValue = s.cookie.split('=')[1];
    const rows: Array<{ id_hash: string; token_hash: string }> = await t.ds.query('SELECT id_hash, token_hash FROM organiser_sessions');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.token_hash).not.toBe(sha256(ADMIN_TOKEN));
      expect(r.id_hash).not.toBe(sha256(cookieValue));
      expect(r.token_hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(rows.map((r) => r.id_hash)).not.toContain(sha256(cookieValue));
  });

  it('stores CLI tokens as keyed digests, and re-keys a token stored as plain SHA-256 before the upgrade', async () => {
    const tokens = t.app.get(TokensService);
    const { token } = await tokens.create('keyed');
    const [row] = await t.ds.query(`SELECT token_hash FROM organiser_tokens WHERE name = 'keyed'`);
    expect(row.token_hash).not.toBe(sha256(token));

    const legacy = 'org_legacy-token-made-before-keyed-digests-0123456789';
    await t.ds.query(`INSERT INTO organiser_tokens (name, token_hash, keyed) VALUES ('legacy', $1, false)`, [sha256(legacy)]);
    expect((await t.request('GET', '/api/appeals', { token: legacy })).status).toBe(401);
    expect(await tokens.rekeyLegacy()).toBe(1);
    expect((await t.request('GET', '/api/appeals', { token: legacy })).status).toBe(200);
    const [upgraded] = await t.ds.query(`SELECT token_hash, keyed FROM organiser_tokens WHERE name = 'legacy'`);
    expect(upgraded).toMatchObject({ keyed: true });
    expect(upgraded.token_hash).not.toBe(sha256(legacy));
    expect(await tokens.rekeyLegacy()).toBe(0);
  });

  it.each([
    ['not base64 json', '!!!'],
    ['a short timestamp Date.parse accepts', cursorOf(['1', '00000000-0000-4000-8000-000000000000'])],
    ['an impossible date', cursorOf(['2026-02-31 10:00:00.123+00', '00000000-0000-4000-8000-000000000000'])],
    ['dashes for a UUID', cursorOf(['2026-01-01 10:00:00+00', '------------------------------------'])],
  ])('answers 400 naming cursor for %s, on the API and on the dashboard', async (_, cursor) => {
    const res = await t.request('GET', `/api/appeals/roof/donations?cursor=${encodeURIComponent(cursor)}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain('cursor');
    const s = await signIn(t);
    const dash = await page(t, 'GET', `/organiser/appeals/roof?cursor=${encodeURIComponent(cursor)}`, { cookie: s.cookie });
    expect(dash.status).toBe(400);
    expect(dash.text).toContain('cursor');
  });

  it('refuses /metrics without the METRICS_TOKEN bearer token', async () => {
    expect((await t.request('GET', '/metrics', { token: null })).status).toBe(401);
    expect((await t.request('GET', '/metrics', { token: ADMIN_TOKEN })).status).toBe(401);
    const ok = await t.request('GET', '/metrics', { token: METRICS_TOKEN });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('http_request_duration_seconds');
  });

  it('turns /metrics off (404) when METRICS_TOKEN is not set', async () => {
    const off = await startTestApp({ METRICS_TOKEN: '' });
    try {
      const res = await off.request('GET', '/metrics', { token: null });
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('http_request_duration_seconds');
    } finally {
      await off.close();
    }
  });
});

describe('dashboard query parameters', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await createAppeal(t, 'roof');
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['/organiser?notice=constructor', 200],
    ['/organiser?notice=a&notice=b', 200],
    ['/organiser/appeals/roof?notice=__proto__', 200],
    ['/organiser/appeals/roof?notice=toString', 200],
    ['/organiser/appeals/roof?cursor=a&cursor=b', 400],
  ])('answers %s with %i, showing no stray notice', async (path, status) => {
    const s = await signIn(t);
    const res = await page(t, 'GET', path, { cookie: s.cookie });
    expect(res.status).toBe(status);
    expect(res.text).not.toMatch(/native code|\[object Object\]|role="status" id="notice"/);
  });
});
