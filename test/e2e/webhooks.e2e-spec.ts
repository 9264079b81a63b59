import Stripe from 'stripe';
import { StripeGateway } from '../../src/payments/stripe/stripe-gateway';
import { startTestApp, TestApp, METRICS_TOKEN } from '../support/app';
import { balanceTransaction, deliver, dispute, event, refund, session, WEBHOOK_SECRET } from '../support/stripe-events';
import { createAppeal, startCheckout } from '../support/appeals';
import { expectLedgerConsistent, resetLedger, totalsOf } from '../support/ledger';
import { waitFor } from '../support/wait';

describe('Stripe webhooks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, CHECKOUT_RATE_LIMIT: '1000' });
    // The sandbox must not deliver its own events here: these tests deliver by hand.
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

  async function paidSession(amount = 2500, over: Record<string, unknown> = {}) {
    const c = await startCheckout(t, 'roof', amount);
    return {
      ...c,
      session: session({
        id: c.sessionId,
        amount_total: amount,
        metadata: { appeal: 'roof', donation_id: c.donationId },
        client_reference_id: c.donationId,
        ...over,
      }),
    };
  }
  const donation = async (id: string) => (await t.ds.query('SELECT * FROM donations WHERE id = $1', [id]))[0];
  const eventsStored = async () => Number((await t.ds.query('SELECT count(*) FROM stripe_events'))[0].count);

  it('counts a paid session once', async () => {
    const { session: s, donationId } = await paidSession(2500);
    const res = await deliver(t.url, event('checkout.session.completed', s));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: true, outcome: 'counted' });
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2500, donations: 1, donors: 1 });
    expect(await donation(donationId)).toMatchObject({
      status: 'succeeded',
      stripe_payment_intent_id: s.payment_intent,
      donor_email: 'donor@example.org',
    });
  });

  it('counts a donation once when Stripe delivers the event twice', async () => {
    const { session: s } = await paidSession(2500);
    const e = event('checkout.session.completed', s);
    expect((await deliver(t.url, e)).body.outcome).toBe('counted');
    const again = await deliver(t.url, e);
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('duplicate');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2500, donations: 1 });
  });

  it('counts once when the same event arrives on 20 connections at once', async () => {
    const { session: s } = await paidSession(4000);
    const e = event('checkout.session.completed', s);
    const answers = await Promise.all(Array.from({ length: 20 }, () => deliver(t.url, e)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.filter((a) => a.body.outcome === 'counted')).toHaveLength(1);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 4000, donations: 1 });
  });

  it('counts once when both completed and async_payment_succeeded arrive for one payment', async () => {
    const { session: s } = await paidSession(3000);
    await deliver(t.url, event('checkout.session.completed', s));
    const second = await deliver(t.url, event('checkout.session.async_payment_succeeded', s));
    expect(second.body.outcome).toBe('unchanged');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 3000, donations: 1 });
  });

  it('leaves an unpaid completion pending and counts it at async success', async () => {
    const { session: s, donationId } = await paidSession(5000, { payment_status: 'unpaid' });
    expect((await deliver(t.url, event('checkout.session.completed', s))).body.outcome).toBe('pending');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0 });
    expect(await donation(donationId)).toMatchObject({ status: 'pending', stripe_payment_intent_id: s.payment_intent });
    expect((await deliver(t.url, event('checkout.session.async_payment_succeeded', { ...s, payment_status: 'paid' }))).body.outcome).toBe(
      'counted',
    );
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 5000, donations: 1 });
  });

  it('never counts a failed async payment', async () => {
    const { session: s, donationId } = await paidSession(5000, { payment_status: 'unpaid' });
    await deliver(t.url, event('checkout.session.completed', s));
    expect((await deliver(t.url, event('checkout.session.async_payment_failed', s))).body.outcome).toBe('failed');
    expect(await donation(donationId)).toMatchObject({ status: 'failed' });
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0 });
  });

  it('marks an expired session and never counts it', async () => {
    const { session: s, donationId } = await paidSession(5000, { status: 'expired', payment_status: 'unpaid', payment_intent: null });
    expect((await deliver(t.url, event('checkout.session.expired', s))).body.outcome).toBe('expired');
    expect(await donation(donationId)).toMatchObject({ status: 'expired' });
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0 });
  });

  // charge.refunded reads the charge's refunds from the Stripe API: see refund-dispute-lifecycle.e2e-spec.ts.
  it('subtracts a partial then a full refund exactly, whether replayed or out of order', async () => {
    const { session: s, donationId } = await paidSession(10_000);
    await deliver(t.url, event('checkout.session.completed', s));
    const of = (amount: number) => refund({ amount, charge: 'ch_roof1', payment_intent: s.payment_intent as string });
    const [partial, rest] = [of(2_500), of(7_500)];
    const restCreated = event('refund.created', rest);
    expect((await deliver(t.url, restCreated)).body.outcome).toBe('refunded'); // the later refund first
    expect((await deliver(t.url, event('refund.created', partial))).body.outcome).toBe('refunded');
    expect((await deliver(t.url, event('refund.updated', partial))).body.outcome).toBe('unchanged'); // same refund, same state
    expect((await deliver(t.url, restCreated)).body.outcome).toBe('duplicate'); // replay
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0, donors: 0 });
    expect(await donation(donationId)).toMatchObject({ refunded: '10000', stripe_charge_id: 'ch_roof1' });
  });

  it('subtracts a partial refund and keeps the gift counted', async () => {
    const { session: s } = await paidSession(10_000);
    await deliver(t.url, event('checkout.session.completed', s));
    const r = refund({ amount: 2_500, payment_intent: s.payment_intent as string });
    await deliver(t.url, event('refund.created', r));
    await deliver(t.url, event('charge.refund.updated', r)); // a different event id, same refund
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 7_500, donations: 1 });
    expect(await t.ds.query('SELECT stripe_refund_id, amount, status FROM refunds')).toEqual([
      { stripe_refund_id: r.id, amount: '2500', status: 'succeeded' },
    ]);
  });

  it('answers 503 for a refund that arrives before its payment, then applies it on redelivery', async () => {
    const { session: s } = await paidSession(6_000);
    const early = event('refund.created', refund({ amount: 6_000, payment_intent: s.payment_intent as string }));
    expect((await deliver(t.url, early)).status).toBe(503);
    expect(await eventsStored()).toBe(0);
    await deliver(t.url, event('checkout.session.completed', s));
    expect((await deliver(t.url, early)).body.outcome).toBe('refunded');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0 });
  });

  it('takes disputed funds out and puts them back when reinstated, in either order', async () => {
    const { session: s } = await paidSession(8_000);
    await deliver(t.url, event('checkout.session.completed', s));
    const out = balanceTransaction(-8_000);
    const dp = dispute({ amount: 8_000, charge: 'ch_roof2', payment_intent: s.payment_intent as string, balance_transactions: [out] });
    const reinstated = event('charge.dispute.funds_reinstated', {
      ...dp,
      status: 'won',
      balance_transactions: [out, balanceTransaction(8_000)],
    });
    expect((await deliver(t.url, event('charge.dispute.funds_withdrawn', dp))).body.outcome).toBe('disputed');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0 });
    expect((await deliver(t.url, reinstated)).body.outcome).toBe('reinstated');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 8_000, donations: 1 });
    // A late delivery of the withdrawal is older than what is recorded: it changes nothing.
    expect((await deliver(t.url, event('charge.dispute.funds_withdrawn', dp))).body.outcome).toBe('unchanged');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 8_000 });
  });

  describe('signatures', () => {
    it.each([
      ['signed with another secret', { secret: 'whsec_not_ours' }],
      ['stale (10 minutes old)', { timestamp: Math.floor(Date.now() / 1000) - 600 }],
      ['tampered after signing', { tamper: (raw: string) => raw.replace('"amount_total": 2500', '"amount_total": 250000') }],
      ['without a signature', { signature: null }],
      ['with a garbage signature', { signature: 't=1,v1=deadbeef' }],
    ])('refuses an event %s with 400 and writes nothing', async (_n, opts) => {
      const { session: s } = await paidSession(2500);
      const res = await deliver(t.url, event('checkout.session.completed', s), opts);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(await eventsStored()).toBe(0);
      expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0 });
    });

    it('refuses a live-mode event on a test-mode service', async () => {
      const { session: s } = await paidSession(2500);
      const res = await deliver(t.url, event('checkout.session.completed', s, { livemode: true }));
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain('livemode');
      expect(await eventsStored()).toBe(0);
    });

    it('refuses a signed body that is not an event', async () => {
      const res = await deliver(t.url, { hello: 'world' } as unknown as Stripe.Event);
      expect(res.status).toBe(400);
    });
  });

  it('counts a Payment Link session that has no pending donation', async () => {
    const s = session({ amount_total: 1500, metadata: { appeal: 'roof' }, client_reference_id: null });
    expect((await deliver(t.url, event('checkout.session.completed', s))).body.outcome).toBe('counted');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 1500, donations: 1, donors: 1 });
    await deliver(t.url, event('checkout.session.completed', s)); // another event for the same session
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 1500, donations: 1 });
  });

  it('records a session for an unknown appeal for review without counting it', async () => {
    const s = session({ amount_total: 1500, metadata: { appeal: 'no-such-appeal' } });
    const res = await deliver(t.url, event('checkout.session.completed', s));
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('review');
    const [d] = await t.ds.query(
      'SELECT status, appeal_id, appeal_slug, review_reason FROM donations WHERE stripe_checkout_session_id = $1',
      [s.id],
    );
    expect(d).toMatchObject({ status: 'review', appeal_id: null, appeal_slug: 'no-such-appeal' });
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0 });
  });

  it('holds a session in another currency for review instead of counting it at face value', async () => {
    const s = session({ amount_total: 1500, currency: 'eur', metadata: { appeal: 'roof' } });
    expect((await deliver(t.url, event('checkout.session.completed', s))).body.outcome).toBe('review');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0 });
  });

  it('counts the appeal-currency amount under Adaptive Pricing and keeps what the donor paid', async () => {
    const { session: s, donationId } = await paidSession(10_000);
    const withPresentment = { ...s, presentment_details: { presentment_amount: 9_200, presentment_currency: 'eur' } };
    await deliver(t.url, event('checkout.session.completed', withPresentment));
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 10_000 });
    expect(await donation(donationId)).toMatchObject({ amount: '10000', original_amount: '9200', original_currency: 'eur' });
    // A refund of half the EUR charge takes out half the USD gift.
    await deliver(t.url, event('refund.created', refund({ amount: 4_600, currency: 'eur', payment_intent: s.payment_intent as string })));
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 5_000 });
  });

  it.each([
    ['jpy', 5_000, 'yen'],
    ['kwd', 12_340, 'dinar'],
  ])('counts %s amounts in their own minor units', async (currency, amount, slug) => {
    await createAppeal(t, slug, { currency, target: 1_000_000 });
    const s = session({ amount_total: amount, currency, metadata: { appeal: slug } });
    await deliver(t.url, event('checkout.session.completed', s));
    expect(await totalsOf(t.ds, slug)).toMatchObject({ raised: amount, donations: 1 });
    // The public read comes from the progress cache, refreshed by NOTIFY: eventually, not at once.
    const pub = await waitFor(
      async () => {
        const r = await t.request('GET', `/api/appeals/${slug}`, { token: null });
        return r.body.raised === amount && r;
      },
      2000,
      'the public total',
    );
    expect(pub.body).toMatchObject({ currency, raised: amount });
  });

  it('acknowledges an unknown event type, ignores it and counts it in metrics', async () => {
    const res = await deliver(t.url, event('customer.created', { id: 'cus_1', object: 'customer' }));
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('ignored');
    const metrics = await t.request('GET', '/metrics', { token: METRICS_TOKEN });
    expect(metrics.text).toMatch(/stripe_webhook_events_total\{type="customer.created",outcome="ignored"\} 1/);
  });

  it('counts two gifts from one e-mail as one donor', async () => {
    for (const amount of [1000, 2000]) {
      const { session: s } = await paidSession(amount);
      await deliver(t.url, event('checkout.session.completed', s));
    }
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 3000, donations: 2, donors: 1 });
  });

  it('counts each donor once when their gifts arrive at the same moment, through either path', async () => {
    const donors = ['ana@example.org', 'ben@example.org', 'cy@example.org'];
    const payers = (email: string) => ({ customer_details: { email, name: null } });
    // Four gifts per donor: two Payment Link sessions (no pending donation), two of our own checkouts.
    const linkSessions = donors.flatMap((email) =>
      [1, 2].map((i) => session({ amount_total: 1000 * i, metadata: { appeal: 'roof' }, client_reference_id: null, ...payers(email) })),
    );
    const ours = await Promise.all(
      donors.flatMap((email) => [300, 400].map(async (amount) => (await paidSession(amount, payers(email))).session)),
    );
    const answers = await Promise.all([...linkSessions, ...ours].map((s) => deliver(t.url, event('checkout.session.completed', s))));
    expect(answers.map((a) => a.body.outcome)).toEqual(Array(12).fill('counted'));
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 3 * (1000 + 2000 + 300 + 400), donations: 12, donors: 3 });
    // Refunding every gift of one donor takes that donor out of the count, and nobody else.
    const anas = (await t.ds.query(
      `SELECT amount, stripe_payment_intent_id AS pi FROM donations WHERE donor_email = 'ana@example.org'`,
    )) as Array<{ amount: string; pi: string }>;
    expect(anas).toHaveLength(4);
    const refunds = await Promise.all(
      anas.map((d) => deliver(t.url, event('refund.created', refund({ payment_intent: d.pi, amount: Number(d.amount) })))),
    );
    expect(refunds.map((r) => r.status)).toEqual(Array(4).fill(200));
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2 * (1000 + 2000 + 300 + 400), donations: 8, donors: 2 });
  });
});
