import { StripeGateway } from '../../src/payments/stripe/stripe-gateway';
import { startTestApp, TestApp } from '../support/app';
import { WEBHOOK_SECRET } from '../support/stripe-events';
import { createAppeal } from '../support/appeals';
import { expectLedgerConsistent, resetLedger, totalsOf } from '../support/ledger';

describe('checkout through the sandbox', () => {
  let t: TestApp;
  let gateway: StripeGateway;
  beforeAll(async () => {
    t = await startTestApp({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, CHECKOUT_RATE_LIMIT: '40', DONATION_MAX_AMOUNT: '1000000' });
    gateway = t.app.get(StripeGateway);
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

  const checkout = (body: unknown, slug = 'roof', headers?: Record<string, string>) =>
    t.request('POST', `/api/appeals/${slug}/checkout`, { body, token: null, headers });

  it('creates a pending donation and a session with the amount, metadata and return URLs set server-side', async () => {
    const res = await checkout({ amount: 2500, donorName: 'Ada', donorEmail: 'ada@example.org', message: 'Good luck' });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^cs_test_/);
    expect(res.body.url).toContain(`/pay/${res.body.id}`);
    const [d] = await t.ds.query('SELECT * FROM donations WHERE stripe_checkout_session_id = $1', [res.body.id]);
    expect(d).toMatchObject({
      status: 'pending',
      source: 'stripe',
      amount: '2500',
      currency: 'usd',
      donor_email: 'ada@example.org',
      message: 'Good luck',
    });
    const session = await gateway.stripe.checkout.sessions.retrieve(res.body.id);
    expect(session).toMatchObject({
      amount_total: 2500,
      currency: 'usd',
      mode: 'payment',
      client_reference_id: d.id,
      customer_email: 'ada@example.org',
      metadata: { appeal: 'roof', donation_id: d.id },
    });
    expect(session.success_url).toContain('/donate/roof/thanks?session_id={CHECKOUT_SESSION_ID}');
    expect(session.cancel_url).toContain('/donate/roof?cancelled=1&amount=2500');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0 });
  });

  it('counts the gift once the donor pays on the sandbox page and the signed webhook lands', async () => {
    const res = await checkout({ amount: 4200, donorEmail: 'bo@example.org' });
    // The page is served by the service itself, under PUBLIC_BASE_URL (unset here, so reached at t.url).
    const payPage = t.url + new URL(res.body.url).pathname;
    expect(new URL(res.body.url).pathname).toBe(`/sandbox/pay/${res.body.id}`);
    const page = await fetch(payPage);
    expect(await page.text()).toContain('TEST MODE');
    const pay = await fetch(payPage, { method: 'POST', body: new URLSearchParams({ outcome: 'paid' }), redirect: 'manual' });
    expect(pay.status).toBe(303);
    expect(pay.headers.get('location')).toContain(`/donate/roof/thanks?session_id=${res.body.id}`);
    await gateway.sandbox!.waitForDeliveries();
    expect(gateway.sandbox!.deliveries.at(-1)).toMatchObject({ status: 200 });
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 4200, donations: 1, donors: 1 });
    // Then a refund made in Stripe reaches the ledger through charge.refunded.
    await gateway.sandbox!.refund(res.body.id, 1200);
    await gateway.sandbox!.waitForDeliveries();
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 3000, donations: 1 });
  });

  it('returns the same session when the client retries with the same Idempotency-Key', async () => {
    const a = await checkout({ amount: 2500 }, 'roof', { 'idempotency-key': 'k-123' });
    const b = await checkout({ amount: 2500 }, 'roof', { 'idempotency-key': 'k-123' });
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect((await t.ds.query('SELECT count(*)::int AS n FROM donations'))[0].n).toBe(1);
    const c = await checkout({ amount: 9999 }, 'roof', { 'idempotency-key': 'k-123' });
    expect(c.status).toBe(409);
  });

  it.each([
    ['below the usd minimum', { amount: 49 }, 'amount must be at least'],
    ['above the maximum', { amount: 1_000_001 }, 'amount'],
    ['a string amount', { amount: '2500' }, 'amount must be an integer'],
    ['a fractional amount', { amount: 25.5 }, 'amount must be an integer'],
    ['a negative amount', { amount: -100 }, 'amount'],
    ['a bad e-mail', { amount: 2500, donorEmail: 'not-an-email' }, 'donorEmail must be an e-mail address'],
    ['an unknown field', { amount: 2500, currency: 'eur' }, 'currency'],
    ['a lone surrogate in the e-mail', { amount: 2500, donorEmail: '\ud800@example.org' }, 'donorEmail'],
    ['a lone surrogate in the name', { amount: 2500, donorName: 'A\udc00' }, 'donorName'],
  ])('refuses %s with 400 naming the field and writes nothing', async (_n, body, message) => {
    const res = await checkout(body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(message);
    expect((await t.ds.query('SELECT count(*)::int AS n FROM donations'))[0].n).toBe(0);
  });

  it('refuses KWD amounts whose last digit is not 0, and takes JPY in whole yen', async () => {
    await createAppeal(t, 'dinar', { currency: 'kwd' });
    expect((await checkout({ amount: 1235 }, 'dinar')).status).toBe(400);
    expect((await checkout({ amount: 1230 }, 'dinar')).status).toBe(201);
    await createAppeal(t, 'yen', { currency: 'jpy' });
    const yen = await checkout({ amount: 500 }, 'yen');
    expect(yen.status).toBe(201);
    expect(await gateway.stripe.checkout.sessions.retrieve(yen.body.id)).toMatchObject({ amount_total: 500, currency: 'jpy' });
  });

  it.each([
    ['closed', { status: 'closed' }, 422],
    ['not started yet', { startsAt: '2099-01-01T00:00:00Z' }, 422],
    ['over', { startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-02-01T00:00:00Z' }, 422],
    ['a draft', { status: 'draft' }, 404],
  ])('does not take money for an appeal that is %s', async (_n, patch, status) => {
    await t.request('PATCH', '/api/appeals/roof', { body: patch });
    const res = await checkout({ amount: 2500 });
    expect(res.status).toBe(status);
    expect((await t.ds.query('SELECT count(*)::int AS n FROM donations'))[0].n).toBe(0);
  });

  it('answers 502 with a clear message when Stripe fails', async () => {
    gateway.sandbox!.failNextCreate = true;
    const res = await checkout({ amount: 2500 });
    expect(res.status).toBe(502);
    expect(res.body.message).toContain('payment provider');
  });
});

describe('checkout rate limit', () => {
  it('answers 429 once a client exceeds CHECKOUT_RATE_LIMIT per minute', async () => {
    const t = await startTestApp({ CHECKOUT_RATE_LIMIT: '3' });
    try {
      await createAppeal(t, 'roof');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await t.request('POST', '/api/appeals/roof/checkout', { body: { amount: 2500 }, token: null })).status);
      expect(statuses).toEqual([201, 201, 201, 429, 429]);
    } finally {
      await t.close();
    }
  });
});
