import { StripeGateway } from '../../src/payments/stripe/stripe-gateway';
import { startTestApp, TestApp } from '../support/app';
import { deliver, event, session, WEBHOOK_SECRET } from '../support/stripe-events';
import { createAppeal } from '../support/appeals';
import { expectLedgerConsistent, resetLedger, totalsOf } from '../support/ledger';
import { waitFor } from '../support/wait';

const MAX_GIFT = 1_000_000_000_000;

describe('what a signed event may count', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
    t.app.get(StripeGateway).sandbox!.autoDeliver = false;
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

  const donations = () => t.ds.query(`SELECT status, amount::text AS amount, review_reason, stripe_payment_intent_id FROM donations`);
  const linkSession = (over: Record<string, unknown>) => session({ metadata: { appeal: 'roof' }, ...over });

  it('makes a plan of a subscription-mode session (a recurring Payment Link) and counts no one-off gift for it', async () => {
    const s = linkSession({ mode: 'subscription', payment_intent: null, subscription: 'sub_1QxY2Z', invoice: 'in_1QxY2Z' });
    const res = await deliver(t.url, event('checkout.session.completed', s));
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('plan_updated');
    // Its invoices are the gifts (invoice.paid); the session itself counts nothing.
    expect(await donations()).toEqual([]);
    expect(await t.ds.query('SELECT state, amount::text AS amount, stripe_subscription_id FROM plans')).toEqual([
      { state: 'active', amount: '2500', stripe_subscription_id: 'sub_1QxY2Z' },
    ]);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0, donors: 0 });
  });

  it('holds a subscription-mode session naming an appeal that does not exist', async () => {
    const s = session({ mode: 'subscription', payment_intent: null, subscription: 'sub_2QxY2Z', metadata: { appeal: 'nowhere' } });
    expect((await deliver(t.url, event('checkout.session.completed', s))).body.outcome).toBe('review');
    expect(await donations()).toEqual([
      expect.objectContaining({ status: 'review', review_reason: 'monthly gift for an unknown appeal "nowhere"; not counted' }),
    ]);
  });

  it('never counts a setup-mode session', async () => {
    const s = linkSession({
      mode: 'setup',
      payment_intent: null,
      amount_total: null,
      amount_subtotal: null,
      payment_status: 'no_payment_required',
    });
    expect((await deliver(t.url, event('checkout.session.completed', s))).body.outcome).toBe('ignored');
    expect(await donations()).toEqual([]);
  });

  it('counts a gift of exactly 10^12 minor units and holds one a unit larger for review, naming the limit', async () => {
    expect((await deliver(t.url, event('checkout.session.completed', linkSession({ amount_total: MAX_GIFT })))).body.outcome).toBe(
      'counted',
    );
    const over = await deliver(t.url, event('checkout.session.completed', linkSession({ amount_total: MAX_GIFT + 1 })));
    expect(over.body.outcome).toBe('review');
    const held = (await donations()).find((d: { status: string }) => d.status === 'review');
    expect(held).toMatchObject({ amount: String(MAX_GIFT + 1) });
    expect(held.review_reason).toContain('above the largest single gift counted (1000000000000 minor units)');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: MAX_GIFT, donations: 1 });
  });

  it('refuses an offline gift above 10^12 minor units with a 400 naming the amount', async () => {
    const res = await t.request('POST', '/api/appeals/roof/donations', { body: { amount: MAX_GIFT + 1, reference: 'too-big' } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain('amount');
    expect(await donations()).toEqual([]);
  });

  it.each([
    ['an event id over 255 characters', { id: `evt_${'x'.repeat(252)}` }, 'event id must be 1-255 characters'],
    ['an event type over 100 characters', { type: `checkout.session.${'x'.repeat(84)}` }, 'event type must be 1-100 characters'],
  ])('answers %s with a 400 naming the field, and stores nothing', async (_n, over, message) => {
    const res = await deliver(t.url, event('checkout.session.completed', linkSession({}), over));
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(message);
    expect(await t.ds.query('SELECT id FROM stripe_events')).toEqual([]);
  });

  describe('no single row can make a list or a read fail', () => {
    /** Every read an organiser or a reader makes of the appeal; each must answer. */
    const reads = async () => {
      const list = await t.request('GET', '/api/appeals');
      const donationsList = await t.request('GET', '/api/appeals/roof/donations');
      const publicRead = await t.request('GET', '/api/appeals/roof', { token: null });
      const progress = await t.request('GET', '/api/appeals/roof/progress', { token: null });
      const badge = await t.request('GET', '/widgets/roof.svg', { token: null });
      return { list, donationsList, publicRead, progress, badge };
    };

    it('keeps every read answering after a signed event with an amount near 2^53', async () => {
      expect((await deliver(t.url, event('checkout.session.completed', linkSession({ amount_total: 2500 })))).body.outcome).toBe('counted');
      const huge = await deliver(t.url, event('checkout.session.completed', linkSession({ amount_total: Number.MAX_SAFE_INTEGER })));
      expect(huge.status).toBe(200);
      expect(huge.body.outcome).toBe('review');
      const r = await reads();
      expect([r.list.status, r.donationsList.status, r.publicRead.status, r.progress.status, r.badge.status]).toEqual([
        200, 200, 200, 200, 200,
      ]);
      expect(r.list.body[0]).toMatchObject({ slug: 'roof', raised: 2500 });
      expect(r.progress.body).toMatchObject({ raised: 2500, donations: 1 });
      expect(r.badge.text).toContain('$25 raised');
      // The cache reloads from the database (as after an edit) and still answers.
      expect((await t.request('PATCH', '/api/appeals/roof', { body: { title: 'Roof, again' } })).status).toBe(200);
      expect((await t.request('GET', '/api/appeals/roof/progress', { token: null })).status).toBe(200);
    });

    it('reports totals past 2^53 with every digit, in the list, the reads, the progress JSON and the badge', async () => {
      // 9,301 gifts of the largest amount, written as the ledger would have (the audit below agrees),
      // then one more real gift through a signed event takes the total past 2^53 to an odd number.
      const [{ id }] = await t.ds.query(`SELECT id FROM appeals WHERE slug = 'roof'`);
      await t.ds.query(
        `INSERT INTO donations (appeal_id, amount, currency, status, source, succeeded_at)
        SELECT $1, ${MAX_GIFT}, 'usd', 'succeeded', 'stripe', now() FROM generate_series(1, 9301)`,
        [id],
      );
      await t.ds.query(
        `UPDATE appeal_totals SET raised = 9301 * ${MAX_GIFT}::bigint, donation_count = 9301, donor_count = 9301, version = version + 1 WHERE appeal_id = $1`,
        [id],
      );
      expect((await deliver(t.url, event('checkout.session.completed', linkSession({ amount_total: 2501 })))).body.outcome).toBe('counted');
      const exact = '9301000000002501'; // above 2^53 and odd: no JS number holds it
      expect(Number(exact) > Number.MAX_SAFE_INTEGER).toBe(true);
      expect((await t.ds.query(`SELECT raised::text AS r FROM appeal_totals WHERE appeal_id = $1`, [id]))[0].r).toBe(exact);

      await waitFor(
        async () => (await t.request('GET', '/api/appeals/roof/progress', { token: null })).text.includes(`"raised":${exact},`),
        5000,
        'the progress JSON to carry the new total',
      );
      const r = await reads();
      expect([r.list.status, r.donationsList.status, r.publicRead.status, r.progress.status, r.badge.status]).toEqual([
        200, 200, 200, 200, 200,
      ]);
      for (const res of [r.list, r.publicRead, r.progress]) expect(res.text).toContain(`"raised":${exact},`);
      expect(r.badge.text).toContain('$93,010,000,000,025.01 raised');
    });
  });
});

describe('several webhook signing secrets', () => {
  const SECOND = 'whsec_second_endpoint_0123456789';
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ STRIPE_WEBHOOK_SECRET: `${WEBHOOK_SECRET}, ${SECOND}` });
    t.app.get(StripeGateway).sandbox!.autoDeliver = false;
    await createAppeal(t, 'roof');
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(async () => {
    await expectLedgerConsistent(t.ds);
  });

  it.each([
    ['the first secret', WEBHOOK_SECRET],
    ['the second secret', SECOND],
  ])('verifies an event signed with %s', async (_n, secret) => {
    const res = await deliver(t.url, event('checkout.session.completed', session({ metadata: { appeal: 'roof' } })), { secret });
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('counted');
  });

  it('refuses an event signed with neither (400, nothing stored)', async () => {
    const e = event('checkout.session.completed', session({ metadata: { appeal: 'roof' } }));
    const res = await deliver(t.url, e, { secret: 'whsec_someone_else_0123456789' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('signature verification failed');
    expect(await t.ds.query('SELECT id FROM stripe_events WHERE id = $1', [e.id])).toEqual([]);
  });
});
