import { freePort } from '../../support/free-port';
import { startTestApp, TestApp } from '../../support/app';
import { createAppeal, startCheckout } from '../../support/appeals';
import { page, signIn } from '../../support/pages';

/**
 * Attack: anyone can start checkouts (CHECKOUT_RATE_LIMIT per address), and in sandbox mode each
 * one stayed on /organiser/sandbox, which listed every session ever made. 6,000 anonymous
 * checkouts (200 addresses, one minute) made it a 1.4 MB page that held the event loop 1-2.5 s
 * whenever an organiser opened it; the list only grows.
 */
describe('attack: the sandbox session list under a checkout flood', () => {
  let t: TestApp;
  beforeAll(async () => {
    const port = await freePort();
    t = await startTestApp({ PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, CHECKOUT_RATE_LIMIT: '1000' });
    await createAppeal(t, 'roof');
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows a bounded page of the newest sessions; older ones stay reachable by id', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 105; i++) ids.push((await startCheckout(t, 'roof', 500 + i)).sessionId);
    const { cookie } = await signIn(t);
    const list = await page(t, 'GET', '/organiser/sandbox', { cookie });
    expect(list.status).toBe(200);
    const listed = new Set([...list.text.matchAll(/href="\/organiser\/sandbox\/sessions\/(cs_[A-Za-z0-9_]+)"/g)].map((m) => m[1]));
    expect(listed.size).toBe(100);
    expect(listed.has(ids[104])).toBe(true);
    expect(listed.has(ids[0])).toBe(false);
    expect(list.text).toContain('newest 100 of 105');
    expect((await page(t, 'GET', `/organiser/sandbox/sessions/${ids[0]}`, { cookie })).status).toBe(200);
  });
});
