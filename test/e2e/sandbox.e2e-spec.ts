import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import type Stripe from 'stripe';
import { freePort } from '../support/free-port';
import { StripeGateway } from '../../src/payments/stripe/stripe-gateway';
import { startTestApp, TestApp } from '../support/app';
import { createAppeal, startCheckout } from '../support/appeals';
import { expectLedgerConsistent, resetLedger, totalsOf } from '../support/ledger';
import { hiddenValue, page, signIn } from '../support/pages';

/** The app on a fixed port with PUBLIC_BASE_URL naming it, as a deployment would set it. */
async function startPublicApp(env: Record<string, string> = {}): Promise<TestApp> {
  const port = await freePort();
  return startTestApp({ PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, CHECKOUT_RATE_LIMIT: '100', ...env });
}

/** What a connection attempt to host:port ends in: 'connected' or the error code. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
}

describe('Stripe sandbox through the service', () => {
  let t: TestApp;
  let gateway: StripeGateway;
  beforeAll(async () => {
    t = await startPublicApp();
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

  const sandbox = () => gateway.sandbox!;
  const paid = async (amount: number) => {
    const c = await startCheckout(t, 'roof', amount, { donorEmail: 'payer@example.org' });
    await sandbox().pay(c.sessionId, 'paid');
    await sandbox().waitForDeliveries();
    return c;
  };
  const act = (sessionId: string, action: string, body: unknown = {}, token?: string | null) =>
    t.request('POST', `/api/sandbox/sessions/${sessionId}/${action}`, { body, token });
  /** Event types the sandbox sent since `from`, each answered 2xx by the service. */
  const sentSince = async (from: number) => {
    await sandbox().waitForDeliveries();
    const events = sandbox().events.slice(from);
    for (const e of events)
      expect(
        sandbox()
          .deliveries.filter((d) => d.eventId === e.id)
          .at(-1),
      ).toMatchObject({ status: 200 });
    return events.map((e) => e.type);
  };

  it('takes the donor to a payment page on the service port, and paying there counts the gift', async () => {
    const c = await startCheckout(t, 'roof', 4200, { donorEmail: 'bo@example.org' });
    expect(c.url).toBe(`${t.url}/sandbox/pay/${c.sessionId}`);
    const form = await page(t, 'GET', `/sandbox/pay/${c.sessionId}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('TEST MODE');
    expect(form.text).toMatch(/<button type="submit" class="wide">Pay US\$42\.00<\/button>/);
    const pay = await page(t, 'POST', `/sandbox/pay/${c.sessionId}`, { form: { outcome: 'paid' } });
    expect(pay.status).toBe(303);
    expect(pay.location).toBe(`${t.url}/donate/roof/thanks?session_id=${c.sessionId}`);
    await sandbox().waitForDeliveries();
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 4200, donations: 1, donors: 1 });
    expect((await page(t, 'POST', `/sandbox/pay/${c.sessionId}`, { form: { outcome: 'paid' } })).status).toBe(409);
    expect((await page(t, 'GET', '/sandbox/pay/cs_test_unknown')).status).toBe(404);
  });

  it('refuses refund, dispute and expiry controls without an organiser, and changes nothing', async () => {
    const c = await paid(3000);
    const before = sandbox().events.length;
    for (const [action, body] of [
      ['refund', { amount: 100 }],
      ['dispute', { stage: 'open' }],
      ['expire', {}],
    ] as const) {
      expect((await act(c.sessionId, action, body, null)).status).toBe(401);
      expect((await act(c.sessionId, action, body, 'not-a-real-organiser-token')).status).toBe(401);
      const form = await page(t, 'POST', `/organiser/sandbox/sessions/${c.sessionId}/${action}`, {
        form: { amount: '100', stage: 'open' },
      });
      expect(form.status).toBe(303);
      expect(form.location).toBe('/organiser/sign-in');
    }
    expect((await t.request('GET', `/api/sandbox/sessions/${c.sessionId}`, { token: null })).status).toBe(401);
    expect((await page(t, 'GET', '/organiser/sandbox')).location).toBe('/organiser/sign-in?next=%2Forganiser%2Fsandbox');
    // Signed in, but the form lacks the session's CSRF token: 403.
    const { cookie } = await signIn(t);
    expect((await page(t, 'POST', `/organiser/sandbox/sessions/${c.sessionId}/refund`, { cookie, form: { amount: '100' } })).status).toBe(
      403,
    );
    expect(sandbox().events.length).toBe(before);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 3000 });
  });

  it("with an organiser token: refunds (and fails a refund), disputes won and lost, inquiries and expiry send Stripe's events", async () => {
    const a = await paid(4200);
    let from = sandbox().events.length;
    const refund = await act(a.sessionId, 'refund', { amount: 1200 });
    expect(refund.status).toBe(200);
    expect(await sentSince(from)).toEqual(['refund.created', 'charge.refunded', 'charge.refund.updated']);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 3000, donations: 1 });
    const refundId = (refund.body.events[0].data.object as Stripe.Refund).id;
    from = sandbox().events.length;
    expect((await act(a.sessionId, 'fail_refund', { refund: refundId })).status).toBe(200);
    expect(await sentSince(from)).toEqual(['refund.updated', 'refund.failed', 'charge.refund.updated']);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 4200, donations: 1 }); // the money is back
    // What the ledger will read back to settle the order of events: the current objects.
    expect(await gateway.stripe.refunds.retrieve(refundId)).toMatchObject({ status: 'failed' });
    const state = await t.request('GET', `/api/sandbox/sessions/${a.sessionId}`);
    expect(state.body.charge).toMatchObject({ amount_refunded: 0, refunded: false });
    expect(await gateway.stripe.charges.retrieve(state.body.charge.id)).toMatchObject({ amount_refunded: 0 });

    const b = await paid(2000);
    from = sandbox().events.length;
    expect((await act(b.sessionId, 'dispute', { stage: 'open' })).status).toBe(200);
    expect(await sentSince(from)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn']);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 4200 });
    from = sandbox().events.length;
    expect((await act(b.sessionId, 'dispute', { stage: 'won' })).status).toBe(200);
    expect(await sentSince(from)).toEqual(['charge.dispute.funds_reinstated', 'charge.dispute.closed']);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 6200 });

    const c = await paid(1000);
    await act(c.sessionId, 'dispute', { stage: 'open' });
    from = sandbox().events.length;
    expect((await act(c.sessionId, 'dispute', { stage: 'submit_evidence' })).status).toBe(200);
    expect((await act(c.sessionId, 'dispute', { stage: 'lost' })).status).toBe(200);
    expect(await sentSince(from)).toEqual(['charge.dispute.updated', 'charge.dispute.closed']);
    const lost = (await t.request('GET', `/api/sandbox/sessions/${c.sessionId}`)).body.dispute;
    expect(await gateway.stripe.disputes.retrieve(lost.id)).toMatchObject({ status: 'lost' });
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 6200 });

    const d = await paid(500);
    from = sandbox().events.length;
    await act(d.sessionId, 'dispute', { stage: 'inquiry' });
    await act(d.sessionId, 'dispute', { stage: 'close_inquiry' });
    expect(await sentSince(from)).toEqual(['charge.dispute.created', 'charge.dispute.closed']);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 6700 }); // an inquiry moves no money

    const e = await startCheckout(t, 'roof', 700);
    from = sandbox().events.length;
    expect((await act(e.sessionId, 'expire')).status).toBe(200);
    expect(await sentSince(from)).toEqual(['checkout.session.expired']);
    expect((await t.ds.query('SELECT status FROM donations WHERE id = $1', [e.donationId]))[0].status).toBe('expired');
  });

  it('answers bad control input with 4xx naming what is wrong', async () => {
    const a = await paid(1000);
    expect((await act(a.sessionId, 'refund', { amount: 5000 })).body).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('amount'),
    });
    expect((await act(a.sessionId, 'refund', { amount: 'all' })).body).toMatchObject({
      statusCode: 400,
      message: expect.arrayContaining(['amount must be an integer number']),
    });
    expect((await act(a.sessionId, 'dispute', { stage: 'sideways' })).body).toMatchObject({
      statusCode: 400,
      message: [expect.stringContaining('stage')],
    });
    expect((await act(a.sessionId, 'fail_refund', {})).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('refund') });
    expect((await act(a.sessionId, 'pay')).body).toMatchObject({
      statusCode: 404,
      message: expect.stringContaining('Unknown sandbox action "pay"'),
    });
    expect((await act('cs_test_unknown', 'refund')).status).toBe(404);
  });

  it('gives a signed-in organiser the sandbox page, whose buttons post with the CSRF token', async () => {
    const a = await paid(2500);
    const { cookie } = await signIn(t);
    const list = await page(t, 'GET', '/organiser/sandbox', { cookie });
    expect(list.text).toContain(`/organiser/sandbox/sessions/${a.sessionId}`);
    const detail = await page(t, 'GET', `/organiser/sandbox/sessions/${a.sessionId}`, { cookie });
    expect(detail.status).toBe(200);
    for (const label of ['Refund', 'Open dispute (funds withdrawn)', 'Open inquiry']) expect(detail.text).toContain(`>${label}</button>`);
    const csrf = hiddenValue(detail.text, '_csrf');
    const res = await page(t, 'POST', `/organiser/sandbox/sessions/${a.sessionId}/refund`, {
      cookie,
      form: { _csrf: csrf, amount: '500' },
    });
    expect(res.status).toBe(303);
    const after = await page(t, 'GET', res.location!, { cookie });
    expect(after.text).toContain('Sent refund.created, charge.refunded, charge.refund.updated.');
    expect(after.text).toContain('>Fail refund</button>');
    await sandbox().waitForDeliveries();
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2000 });
  });
});

describe('Stripe sandbox subscriptions through the service: portal page, test clock and renewal controls', () => {
  let t: TestApp;
  let gateway: StripeGateway;
  beforeAll(async () => {
    t = await startPublicApp();
    gateway = t.app.get(StripeGateway);
  });
  afterAll(async () => {
    await t.close();
  });

  const sandbox = () => gateway.sandbox!;
  /**
   * A subscription-mode session made straight through the SDK, naming no appeal: these tests are
   * about the sandbox's own pages and controls, so the service records nothing for it (not ours).
   */
  async function plan(amount = 1000): Promise<{ sessionId: string; subscription: Stripe.Subscription }> {
    const s = await gateway.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [
        {
          quantity: 1,
          price_data: { currency: 'usd', unit_amount: amount, recurring: { interval: 'month' }, product_data: { name: 'Monthly gift' } },
        },
      ],
      subscription_data: { metadata: { sandbox_spec: 'portal' } },
      customer_email: 'monthly@example.org',
      success_url: `${t.url}/done`,
      cancel_url: `${t.url}/cancelled`,
    });
    expect(s.url).toBe(`${t.url}/sandbox/pay/${s.id}`);
    const form = await page(t, 'GET', `/sandbox/pay/${s.id}`);
    expect(form.text).toContain(`>Pay US$${(amount / 100).toFixed(2)} every month</button>`);
    expect(form.text).not.toContain('Delayed payment');
    // The donor pays on the same page as for a one-off gift.
    expect((await page(t, 'POST', `/sandbox/pay/${s.id}`, { form: { outcome: 'paid' } })).location).toBe(`${t.url}/done`);
    const paid = await gateway.stripe.checkout.sessions.retrieve(s.id);
    return { sessionId: s.id, subscription: await gateway.stripe.subscriptions.retrieve(paid.subscription as string) };
  }

  it('serves the customer portal on the service port: the plan, cancel at period end, renew, and the way back', async () => {
    const { subscription } = await plan(1250);
    const portal = await gateway.stripe.billingPortal.sessions.create({
      customer: subscription.customer as string,
      return_url: `${t.url}/donate/roof`,
    });
    expect(portal.url).toBe(`${t.url}/sandbox/portal/${portal.id}`);
    const shown = await page(t, 'GET', `/sandbox/portal/${portal.id}`);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('TEST MODE');
    expect(shown.text).toContain('US$12.50 every month');
    expect(shown.text).toMatch(/Active: next payment on \d{1,2} \w+ \d{4}/);
    expect(shown.text).toContain(`href="${t.url}/donate/roof" id="portal-return"`);
    const from = sandbox().events.length;
    const cancel = await page(t, 'POST', `/sandbox/portal/${portal.id}/cancel`, { form: { subscription: subscription.id } });
    expect(cancel.status).toBe(303);
    expect(cancel.location).toBe(`/sandbox/portal/${portal.id}?done=cancel`);
    expect(
      sandbox()
        .events.slice(from)
        .map((e) => e.type),
    ).toEqual(['customer.subscription.updated']);
    expect(await gateway.stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ status: 'active', cancel_at_period_end: true });
    const after = await page(t, 'GET', cancel.location!);
    expect(after.text).toContain('Your plan is cancelled.');
    expect(after.text).toContain('>Renew plan</button>');
    expect((await page(t, 'POST', `/sandbox/portal/${portal.id}/renew`, { form: { subscription: subscription.id } })).status).toBe(303);
    expect(await gateway.stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ cancel_at_period_end: false });
    // Another customer's plan, an unknown portal or action: 404, and nothing changes.
    const other = await plan();
    expect((await page(t, 'POST', `/sandbox/portal/${portal.id}/cancel`, { form: { subscription: other.subscription.id } })).status).toBe(
      404,
    );
    expect((await page(t, 'GET', '/sandbox/portal/bps_unknown')).status).toBe(404);
    expect((await page(t, 'POST', `/sandbox/portal/${portal.id}/pause`, { form: { subscription: subscription.id } })).status).toBe(404);
    expect(await gateway.stripe.subscriptions.retrieve(other.subscription.id)).toMatchObject({ cancel_at_period_end: false });
  });

  it('moves the test clock from the API and the organiser page, failing and retrying renewals on request', async () => {
    const { sessionId, subscription } = await plan();
    expect((await t.request('POST', '/api/sandbox/clock/advance', { body: { months: 1 }, token: null })).status).toBe(401);
    for (const months of [0, 25, 'lots']) {
      const bad = await t.request('POST', '/api/sandbox/clock/advance', { body: { months } });
      expect({ months, status: bad.status }).toEqual({ months, status: 400 });
    }
    const advanced = await t.request('POST', '/api/sandbox/clock/advance', { body: { months: 2 } });
    expect(advanced.status).toBe(200);
    const paidHere = (advanced.body.events as Stripe.Event[]).filter(
      (e) => e.type === 'invoice.paid' && (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === subscription.id,
    );
    expect(paidHere).toHaveLength(2);
    expect(advanced.body.clock.frozen_time).toBeGreaterThan(subscription.start_date);

    // Fail the next renewal from the API, by the session id.
    expect((await t.request('POST', `/api/sandbox/sessions/${sessionId}/fail_renewal`, { body: { attempts: 'sometimes' } })).status).toBe(
      400,
    );
    expect((await t.request('POST', `/api/sandbox/sessions/${sessionId}/fail_renewal`, { body: { attempts: 'next' } })).status).toBe(200);
    await t.request('POST', '/api/sandbox/clock/advance', { body: { months: 1 } });
    const state = await t.request('GET', `/api/sandbox/sessions/${sessionId}`);
    expect(state.body.subscription).toMatchObject({ id: subscription.id, status: 'past_due' });
    expect(state.body.invoices.map((i: { invoice: Stripe.Invoice }) => i.invoice.status)).toEqual(['paid', 'paid', 'paid', 'open']);

    // The organiser's page shows the plan and retries it; the clock card moves every plan on.
    const { cookie } = await signIn(t);
    const detail = await page(t, 'GET', `/organiser/sandbox/sessions/${sessionId}`, { cookie });
    expect(detail.text).toContain('id="sandbox-subscription"');
    for (const label of ['Retry payment now', 'Fail next renewal', 'Cancel at period end', 'Cancel now'])
      expect(detail.text).toContain(`>${label}</button>`);
    const csrf = hiddenValue(detail.text, '_csrf');
    const retried = await page(t, 'POST', `/organiser/sandbox/sessions/${sessionId}/retry_renewal`, { cookie, form: { _csrf: csrf } });
    expect(retried.status).toBe(303);
    const notice = await page(t, 'GET', retried.location!, { cookie });
    expect(notice.text).toContain('Sent invoice.paid, invoice.payment_succeeded, invoice_payment.paid, customer.subscription.updated.');
    const list = await page(t, 'GET', '/organiser/sandbox', { cookie });
    expect(list.text).toContain('>Advance one month</button>');
    const before = (await t.request('GET', '/api/sandbox/clock')).body.clock.frozen_time as number;
    const moved = await page(t, 'POST', '/organiser/sandbox/clock/advance', { cookie, form: { _csrf: csrf, months: '3' } });
    expect(moved.status).toBe(303);
    expect(decodeURIComponent(moved.location!)).toMatch(/Sent test_helpers\.test_clock\.advancing ×\d+, .*invoice\.paid ×\d+/);
    expect((await t.request('GET', '/api/sandbox/clock')).body.clock.frozen_time).toBeGreaterThan(before + 80 * 86_400);
    expect((await page(t, 'POST', '/organiser/sandbox/clock/advance', { cookie, form: { _csrf: csrf, months: '99' } })).status).toBe(400);
    expect((await page(t, 'POST', '/organiser/sandbox/clock/advance', { cookie, form: { months: '1' } })).status).toBe(403);

    // A renewal's payment is refunded by its PaymentIntent from the invoice table; back to the session's page.
    const { invoices } = (await t.request('GET', `/api/sandbox/sessions/${sessionId}`)).body;
    const renewalPi = invoices.at(-1).payment_intent.id as string;
    const refunded = await page(t, 'POST', `/organiser/sandbox/sessions/${renewalPi}/refund`, { cookie, form: { _csrf: csrf } });
    expect(refunded.location).toMatch(new RegExp(`^/organiser/sandbox/sessions/${sessionId}\\?notice=Sent%20refund\\.created`));
    expect(await gateway.stripe.charges.retrieve(invoices.at(-1).charge.id)).toMatchObject({ refunded: true, amount_refunded: 1000 });
    // Cancel now from the organiser's page.
    const cancelled = await page(t, 'POST', `/organiser/sandbox/sessions/${sessionId}/cancel_subscription`, {
      cookie,
      form: { _csrf: csrf },
    });
    expect(decodeURIComponent(cancelled.location!)).toContain('Sent customer.subscription.deleted.');
    expect(await gateway.stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ status: 'canceled' });
  });
});

describe('a year of monthly gifts through the service and its sandbox (no stub)', () => {
  let t: TestApp;
  let gateway: StripeGateway;
  beforeAll(async () => {
    t = await startPublicApp();
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

  const sandbox = () => gateway.sandbox!;
  const planState = async () =>
    ((await t.ds.query('SELECT state FROM plans ORDER BY created_at DESC LIMIT 1')) as Array<{ state: string }>)[0].state;
  /** Every event sent since `from`, with the service's answer: all 200. */
  const settled = async (from: number) => {
    await sandbox().waitForDeliveries();
    const events = sandbox().events.slice(from);
    for (const e of events) {
      const last = sandbox()
        .deliveries.filter((d) => d.eventId === e.id)
        .at(-1);
      expect({ type: e.type, status: last?.status }).toEqual({ type: e.type, status: 200 });
    }
    return events;
  };

  it('counts the first payment and 12 renewals once each, a failed renewal and its retry, a refunded renewal, and a portal cancellation', async () => {
    const res = await t.request('POST', '/api/appeals/roof/checkout', {
      body: { amount: 1000, frequency: 'monthly', donorEmail: 'mo@example.org' },
      token: null,
    });
    expect(res.status).toBe(201);
    let from = sandbox().events.length;
    expect((await page(t, 'POST', `/sandbox/pay/${res.body.id}`, { form: { outcome: 'paid' } })).status).toBe(303);
    await settled(from);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 1000, donations: 1, donors: 1 });
    expect(await planState()).toBe('active');

    from = sandbox().events.length;
    const year = await t.request('POST', '/api/sandbox/clock/advance', { body: { months: 12 } });
    expect(year.status).toBe(200);
    expect((await settled(from)).filter((e) => e.type === 'invoice.paid')).toHaveLength(12);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 13_000, donations: 13, donors: 1 });
    // Redelivering a renewal's events changes nothing.
    for (const e of sandbox()
      .events.slice(from)
      .filter((x) => x.type.startsWith('invoice')))
      expect(await sandbox().deliver(e.id)).toBe(200);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 13_000, donations: 13 });

    const session = await gateway.stripe.checkout.sessions.retrieve(res.body.id);
    await sandbox().failRenewal(session.subscription as string, 'next');
    from = sandbox().events.length;
    await sandbox().advanceMonths(1);
    await settled(from);
    expect(await planState()).toBe('past_due');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 13_000 });
    from = sandbox().events.length;
    await sandbox().advanceMonths(1); // the retry three days on, then the next renewal
    await settled(from);
    expect(await planState()).toBe('active');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 15_000, donations: 15 });

    // The newest renewal refunded in part, found by the service through its invoice payment.
    const [latest] = (await gateway.stripe.invoices.list({ subscription: session.subscription as string, limit: 1 })).data;
    const [payment] = (await gateway.stripe.invoicePayments.list({ invoice: latest.id })).data;
    from = sandbox().events.length;
    await sandbox().refund(payment.payment.payment_intent as string, 400);
    await settled(from);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 14_600 });

    // The donor cancels in the portal; the plan ends at the period's end and nothing more is charged.
    const portal = await gateway.stripe.billingPortal.sessions.create({
      customer: session.customer as string,
      return_url: `${t.url}/donate/roof`,
    });
    const subscriptionId = session.subscription as string;
    from = sandbox().events.length;
    expect((await page(t, 'POST', new URL(portal.url).pathname + '/cancel', { form: { subscription: subscriptionId } })).status).toBe(303);
    await sandbox().advanceMonths(2);
    expect((await settled(from)).map((e) => e.type).filter((x) => !x.startsWith('test_helpers.'))).toEqual([
      'customer.subscription.updated',
      'customer.subscription.deleted',
    ]);
    expect(await planState()).toBe('cancelled');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 14_600, donations: 15 });
    const progress = (await t.request('GET', '/api/appeals/roof/progress', { token: null })).body;
    expect(progress).toMatchObject({ raised: 14_600, monthlyDonors: 0, monthlyAmount: 0 });
  });
});

describe('Stripe sandbox API on the loopback interface only', () => {
  it('is not reachable on another address even with HOST=0.0.0.0, and its events list needs the API key', async () => {
    const sandboxPort = await freePort();
    const t = await startPublicApp({ HOST: '0.0.0.0', SANDBOX_PORT: String(sandboxPort) });
    try {
      const others = Object.values(networkInterfaces())
        .flat()
        .filter((i) => i && !i.internal && i.family === 'IPv4')
        .map((i) => i!.address);
      expect(others.length).toBeGreaterThan(0); // without one this test could not fail
      for (const address of others)
        expect({ address, outcome: await tryConnect(address, sandboxPort) }).toEqual({ address, outcome: 'ECONNREFUSED' });
      // On loopback: the service's own client works; nobody else gets events or actions.
      await createAppeal(t, 'roof');
      const c = await startCheckout(t, 'roof', 1500, { donorEmail: 'private@example.org' });
      expect(await t.app.get(StripeGateway).stripe.checkout.sessions.retrieve(c.sessionId)).toMatchObject({ id: c.sessionId });
      const events = await fetch(`http://127.0.0.1:${sandboxPort}/sandbox/events`);
      expect(events.status).toBe(401);
      expect(await events.text()).not.toContain('private@example.org');
      const refund = await fetch(`http://127.0.0.1:${sandboxPort}/sandbox/sessions/${c.sessionId}/expire`, { method: 'POST' });
      expect(refund.status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${sandboxPort}/pay/${c.sessionId}`)).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
