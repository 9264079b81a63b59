import { readBrowserFile } from '../../src/common/browser-build';
import { StripeGateway } from '../../src/payments/stripe/stripe-gateway';
import { startTestApp, TestApp } from '../support/app';
import { createAppeal } from '../support/appeals';
import { expectLedgerConsistent, resetLedger, totalsOf } from '../support/ledger';
import { page, textOf } from '../support/pages';

describe('donor pages', () => {
  let t: TestApp;
  let gateway: StripeGateway;
  beforeAll(async () => {
    t = await startTestApp({ CHECKOUT_RATE_LIMIT: '100', DONATION_MAX_AMOUNT: '500000' });
    gateway = t.app.get(StripeGateway);
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await resetLedger(t.ds);
    await createAppeal(t, 'roof', { title: 'Fix the <b>roof</b>', description: 'Rain gets in.' });
  });
  afterEach(async () => {
    await expectLedgerConsistent(t.ds);
  });

  it('shows the appeal, its progress, default presets for the currency and labelled fields, marked TEST MODE', async () => {
    const res = await page(t, 'GET', '/donate/roof');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain('TEST MODE');
    expect(res.text).toContain('Fix the &lt;b&gt;roof&lt;/b&gt;');
    expect(res.text).toContain('$0 raised of $10,000');
    for (const v of ['1000', '2500', '5000', '10000', '25000']) expect(res.text).toContain(`value="${v}"`);
    for (const id of ['customAmount', 'donorName', 'donorEmail', 'message', 'anonymous']) {
      expect(res.text).toContain(`id="${id}"`);
      expect(res.text).toMatch(new RegExp(`<label[^>]*for="${id}"`));
    }
    expect(res.text).toMatch(/data-minimum="50" data-step="1" data-maximum="500000"/);
    expect(res.text).not.toMatch(/<script>/); // scripts are files (CSP script-src 'self')
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain(`form-action 'self' ${new URL(gateway.sandbox!.publicUrl()).origin}`);
    expect(csp).toContain("script-src 'self'");
  });

  it("offers the appeal's own presets when it has them", async () => {
    expect((await t.request('PATCH', '/api/appeals/roof', { body: { presetAmounts: [700, 1500] } })).status).toBe(200);
    const res = await page(t, 'GET', '/donate/roof');
    expect(res.text).toContain('value="700"');
    expect(res.text).toContain('$7');
    expect(res.text).not.toContain('id="preset-2500"');
  });

  it('validates preset amounts like every other API field', async () => {
    const patch = (presetAmounts: unknown) => t.request('PATCH', '/api/appeals/roof', { body: { presetAmounts } });
    expect((await patch([1, 2, 3, 4, 5, 6, 7].map((x) => x * 1000))).body.message).toEqual([
      'presetAmounts must contain no more than 6 elements',
    ]);
    expect((await patch([1000, -5])).body.message).toEqual(['presetAmounts: each value in presetAmounts must be a positive number']);
    expect((await patch([1000, 2.5])).body.message).toEqual(['presetAmounts: each value in presetAmounts must be an integer number']);
    expect((await patch([1000, 1000])).body.message).toEqual(['presetAmounts must not repeat an amount']);
    expect((await patch([1000, 20])).body).toMatchObject({
      statusCode: 400,
      message: "presetAmounts[1] must be at least 50 (USD 0.50, Stripe's minimum for usd)",
    });
    const ok = await patch([500, 1000]);
    expect(ok.status).toBe(200);
    expect(ok.body.presetAmounts).toEqual([500, 1000]);
    const kwd = await t.request('POST', '/api/appeals', {
      body: { slug: 'kw', title: 'KW', currency: 'kwd', target: 100000, presetAmounts: [5005] },
    });
    expect(kwd.body).toMatchObject({ statusCode: 400, message: 'presetAmounts[0] for kwd must be a multiple of 10' });
  });

  it('is 404 for drafts and unknown appeals, and says why a closed or future appeal takes no money', async () => {
    await createAppeal(t, 'draft-one', { status: 'draft' });
    expect((await page(t, 'GET', '/donate/draft-one')).status).toBe(404);
    expect((await page(t, 'GET', '/donate/nope')).status).toBe(404);
    await createAppeal(t, 'done', { status: 'closed' });
    const closed = await page(t, 'GET', '/donate/done');
    expect(closed.status).toBe(200);
    expect(textOf(closed.text, 'closed-notice')).toContain('has closed');
    expect(closed.text).not.toContain('<form');
    await createAppeal(t, 'later', { startsAt: '2099-01-01T09:00:00Z' });
    expect(textOf((await page(t, 'GET', '/donate/later')).text, 'closed-notice')).toContain('opens on 1 January 2099 at 09:00 UTC');
    expect((await page(t, 'POST', '/donate/later', { form: { preset: '2500' } })).status).toBe(422);
    expect(await t.ds.query('SELECT id FROM donations')).toEqual([]);
  });

  it('without the script, shows the server messages beside the fields they concern', async () => {
    const res = await page(t, 'POST', '/donate/roof', {
      form: { preset: 'other', customAmount: '0.10', donorEmail: 'not-an-email', donorName: 'Ada' },
    });
    expect(res.status).toBe(400);
    expect(textOf(res.text, 'donorEmail-error')).toBe('E-mail must be an e-mail address');
    expect(res.text).toMatch(/id="donorEmail"[^>]*aria-invalid="true"/);
    expect(res.text).toContain('value="Ada"'); // what the donor typed is kept
    expect(await t.ds.query('SELECT id FROM donations')).toEqual([]);
    const small = await page(t, 'POST', '/donate/roof', { form: { preset: 'other', customAmount: '0.10' } });
    expect(small.status).toBe(400);
    expect(textOf(small.text, 'amount-error')).toBe("Amount must be at least 50 (USD 0.50, Stripe's minimum for usd)");
    const big = await page(t, 'POST', '/donate/roof', { form: { preset: 'other', customAmount: '5,000.01' } });
    expect(textOf(big.text, 'amount-error')).toBe('Amount must be at most 500000 (USD 5000.00)');
    const junk = await page(t, 'POST', '/donate/roof', { form: { preset: 'other', customAmount: '$12' } });
    expect(textOf(junk.text, 'amount-error')).toContain('Amount must be a number such as 25.50');
  });

  it('without the script, starts the checkout and redirects to the payment page; posting the same form twice is one donation', async () => {
    const form = { preset: 'other', customAmount: '12.34', donorEmail: 'ada@example.org', anonymous: 'true', key: 'a'.repeat(32) };
    const res = await page(t, 'POST', '/donate/roof', { form });
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/\/pay\/cs_test_/);
    const again = await page(t, 'POST', '/donate/roof', { form });
    expect(again.location).toBe(res.location);
    const rows = await t.ds.query('SELECT amount, donor_email, anonymous, status FROM donations');
    expect(rows).toEqual([{ amount: '1234', donor_email: 'ada@example.org', anonymous: true, status: 'pending' }]);
  });

  it('keeps the amount when the donor comes back from a cancelled checkout', async () => {
    const custom = await page(t, 'GET', '/donate/roof?cancelled=1&amount=1234');
    expect(custom.text).toContain('Your payment was cancelled');
    expect(custom.text).toMatch(/id="preset-other" value="other" checked/);
    expect(custom.text).toMatch(/id="customAmount"[^>]*value="12.34"/);
    const preset = await page(t, 'GET', '/donate/roof?cancelled=1&amount=5000');
    expect(preset.text).toMatch(/id="preset-5000" value="5000" checked/);
  });

  it('thanks the donor, confirming the payment until the webhook lands', async () => {
    const start = await t.request('POST', '/api/appeals/roof/checkout', { body: { amount: 4200 }, token: null });
    const thanks = await page(t, 'GET', `/donate/roof/thanks?session_id=${start.body.id}`);
    expect(thanks.status).toBe(200);
    expect(thanks.text).toContain('data-status="pending"');
    expect(thanks.text).toContain('Confirming your payment of $42.00');
    const statusUrl = `/donate/roof/thanks/status?session_id=${start.body.id}`;
    expect((await t.request('GET', statusUrl, { token: null })).body).toMatchObject({ status: 'pending' });
    await gateway.sandbox!.pay(start.body.id, 'paid');
    await gateway.sandbox!.waitForDeliveries();
    const done = await t.request('GET', statusUrl, { token: null });
    expect(done.headers.get('cache-control')).toBe('no-store');
    expect(done.body).toEqual({ status: 'succeeded', text: 'Your gift of $42.00 has been received and counted. Thank you!' });
    expect((await page(t, 'GET', `/donate/roof/thanks?session_id=${start.body.id}`)).text).toContain('$42 raised of $10,000');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 4200 });
    // A session of another appeal, or a made-up one, tells nothing.
    expect((await t.request('GET', '/donate/roof/thanks/status?session_id=cs_test_nope', { token: null })).body.status).toBe('unknown');
  });

  it('serves its scripts and stylesheet as cacheable files', async () => {
    const html = (await page(t, 'GET', '/donate/roof')).text;
    const src = /src="(\/assets\/donate\.js\?v=[0-9a-f]+)"/.exec(html)![1];
    const js = await page(t, 'GET', src);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(() => new Function(js.text)).not.toThrow();
    for (const name of ['live-progress.js', 'thanks.js', 'organiser.js']) {
      const other = await page(t, 'GET', `/assets/${name}`);
      expect(other.headers.get('cache-control')).toBe('no-cache');
      expect(() => new Function(other.text)).not.toThrow(); // at least it parses
    }
    expect((await page(t, 'GET', '/assets/pages.css')).headers.get('content-type')).toContain('text/css');
    expect((await page(t, 'GET', '/assets/nope.js')).status).toBe(404);
  });

  it('serves the files `npm run build` bundled from src/browser, revalidated by ETag', async () => {
    const html = (await page(t, 'GET', '/donate/roof')).text;
    const types: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };
    for (const name of ['donate.js', 'live-progress.js', 'thanks.js', 'organiser.js', 'pages.css']) {
      const res = await page(t, 'GET', `/assets/${name}`);
      expect(res.status).toBe(200);
      expect(res.text).toBe(readBrowserFile('assets', name).toString('utf8'));
      expect(res.headers.get('content-type')).toBe(types[name.split('.')[1]]);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('last-modified')).toBeTruthy();
      const etag = res.headers.get('etag')!;
      expect(etag).toMatch(/^(W\/)?"[^"]+"$/);
      // A list of tags, as caches send them, matches too. (fetch() adds `Cache-Control: no-cache`
      // to a request with its own If-None-Match, and @fastify/send never answers that with 304;
      // a browser revalidating its cached copy sends max-age=0.)
      const revalidate = { 'cache-control': 'max-age=0' };
      const again = await page(t, 'GET', `/assets/${name}`, { headers: { ...revalidate, 'if-none-match': `"stale", ${etag}` } });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect((await page(t, 'GET', `/assets/${name}`, { headers: { ...revalidate, 'if-none-match': '"stale"' } })).status).toBe(200);
    }
    // The versioned URL a page links is cached for good; an outdated version is not.
    const linked = /href="(\/assets\/pages\.css\?v=([0-9a-f]{12}))"/.exec(html)!;
    expect((await page(t, 'GET', linked[1])).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await page(t, 'GET', '/assets/pages.css?v=000000000000')).headers.get('cache-control')).toBe('no-cache');
    // Only the built files are routed: nothing else under dist/ is reachable through /assets.
    for (const path of ['/assets/', '/assets/../src/main.js', '/assets/%2e%2e/browser/widgets/widget.css', '/assets/donate.js.map']) {
      expect((await page(t, 'GET', path)).status).toBe(404);
    }
  });
});
