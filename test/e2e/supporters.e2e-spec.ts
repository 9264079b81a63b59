import { supporterId } from '../../src/donations/supporters';
import { SUPPORTERS_PAGE } from '../../src/donations/supporters.queries';
import { StripeGateway } from '../../src/payments/stripe/stripe-gateway';
import { startTestApp, TestApp } from '../support/app';
import { createAppeal, startCheckout } from '../support/appeals';
import { expectLedgerConsistent, resetLedger } from '../support/ledger';
import { page, signIn } from '../support/pages';
import { openStream } from '../support/sse';
import { WEBHOOK_SECRET } from '../support/stripe-events';
import { waitFor } from '../support/wait';

/**
 * The public supporters wall, through the whole flow: checkouts with and without the donor's
 * consent, paid on the built-in Stripe sandbox (which delivers signed webhooks), refunded,
 * disputed and moderated by the organiser.
 */
describe('supporters wall', () => {
  let t: TestApp;
  const sandbox = () => t.app.get(StripeGateway).sandbox!;
  beforeAll(async () => {
    t = await startTestApp({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, CHECKOUT_RATE_LIMIT: '1000' });
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await resetLedger(t.ds);
    await createAppeal(t, 'roof');
  });
  afterEach(async () => {
    await expectLedgerConsistent(t.ds);
  });

  /** A checkout paid on the sandbox, counted once its webhook has been answered. */
  const give = async (amount: number, body: Record<string, unknown> = {}) => {
    const c = await startCheckout(t, 'roof', amount, { donorEmail: 'secret-donor@example.org', ...body });
    await sandbox().pay(c.sessionId, 'paid');
    await sandbox().waitForDeliveries();
    return c;
  };
  const wall = async (query = '', slug = 'roof') => {
    const res = await t.request('GET', `/api/appeals/${slug}/supporters${query}`, { token: null });
    return res;
  };
  /**
   * The wall once it satisfies `pred`: like progress, an instance learns of a change from the
   * ledger's NOTIFY, a moment after the request that made it has been answered.
   */
  const wallUntil = (pred: (supporters: Array<Record<string, unknown>>) => boolean, what: string) =>
    waitFor(
      async () => {
        const res = await wall();
        return pred(res.body.supporters) && (res.body.supporters as Array<Record<string, unknown>>);
      },
      5000,
      what,
    );
  const hide = (id: string, visible = false, token?: string | null) =>
    t.request('PATCH', `/api/appeals/roof/donations/${id}`, { body: { public: visible }, token });

  it('shows the name, message and country of a donor who chose to be shown, and never an e-mail', async () => {
    const c = await give(5000, { donorName: 'Ada Lovelace', message: 'For the roof!', public: true });
    const res = await wall();
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.body).toEqual({
      supporters: [
        {
          id: supporterId(c.donationId),
          name: 'Ada Lovelace',
          message: 'For the roof!',
          amount: 5000,
          currency: 'usd',
          // The sandbox's card is issued in the US; the session has no billing address.
          country: 'US',
          at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      ],
      nextCursor: null,
    });
    expect(res.text).not.toContain('secret-donor');
    // Public answers carry no internal id: the gift's id is a digest of it.
    expect(res.text).not.toContain(c.donationId);
  });

  it('shows a gift as anonymous unless the donor ticked the box, and when they also asked to be anonymous', async () => {
    await give(1000, { donorName: 'Quiet Quentin', message: 'no fuss' });
    await give(2000, { donorName: 'Both Boxes', message: 'hmm', public: true, anonymous: true });
    const res = await wall();
    expect(res.body.supporters.map((s: Record<string, unknown>) => [s.name, s.message, s.country, s.amount])).toEqual([
      [null, null, null, 2000],
      [null, null, null, 1000],
    ]);
    expect(res.text).not.toMatch(/Quentin|Both Boxes|no fuss|secret-donor/);
  });

  it('lists only counted gifts: not pending, fully refunded or disputed ones; a partial refund shows what is kept', async () => {
    await startCheckout(t, 'roof', 700, { donorName: 'Pending Pat', public: true });
    const full = await give(1000, { donorName: 'Refunded Rae', public: true });
    const partial = await give(3000, { donorName: 'Partly Pia', public: true });
    const disputed = await give(4000, { donorName: 'Disputed Dee', public: true });
    await sandbox().refund(full.sessionId);
    await sandbox().refund(partial.sessionId, 1000);
    await sandbox().dispute(disputed.sessionId, 'open');
    await sandbox().waitForDeliveries();
    const res = await wall();
    expect(res.body.supporters).toEqual([
      expect.objectContaining({ id: supporterId(partial.donationId), name: 'Partly Pia', amount: 2000 }),
    ]);
  });

  it('hides a name and message at once when the organiser says so, and shows them again', async () => {
    const c = await give(5000, { donorName: 'Ada Lovelace', message: 'Loud and proud', public: true });
    expect((await hide(c.donationId, false, null)).status).toBe(401);
    const hidden = await hide(c.donationId);
    expect(hidden.status).toBe(200);
    expect(hidden.body).toMatchObject({
      id: c.donationId,
      supporterId: supporterId(c.donationId),
      public: false,
      hidden: true,
      donorName: 'Ada Lovelace',
    });
    expect(await wallUntil((s) => s[0]?.name === null, 'the name hidden')).toEqual([
      expect.objectContaining({ name: null, message: null, country: null, amount: 5000 }),
    ]);
    const shown = await hide(c.donationId, true);
    expect(shown.body).toMatchObject({ public: true, hidden: false });
    expect(await wallUntil((s) => s[0]?.name !== null, 'the name shown again')).toEqual([
      expect.objectContaining({ name: 'Ada Lovelace', message: 'Loud and proud', country: 'US' }),
    ]);
  });

  it('showing a Stripe gift again never names a donor who did not choose to be named', async () => {
    const c = await give(1500, { donorName: 'Private Pat' });
    expect((await hide(c.donationId, true)).body).toMatchObject({ public: false, hidden: false });
    expect((await wall()).body.supporters[0]).toMatchObject({ name: null });
  });

  it('answers bad moderation requests with 4xx naming what is wrong', async () => {
    const c = await give(1500);
    const bad = await t.request('PATCH', `/api/appeals/roof/donations/${c.donationId}`, { body: { public: 'no' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toContain('public must be true or false');
    const extra = await t.request('PATCH', `/api/appeals/roof/donations/${c.donationId}`, { body: { public: false, amount: 1 } });
    expect(extra.status).toBe(400);
    expect((await t.request('PATCH', '/api/appeals/roof/donations/not-a-uuid', { body: { public: false } })).status).toBe(404);
    expect(
      (await t.request('PATCH', '/api/appeals/roof/donations/00000000-0000-4000-8000-000000000000', { body: { public: false } })).status,
    ).toBe(404);
    await createAppeal(t, 'other');
    expect((await t.request('PATCH', `/api/appeals/other/donations/${c.donationId}`, { body: { public: false } })).status).toBe(404);
  });

  it('shows an offline gift by name only when the organiser marks it public, with its country', async () => {
    const rec = (body: Record<string, unknown>) => t.request('POST', '/api/appeals/roof/donations', { body: { amount: 2500, ...body } });
    expect(
      (await rec({ reference: 'r1', donorName: 'Parish council', message: 'From the fair', public: true, country: 'gb' })).status,
    ).toBe(201);
    expect((await rec({ reference: 'r2', donorName: 'Quiet giver', country: 'FR' })).status).toBe(201);
    const bad = await rec({ reference: 'r3', country: 'XX' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toContain('country must be an ISO 3166-1 alpha-2 country code');
    const names = (await wall()).body.supporters.map((s: Record<string, unknown>) => [s.name, s.message, s.country]);
    expect(names).toEqual(
      expect.arrayContaining([
        ['Parish council', 'From the fair', 'GB'],
        [null, null, null],
      ]),
    );
    const progress = await t.request('GET', '/api/appeals/roof/progress', { token: null });
    expect(progress.body.countries).toBe(2);
  });

  it('hides every amount when the appeal says so', async () => {
    await give(5000, { donorName: 'Ada', public: true });
    expect((await wall()).body.supporters[0]).toMatchObject({ name: 'Ada', amount: 5000 });
    expect((await t.request('PATCH', '/api/appeals/roof', { body: { showAmounts: false } })).status).toBe(200);
    expect((await wallUntil((s) => s[0]?.amount === null, 'amounts hidden'))[0]).toMatchObject({
      name: 'Ada',
      amount: null,
      currency: 'usd',
    });
  });

  it('pages newest first with an opaque cursor, and revalidates with its ETag', async () => {
    for (let i = 1; i <= 5; i++) {
      await t.request('POST', '/api/appeals/roof/donations', {
        body: { amount: i * 100, reference: `p${i}`, donorName: `Giver ${i}`, public: true, receivedAt: `2026-11-0${i}T10:00:00Z` },
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await wall(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.supporters.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.supporters.map((s: Record<string, string>) => s.name));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['Giver 5', 'Giver 4', 'Giver 3', 'Giver 2', 'Giver 1']);
    const first = await wall();
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await t.request('GET', '/api/appeals/roof/supporters', { token: null, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it.each([
    ['?limit=0', 'limit must be an integer between 1 and 100'],
    ['?limit=101', 'limit must be an integer between 1 and 100'],
    ['?limit=abc', 'limit must be an integer between 1 and 100'],
    ['?limit=1&limit=2', 'limit must be an integer between 1 and 100'],
    ['?cursor=nonsense', 'cursor is not one this service issued'],
    [
      `?cursor=${Buffer.from(JSON.stringify(['2026-13-45 10:00:00+00', '00000000-0000-4000-8000-000000000000'])).toString('base64url')}`,
      'cursor is not one this service issued',
    ],
  ])('answers %s with 400', async (query, message) => {
    const res = await wall(query);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(JSON.stringify(res.body.message)).toContain(message);
  });

  it('answers 404 for drafts and unknown appeals', async () => {
    await createAppeal(t, 'secret-draft', { status: 'draft' });
    expect((await wall('', 'secret-draft')).status).toBe(404);
    expect((await wall('', 'no-such-appeal')).status).toBe(404);
  });

  it('streams the supporters as their own event: on connect, for a new gift and for a hide', async () => {
    const c = await openStream(`${t.url}/api/appeals/roof/progress/stream`);
    try {
      const first = await c.waitFor((e) => e.event === 'supporters');
      expect(first.id).toBeUndefined();
      expect(JSON.parse(first.data!)).toEqual({ supporters: [], nextCursor: null });
      const gift = await give(2500, { donorName: 'Live Lou', message: 'Go go go', public: true });
      const named = await c.waitFor((e) => e.event === 'supporters' && e.data!.includes('Live Lou'));
      expect(JSON.parse(named.data!).supporters[0]).toMatchObject({
        id: supporterId(gift.donationId),
        name: 'Live Lou',
        message: 'Go go go',
        country: 'US',
      });
      // The progress events are unchanged: every one still carries the totals as before.
      await c.waitFor((e) => e.event === 'progress' && JSON.parse(e.data!).raised === 2500);
      const from = c.events.length;
      await hide(gift.donationId);
      const hidden = await c.waitFor((e) => e.event === 'supporters', 5000, from);
      expect(JSON.parse(hidden.data!).supporters[0]).toMatchObject({ id: supporterId(gift.donationId), name: null, message: null });
      expect(hidden.data).not.toContain('Live Lou');
    } finally {
      c.close();
    }
  });

  it('lets a signed-in organiser record a public offline gift, hide it from the wall and hide amounts from the dashboard', async () => {
    const s = await signIn(t);
    const post = (path: string, form: Record<string, string>) =>
      page(t, 'POST', path, { cookie: s.cookie, form: { _csrf: s.csrf, ...form } });
    const gift = { amount: '75', currency: 'usd', reference: 'fair-1', donorName: 'Parish council', message: 'From the spring fair' };
    const badCountry = await post('/organiser/appeals/roof/gifts', { ...gift, public: 'true', country: 'Narnia' });
    expect(badCountry.status).toBe(400);
    expect(badCountry.text).toContain('country must be an ISO 3166-1 alpha-2 country code');
    expect((await post('/organiser/appeals/roof/gifts', { ...gift, public: 'true', country: 'gb' })).status).toBe(303);
    expect(await wallUntil((x) => x.length === 1, 'the gift')).toEqual([
      expect.objectContaining({ name: 'Parish council', message: 'From the spring fair', country: 'GB', amount: 7500 }),
    ]);
    const [row] = await t.ds.query(`SELECT id FROM donations`);
    const detail = await page(t, 'GET', '/organiser/appeals/roof', { cookie: s.cookie });
    expect(detail.text).toContain('Wall: name and message shown');
    expect(detail.text).toContain(`action="/organiser/appeals/roof/donations/${row.id}/public"`);
    // Without the session's CSRF token the button does nothing.
    const forged = await page(t, 'POST', `/organiser/appeals/roof/donations/${row.id}/public`, {
      cookie: s.cookie,
      form: { public: 'false' },
    });
    expect(forged.status).toBe(403);
    const hid = await post(`/organiser/appeals/roof/donations/${row.id}/public`, { public: 'false' });
    expect(hid.status).toBe(303);
    expect(hid.location).toBe('/organiser/appeals/roof?notice=gift-hidden#donations');
    expect(await wallUntil((x) => x[0]?.name === null, 'the name hidden')).toEqual([
      expect.objectContaining({ name: null, message: null, country: null }),
    ]);
    const edit = await page(t, 'GET', '/organiser/appeals/roof/edit', { cookie: s.cookie });
    expect(edit.text).toContain('Amounts on the supporters wall');
    const saved = await post('/organiser/appeals/roof', {
      title: 'Appeal roof',
      description: '',
      currency: 'usd',
      target: '10000',
      status: 'active',
      startsAt: '',
      endsAt: '',
      stretchTargets: '',
      presetAmounts: '',
      showAmounts: 'false',
    });
    expect(saved.status).toBe(303);
    expect((await wallUntil((x) => x[0]?.amount === null, 'amounts hidden'))[0]).toMatchObject({ amount: null });
  });

  it('reads the wall once per change for all the streams of an instance, not once per reader', async () => {
    const clients = await Promise.all(Array.from({ length: 25 }, () => openStream(`${t.url}/api/appeals/roof/progress/stream`)));
    const reads = jest.spyOn(t.ds, 'query');
    try {
      await Promise.all(clients.map((c) => c.waitFor((e) => e.event === 'supporters')));
      reads.mockClear();
      const res = await t.request('POST', '/api/appeals/roof/donations', {
        body: { amount: 900, reference: 'fan-1', donorName: 'Fan Out', public: true },
      });
      expect(res.status).toBe(201);
      await Promise.all(clients.map((c) => c.waitFor((e) => e.event === 'supporters' && e.data!.includes('Fan Out'))));
      expect(reads.mock.calls.filter(([sql]) => sql === SUPPORTERS_PAGE)).toHaveLength(1);
    } finally {
      reads.mockRestore();
      clients.forEach((c) => c.close());
    }
  });
});
