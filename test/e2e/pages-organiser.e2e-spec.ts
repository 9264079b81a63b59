import { TokensService } from '../../src/auth/tokens.service';
import { StripeGateway } from '../../src/payments/stripe/stripe-gateway';
import { ADMIN_TOKEN, startTestApp, TestApp } from '../support/app';
import { createAppeal, startCheckout } from '../support/appeals';
import { expectLedgerConsistent, totalsOf } from '../support/ledger';
import { cookiePair, hiddenValue, page, Signed, signIn, textOf } from '../support/pages';

describe('organiser dashboard: sessions and CSRF', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(['/organiser', '/organiser/appeals/new', '/organiser/appeals/roof', '/organiser/appeals/roof/donations.csv'])(
    'redirects %s to sign-in when there is no session',
    async (path) => {
      for (const cookie of [undefined, 'organiser_session=forged-value', `organiser_session=${'x'.repeat(43)}`]) {
        const res = await page(t, 'GET', path, { cookie });
        expect(res.status).toBe(303);
        expect(res.location).toBe(`/organiser/sign-in?next=${encodeURIComponent(path)}`);
      }
    },
  );

  it('redirects form posts without a session and changes nothing', async () => {
    const res = await page(t, 'POST', '/organiser/appeals', { form: { slug: 'sneaky', title: 'x', currency: 'usd', target: '10' } });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/organiser/sign-in');
    expect(await t.ds.query(`SELECT id FROM appeals WHERE slug = 'sneaky'`)).toEqual([]);
  });

  it('signs in with the organiser token into a server-side session held in an HttpOnly, SameSite=Strict cookie', async () => {
    const form = await page(t, 'GET', '/organiser/sign-in?next=%2Forganiser%2Fappeals%2Fnew');
    expect(form.text).toMatch(/<label for="token">/);
    const pre = form.setCookies.find((c) => c.startsWith('organiser_signin='))!;
    expect(pre).toMatch(/HttpOnly/);
    const res = await page(t, 'POST', '/organiser/sign-in', {
      cookie: cookiePair(pre),
      form: { _csrf: hiddenValue(form.text, '_csrf'), token: ADMIN_TOKEN, next: '/organiser/appeals/new' },
    });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/organiser/appeals/new');
    const session = res.setCookies.find((c) => c.startsWith('organiser_session='))!;
    expect(session).toMatch(/; Path=\/organiser; HttpOnly; SameSite=Strict$/);
    expect(session).not.toMatch(/Secure/);
    const value = cookiePair(session).split('=')[1];
    const rows = await t.ds.query('SELECT id_hash, organiser FROM organiser_sessions');
    expect(rows.map((r: { organiser: string }) => r.organiser)).toContain('admin');
    expect(JSON.stringify(rows)).not.toContain(value); // only a hash is stored
    expect((await page(t, 'GET', '/organiser', { cookie: cookiePair(session) })).status).toBe(200);
  });

  it('marks the cookie Secure when served over https through a proxy named in TRUST_PROXY, and only then', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    const sessionCookieVia = async (app: TestApp) => {
      const form = await page(app, 'GET', '/organiser/sign-in', { headers: https });
      const pre = cookiePair(form.setCookies[0]);
      const res = await page(app, 'POST', '/organiser/sign-in', {
        headers: https,
        cookie: pre,
        form: { _csrf: hiddenValue(form.text, '_csrf'), token: ADMIN_TOKEN },
      });
      return res.setCookies.find((c) => c.startsWith('organiser_session='));
    };
    // Without TRUST_PROXY the header is the client's own claim.
    expect(await sessionCookieVia(t)).not.toMatch(/; Secure/);
    const proxied = await startTestApp({ TRUST_PROXY: '127.0.0.1' });
    try {
      expect(await sessionCookieVia(proxied)).toMatch(/; Secure/);
    } finally {
      await proxied.close();
    }
  });

  it('refuses a wrong token, a sign-in form without its double-submit cookie, and foreign redirect targets', async () => {
    const form = await page(t, 'GET', '/organiser/sign-in');
    const csrf = hiddenValue(form.text, '_csrf');
    const pre = cookiePair(form.setCookies[0]);
    const wrong = await page(t, 'POST', '/organiser/sign-in', { cookie: pre, form: { _csrf: csrf, token: 'wrong-token-wrong-token' } });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('That token is not valid');
    expect(wrong.setCookies.some((c) => c.startsWith('organiser_session='))).toBe(false);
    const forged = await page(t, 'POST', '/organiser/sign-in', { form: { _csrf: csrf, token: ADMIN_TOKEN } });
    expect(forged.status).toBe(403);
    expect(forged.setCookies.some((c) => c.startsWith('organiser_session='))).toBe(false);
    const evil = await page(t, 'POST', '/organiser/sign-in', {
      cookie: pre,
      form: { _csrf: csrf, token: ADMIN_TOKEN, next: '//evil.example/organiser' },
    });
    expect(evil.location).toBe('/organiser');
  });

  it('rejects a forged form post that lacks the CSRF token, even with the session cookie', async () => {
    const s = await signIn(t);
    await createAppeal(t, 'csrf-target');
    for (const token of [undefined, 'not-the-token', `${s.csrf}x`]) {
      const form: Record<string, string> = { amount: '50', reference: `forged-${token}` };
      if (token) form._csrf = token;
      const res = await page(t, 'POST', '/organiser/appeals/csrf-target/gifts', { cookie: s.cookie, form });
      expect(res.status).toBe(403);
    }
    expect(await t.ds.query(`SELECT id FROM donations`)).toEqual([]);
    const ok = await page(t, 'POST', '/organiser/appeals/csrf-target/gifts', {
      cookie: s.cookie,
      form: { _csrf: s.csrf, amount: '50', reference: 'real' },
    });
    expect(ok.status).toBe(303);
    await expectLedgerConsistent(t.ds);
  });

  it('ends the session on sign-out, and when the token that opened it is revoked', async () => {
    const s = await signIn(t);
    const out = await page(t, 'POST', '/organiser/sign-out', { cookie: s.cookie, form: { _csrf: s.csrf } });
    expect(out.status).toBe(303);
    expect(out.location).toBe('/organiser/sign-in?signed-out=1');
    expect(out.setCookies[0]).toMatch(/^organiser_session=; Max-Age=0/);
    expect((await page(t, 'GET', '/organiser', { cookie: s.cookie })).status).toBe(303);

    const { token } = await t.app.get(TokensService).create('treasurer');
    const cli = await signIn(t, token);
    expect((await page(t, 'GET', '/organiser', { cookie: cli.cookie })).text).toContain('Signed in as treasurer');
    await t.app.get(TokensService).revoke('treasurer');
    expect((await page(t, 'GET', '/organiser', { cookie: cli.cookie })).status).toBe(303);
  });
});

describe('organiser dashboard: appeals, gifts, export', () => {
  let t: TestApp;
  let s: Signed;
  let gateway: StripeGateway;
  beforeAll(async () => {
    t = await startTestApp();
    gateway = t.app.get(StripeGateway);
    s = await signIn(t);
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await t.ds.query(
      'TRUNCATE appeals, donations, refunds, disputes, stripe_events, appeal_totals, stripe_event_failures, reconcile_runs CASCADE',
    );
  });
  afterEach(async () => {
    await expectLedgerConsistent(t.ds);
  });

  const post = (path: string, form: Record<string, string>) =>
    page(t, 'POST', path, { cookie: s.cookie, form: { _csrf: s.csrf, ...form } });
  const get = (path: string) => page(t, 'GET', path, { cookie: s.cookie });

  it('creates an appeal from the form, in major units, and lists it', async () => {
    const res = await post('/organiser/appeals', {
      slug: 'roof',
      title: 'Roof',
      description: '',
      currency: 'usd',
      target: '10,000',
      status: 'active',
      startsAt: '',
      endsAt: '2099-03-01T12:00',
      stretchTargets: '15,000, 20000',
      presetAmounts: '5 10 20.50',
    });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/organiser/appeals/roof?notice=created');
    const api = await t.request('GET', '/api/appeals');
    expect(api.body[0]).toMatchObject({
      slug: 'roof',
      target: 1_000_000,
      stretchTargets: [1_500_000, 2_000_000],
      presetAmounts: [500, 1000, 2050],
      endsAt: '2099-03-01T12:00:00.000Z',
    });
    const list = await get('/organiser');
    expect(list.text).toContain('href="/organiser/appeals/roof"');
    expect(list.text).toContain('data-live-progress data-slug="roof"');
  });

  it("shows the API's own messages beside the fields of the appeal form", async () => {
    const bad = {
      slug: 'Bad Slug',
      title: 'x',
      currency: 'usd',
      status: 'active',
      startsAt: '2099-02-01T00:00',
      endsAt: '2099-01-01T00:00',
    };
    const viaApi = await t.request('POST', '/api/appeals', {
      body: { ...bad, target: 100, startsAt: '2099-02-01T00:00:00Z', endsAt: '2099-01-01T00:00:00Z' },
    });
    const res = await post('/organiser/appeals', { ...bad, target: '1', description: '', stretchTargets: '', presetAmounts: '0.10' });
    expect(res.status).toBe(400);
    expect(textOf(res.text, 'slug-error')).toBe(viaApi.body.message.find((m: string) => m.startsWith('slug')));
    expect(textOf(res.text, 'slug-error')).toContain('slug must be 1-64 lower-case letters');
    expect(res.text).toMatch(/id="slug"[^>]*aria-invalid="true"/);
    expect(res.text).toContain('value="Bad Slug"');
    const fixed = await post('/organiser/appeals', {
      ...bad,
      slug: 'ok',
      target: '1',
      description: '',
      stretchTargets: '',
      presetAmounts: '0.10',
    });
    expect(textOf(fixed.text, 'endsAt-error')).toBe('endsAt must be after startsAt');
    expect(textOf(fixed.text, 'presetAmounts-error')).toBe("presetAmounts[0] must be at least 50 (USD 0.50, Stripe's minimum for usd)");
    const junk = await post('/organiser/appeals', { slug: 'ok', title: 'x', currency: 'usd', status: 'active', target: 'lots' });
    expect(textOf(junk.text, 'target-error')).toBe('target must be an amount such as 100 or 1,250.50, without the currency sign');
    await createAppeal(t, 'taken');
    const taken = await post('/organiser/appeals', { slug: 'taken', title: 'x', currency: 'usd', status: 'active', target: '100' });
    expect(taken.status).toBe(409);
    expect(textOf(taken.text, 'slug-error')).toBe('An appeal with slug "taken" already exists');
    expect((await t.request('GET', '/api/appeals')).body).toHaveLength(1);
  });

  it('edits an appeal: the form shows current values and saves, clearing what was emptied', async () => {
    await createAppeal(t, 'roof', { endsAt: '2099-01-01T00:00:00Z', presetAmounts: [1000] });
    const form = await get('/organiser/appeals/roof/edit');
    expect(form.text).toMatch(/id="endsAt"[^>]*value="2099-01-01T00:00"/);
    expect(form.text).toMatch(/id="target"[^>]*value="10000.00"/);
    const res = await post('/organiser/appeals/roof', {
      title: 'New roof',
      description: 'Now',
      currency: 'usd',
      target: '12000',
      status: 'active',
      startsAt: '',
      endsAt: '',
      stretchTargets: '',
      presetAmounts: '',
    });
    expect(res.status).toBe(303);
    expect((await t.request('GET', '/api/appeals')).body[0]).toMatchObject({
      title: 'New roof',
      target: 1_200_000,
      endsAt: null,
      presetAmounts: [],
    });
  });

  it("sets an appeal's language from the form, offering only the supported ones", async () => {
    await createAppeal(t, 'roof');
    const form = await get('/organiser/appeals/roof/edit');
    expect(form.text).toMatch(/<select id="language" name="language"[^>]*><option value="en" selected>English \(en\)<\/option>/);
    expect(form.text).toContain('<option value="ar">العربية (ar)</option>');
    const base = { title: 'Roof', currency: 'usd', target: '10000', status: 'active' };
    expect((await post('/organiser/appeals/roof', { ...base, language: 'ar' })).status).toBe(303);
    expect((await t.request('GET', '/api/appeals/roof')).body.language).toBe('ar');
    const bad = await post('/organiser/appeals/roof', { ...base, language: 'tlh' });
    expect(bad.status).toBe(400);
    expect(textOf(bad.text, 'language-error')).toContain('language must be one of en, es, pt, fr, de, ar');
  });

  it('records an offline gift, shows it in the table and the chart, and once only for one reference', async () => {
    await createAppeal(t, 'roof');
    const gift = {
      amount: '75',
      currency: 'usd',
      convertedAmount: '',
      reference: 'cash-0001',
      donorName: 'Parish council',
      note: 'Spring fair',
      receivedAt: '',
    };
    const res = await post('/organiser/appeals/roof/gifts', gift);
    expect(res.status).toBe(303);
    expect(res.location).toBe('/organiser/appeals/roof?notice=gift-recorded#donations');
    const detail = await get('/organiser/appeals/roof?notice=gift-recorded');
    expect(textOf(detail.text, 'notice')).toBe('Gift recorded.');
    expect(detail.text).toContain('Parish council');
    expect(detail.text).toContain('ref cash-0001');
    expect(detail.text).toMatch(/data-points="1" data-last-total="7500"/);
    expect(detail.text).toContain('Cumulative total $75 on');
    const again = await post('/organiser/appeals/roof/gifts', gift);
    expect(again.location).toContain('notice=gift-exists');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 7500, donations: 1 });
    const foreign = await post('/organiser/appeals/roof/gifts', { ...gift, currency: 'eur', reference: 'eur-1' });
    expect(foreign.status).toBe(400);
    expect(textOf(foreign.text, 'gift-convertedAmount-error')).toBe(
      'convertedAmount is required when currency (eur) differs from the appeal currency (usd)',
    );
    const reused = await post('/organiser/appeals/roof/gifts', { ...gift, amount: '80' });
    expect(reused.status).toBe(409);
    expect(textOf(reused.text, 'gift-reference-error')).toBe('reference "cash-0001" was already used for a different gift');
  });

  it('exports the donations as spreadsheet-safe CSV behind the session', async () => {
    await createAppeal(t, 'roof');
    await post('/organiser/appeals/roof/gifts', {
      amount: '20',
      reference: 'r1',
      donorName: '=HYPERLINK("http://evil.example","click")',
      note: '+1 cmd',
    });
    const res = await get('/organiser/appeals/roof/donations.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="roof-donations.csv"');
    expect(res.text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(res.text).toContain(`"'+1 cmd"`);
    expect(res.text).toContain('"2000","20.00","usd"');
  });

  it('pages through donations newest first with a keyset cursor', async () => {
    await createAppeal(t, 'roof');
    for (let i = 1; i <= 30; i++) {
      await t.request('POST', '/api/appeals/roof/donations', { body: { amount: 100 * i, reference: `g-${i}`, donorName: `Donor ${i}` } });
    }
    const first = await get('/organiser/appeals/roof');
    expect(first.text.match(/data-donation=/g)).toHaveLength(25);
    expect(first.text.indexOf('Donor 30')).toBeLessThan(first.text.indexOf('Donor 29'));
    expect(first.text).not.toContain('Donor 5<');
    const next = /href="(\/organiser\/appeals\/roof\?cursor=[^"#]+)#donations" rel="next"/.exec(first.text)![1];
    const second = await get(next.replace(/&amp;/g, '&'));
    expect(second.text.match(/data-donation=/g)).toHaveLength(5);
    expect(second.text).toContain('Donor 5<');
    expect(second.text).toContain('Newest donations');
    expect(second.text).not.toContain('rel="next"');
  });

  it('shows refunds and disputes on their donations', async () => {
    await createAppeal(t, 'roof');
    const a = await startCheckout(t, 'roof', 5000, { donorName: 'Ada', donorEmail: 'ada@example.org' });
    const b = await startCheckout(t, 'roof', 3000, { donorName: 'Bo' });
    await gateway.sandbox!.pay(a.sessionId, 'paid');
    await gateway.sandbox!.pay(b.sessionId, 'paid');
    await gateway.sandbox!.waitForDeliveries();
    await gateway.sandbox!.refund(a.sessionId, 1500);
    await gateway.sandbox!.dispute(b.sessionId, 'funds_withdrawn');
    await gateway.sandbox!.waitForDeliveries();
    const res = await get('/organiser/appeals/roof');
    expect(res.text).toMatch(/Refunded \$15\.00 on/);
    expect(res.text).toMatch(/data-dispute="needs_response">Disputed: needs response \(fraudulent\) \$30\.00, \$30\.00 withdrawn/);
    expect(res.text).toContain('net $35.00');
    expect(res.text).toContain('ada@example.org');
    expect(res.text).toMatch(/data-last-total="3500"/);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 3500 });
  });
});
