import { AppConfig } from '../../src/config/app-config';
import { LedgerService } from '../../src/donations/ledger.service';
import { StripeGateway } from '../../src/payments/stripe/stripe-gateway';
import { startTestApp, TestApp } from '../support/app';
import { StripeApiProxy } from '../support/stripe-api-proxy';
import { WEBHOOK_SECRET } from '../support/stripe-events';
import { createAppeal } from '../support/appeals';
import { expectLedgerConsistent, resetLedger, totalsOf } from '../support/ledger';

/**
 * Retries of POST /checkout with the client's Idempotency-Key, through the real SDK and the
 * sandbox (which replays a key's first answer, 5xx included, as Stripe does for 24 hours), with a
 * proxy in front that can make "Stripe" forget its keys, as Stripe does after those 24 hours.
 */
describe('checkout retries', () => {
  let t: TestApp;
  let gateway: StripeGateway;
  const proxy = new StripeApiProxy();
  beforeAll(async () => {
    const api = await proxy.start();
    t = await startTestApp({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: api, CHECKOUT_RATE_LIMIT: '100' });
    gateway = t.app.get(StripeGateway);
    proxy.forwardTo(gateway.sandbox!.apiUrl());
  });
  afterAll(async () => {
    await t.close();
    await proxy.close();
  });
  beforeEach(async () => {
    await resetLedger(t.ds);
    await createAppeal(t, 'roof', { title: 'School roof' });
    proxy.calls.length = 0;
  });
  afterEach(async () => {
    gateway.sandbox!.autoDeliver = true;
    await gateway.sandbox!.waitForDeliveries();
    await expectLedgerConsistent(t.ds);
  });

  const checkout = (key: string, amount = 2500) =>
    t.request('POST', '/api/appeals/roof/checkout', { body: { amount }, token: null, headers: { 'idempotency-key': key } });
  const donations = () => t.ds.query('SELECT id, status, stripe_checkout_session_id AS session, checkout_attempt FROM donations');
  const paid = async (sessionId: string) => {
    await gateway.sandbox!.pay(sessionId, 'paid');
    await gateway.sandbox!.waitForDeliveries();
  };

  it('answers a retry for a paid gift with the thanks page and starts no second session, even after Stripe forgot the key', async () => {
    const first = await checkout('k-paid');
    expect(first.status).toBe(201);
    await paid(first.body.id);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2500, donations: 1 });
    proxy.forgetIdempotencyKeys();

    const retry = await checkout('k-paid');
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({
      id: first.body.id,
      url: `${t.app.get(AppConfig).publicBaseUrl}/donate/roof/thanks?session_id=${first.body.id}`,
      status: 'succeeded',
    });
    expect(proxy.createdSessions()).toBe(1);
    expect(await donations()).toEqual([expect.objectContaining({ status: 'succeeded', session: first.body.id })]);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2500, donations: 1 });
  });

  it('never replaces the session of a paid donation, in SQL too', async () => {
    const first = await checkout('k-sql');
    await paid(first.body.id);
    const [d] = await donations();
    expect(await t.app.get(LedgerService).attachCheckoutSession(d.id, 'cs_test_other', first.body.id)).toBe(false);
    expect((await donations())[0].session).toBe(first.body.id);
  });

  it('sends a retry to the thanks page while a paid session waits for its webhook', async () => {
    const first = await checkout('k-wait');
    gateway.sandbox!.autoDeliver = false;
    const held = await gateway.sandbox!.pay(first.body.id, 'paid');
    const retry = await checkout('k-wait');
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ id: first.body.id, status: 'processing' });
    expect(proxy.createdSessions()).toBe(1);
    gateway.sandbox!.autoDeliver = true;
    for (const e of held) expect(await gateway.sandbox!.deliver(e.id)).toBe(200);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2500, donations: 1 });
  });

  it('lets a retry succeed after Stripe answered 5xx (Stripe replays a 5xx for the same key)', async () => {
    gateway.sandbox!.failNextCreate = true;
    const failed = await checkout('k-5xx');
    expect(failed.status).toBe(502);
    const retry = await checkout('k-5xx');
    expect(retry.status).toBe(201);
    expect(retry.body.url).toContain(`/pay/${retry.body.id}`);
    expect(await donations()).toEqual([expect.objectContaining({ status: 'pending', session: retry.body.id, checkout_attempt: 1 })]);
  });

  it('returns the open session to a retry after the appeal was retitled', async () => {
    const first = await checkout('k-title');
    expect((await t.request('PATCH', '/api/appeals/roof', { body: { title: 'New school roof' } })).status).toBe(200);
    const retry = await checkout('k-title');
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual({ id: first.body.id, url: first.body.url });
  });

  it('starts a new session when the first one expired and the appeal was retitled since', async () => {
    const first = await checkout('k-expired');
    await gateway.sandbox!.expire(first.body.id);
    await gateway.sandbox!.waitForDeliveries();
    expect((await donations())[0].status).toBe('expired');
    expect((await t.request('PATCH', '/api/appeals/roof', { body: { title: 'New school roof' } })).status).toBe(200);

    const retry = await checkout('k-expired');
    expect(retry.status).toBe(201);
    expect(retry.body.id).not.toBe(first.body.id);
    expect(await donations()).toEqual([expect.objectContaining({ status: 'pending', session: retry.body.id })]);
    const session = await gateway.stripe.checkout.sessions.retrieve(retry.body.id);
    expect(session).toMatchObject({ status: 'open', amount_total: 2500 });
    await paid(retry.body.id);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2500, donations: 1 });
  });

  it('starts a new session when the first one expired', async () => {
    const first = await checkout('k-expired-only');
    await gateway.sandbox!.expire(first.body.id);
    await gateway.sandbox!.waitForDeliveries();
    const retry = await checkout('k-expired-only');
    expect(retry.status).toBe(201);
    expect(retry.body.id).not.toBe(first.body.id);
    expect(await gateway.stripe.checkout.sessions.retrieve(retry.body.id)).toMatchObject({ status: 'open' });
    expect(await donations()).toEqual([expect.objectContaining({ status: 'pending', session: retry.body.id, checkout_attempt: 1 })]);
  });

  it('starts a new session when a delayed payment failed', async () => {
    const first = await checkout('k-failed');
    await gateway.sandbox!.pay(first.body.id, 'delayed');
    await gateway.sandbox!.settleDelayed(first.body.id, 'failed');
    await gateway.sandbox!.waitForDeliveries();
    expect((await donations())[0].status).toBe('failed');
    const retry = await checkout('k-failed');
    expect(retry.status).toBe(201);
    expect(retry.body.id).not.toBe(first.body.id);
    expect(await donations()).toEqual([expect.objectContaining({ status: 'pending', session: retry.body.id })]);
  });

  it('gives concurrent duplicate clicks one session', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => checkout('k-clicks')));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await donations()).toHaveLength(1);
  });
});
