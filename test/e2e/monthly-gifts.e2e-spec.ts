import type Stripe from 'stripe';
import { TestApp } from '../support/app';
import { createAppeal } from '../support/appeals';
import { startWithStripeStub } from '../support/lifecycle-app';
import { expectLedgerConsistent, resetLedger, totalsOf } from '../support/ledger';
import { StripeApiStub } from '../support/stripe-api-stub';
import { waitFor } from '../support/wait';
import { hiddenValue, page, signIn } from '../support/pages';
import { openStream } from '../support/sse';
import { ReconcileService } from '../../src/payments/stripe/reconcile.service';
import { deliver, event, invoice, invoicePayment, refund, session, subscription } from '../support/stripe-events';

/**
 * Monthly gifts through Stripe subscriptions: signed events shaped like Stripe's own (the
 * published invoice, invoice_payment and subscription fixtures), Stripe's API played by the stub.
 */
describe('monthly gifts', () => {
  let t: TestApp;
  let stub: StripeApiStub;
  beforeAll(async () => {
    ({ t, stub } = await startWithStripeStub({ CHECKOUT_RATE_LIMIT: '1000' }));
  });
  afterAll(async () => {
    await t.close();
    await stub.stop();
  });
  beforeEach(async () => {
    stub.reset();
    await t.ds.query('TRUNCATE plans CASCADE');
    await resetLedger(t.ds);
    await createAppeal(t, 'roof');
  });
  afterEach(async () => {
    await expectLedgerConsistent(t.ds);
  });

  const send = async (e: Stripe.Event) => {
    const res = await deliver(t.url, e);
    expect({ type: e.type, status: res.status, text: res.status === 200 ? '' : res.text }).toEqual({ type: e.type, status: 200, text: '' });
    return res.body.outcome as string;
  };
  const progressNow = async (slug = 'roof') => (await t.request('GET', `/api/appeals/${slug}/progress`, { token: null })).body;
  /** The public progress once this instance has taken the committed change (NOTIFY arrives asynchronously). */
  const progress = async (want: Record<string, unknown>, slug = 'roof') => {
    const seen = await waitFor(
      async () => {
        const p = await progressNow(slug);
        return Object.entries(want).every(([k, v]) => p[k] === v) && p;
      },
      5000,
      `progress ${JSON.stringify(want)}`,
    ).catch(() => progressNow(slug));
    expect(seen).toMatchObject(want);
  };
  const plans = async (slug = 'roof') => (await t.request('GET', `/api/appeals/${slug}/plans`)).body;
  const planRow = async (id: string) => (await t.ds.query('SELECT * FROM plans WHERE id = $1', [id]))[0];

  /** A monthly checkout as the donate page starts it, and the subscription Stripe makes for it. */
  async function startMonthly(amount = 1_000, body: Record<string, unknown> = {}, slug = 'roof') {
    const res = await t.request('POST', `/api/appeals/${slug}/checkout`, {
      body: { amount, frequency: 'monthly', donorEmail: 'mo@example.org', ...body },
      token: null,
    });
    expect(res.status).toBe(201);
    const made = stub.createdSessions.find((s) => s.id === res.body.id)!;
    const planId = made.params['metadata[plan_id]'];
    const sub = subscription({ amount, metadata: { appeal: slug, plan_id: planId } });
    stub.subscriptions.set(sub.id, sub);
    const completed = session({
      id: res.body.id,
      mode: 'subscription',
      amount_total: amount,
      payment_intent: null,
      subscription: sub.id,
      customer: sub.customer,
      metadata: { appeal: slug, plan_id: planId, donation_id: made.params['metadata[donation_id]'] },
      client_reference_id: made.params['metadata[donation_id]'],
    });
    return { sessionId: res.body.id as string, params: made.params, planId, sub, completed };
  }

  /** A paid invoice of `sub`, its payment listed by the API, and the invoice.paid event. */
  function paid(sub: Stripe.Subscription, over: Record<string, unknown> = {}) {
    const inv = invoice(sub, { amount: sub.items.data[0].price.unit_amount!, ...over });
    const pay = invoicePayment(inv);
    stub.invoicePayments.set(inv.id, [pay]);
    return { inv, pay, paymentIntent: (pay.payment as { payment_intent: string }).payment_intent, event: event('invoice.paid', inv) };
  }
  const setSub = (sub: Stripe.Subscription, over: Record<string, unknown>) => {
    const now = { ...sub, ...over } as Stripe.Subscription;
    stub.subscriptions.set(sub.id, now);
    return now;
  };

  it('starts a plan through checkout: a subscription session with a monthly price, counted by its invoice', async () => {
    const m = await startMonthly(1_500, { donorName: 'Mo', anonymous: true });
    expect(m.params).toMatchObject({
      mode: 'subscription',
      'line_items[0][price_data][currency]': 'usd',
      'line_items[0][price_data][unit_amount]': '1500',
      'line_items[0][price_data][recurring][interval]': 'month',
      'line_items[0][price_data][product_data][name]': 'Monthly gift to Appeal roof',
      'metadata[appeal]': 'roof',
      'subscription_data[metadata][appeal]': 'roof',
      'subscription_data[metadata][plan_id]': m.planId,
      customer_email: 'mo@example.org',
    });
    expect(m.params.submit_type).toBeUndefined();
    expect(await planRow(m.planId)).toMatchObject({ state: 'pending', amount: '1500', anonymous: true, donor_name: 'Mo' });

    expect(await send(event('checkout.session.completed', m.completed))).toBe('plan_updated');
    // The session counts no money: the invoice does.
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0 });
    expect(await planRow(m.planId)).toMatchObject({
      state: 'active',
      stripe_subscription_id: m.sub.id,
      stripe_customer_id: m.sub.customer,
    });
    await progress({ monthlyDonors: 1, monthlyAmount: 1500, raised: 0 });

    const first = paid(m.sub, { billing_reason: 'subscription_create' });
    expect(await send(first.event)).toBe('counted');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 1_500, donations: 1, donors: 1 });
    // The checkout's own donation is the one the first invoice paid.
    const rows = await t.ds.query(
      'SELECT status, plan_id, stripe_invoice_id, stripe_payment_intent_id, stripe_checkout_session_id FROM donations',
    );
    expect(rows).toEqual([
      {
        status: 'succeeded',
        plan_id: m.planId,
        stripe_invoice_id: first.inv.id,
        stripe_payment_intent_id: first.paymentIntent,
        stripe_checkout_session_id: m.sessionId,
      },
    ]);
    await progress({ raised: 1_500, monthlyDonors: 1, monthlyAmount: 1_500 });
  });

  it('counts the first invoice once when invoice.paid arrives before the checkout and the subscription events', async () => {
    const m = await startMonthly(2_000);
    const first = paid(m.sub, { billing_reason: 'subscription_create' });
    expect(await send(first.event)).toBe('counted');
    expect(await planRow(m.planId)).toMatchObject({ state: 'active', stripe_subscription_id: m.sub.id });
    expect(await send(event('customer.subscription.created', m.sub))).toBe('unchanged');
    expect(await send(event('checkout.session.completed', m.completed))).toBe('plan_updated'); // links the customer and session
    expect(await send(event('invoice.paid', first.inv))).toBe('unchanged'); // the same invoice, another event
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2_000, donations: 1, donors: 1 });
    expect(await t.ds.query('SELECT count(*)::int AS n FROM donations')).toEqual([{ n: 1 }]);
  });

  it('counts twelve renewals once each despite duplicates and reordering', async () => {
    const m = await startMonthly(1_000);
    await send(event('checkout.session.completed', m.completed));
    const month = 30 * 24 * 3600;
    const start = Math.floor(Date.now() / 1000) - 12 * month;
    const renewals = Array.from({ length: 12 }, (_, i) =>
      paid(m.sub, { billing_reason: i === 0 ? 'subscription_create' : 'subscription_cycle', paidAt: start + i * month }),
    );
    // Each invoice twice under its own event id (a redelivery) and once more as a new event
    // (reconciliation finding it again), in a scrambled order.
    const deliveries = renewals.flatMap((r) => [r.event, r.event, event('invoice.paid', r.inv)]);
    const order = deliveries.map((_, i) => (i * 7) % deliveries.length);
    expect(new Set(order).size).toBe(deliveries.length);
    const outcomes = [];
    for (const i of order) outcomes.push(await send(deliveries[i]));
    expect(outcomes.filter((o) => o === 'counted')).toHaveLength(12);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 12_000, donations: 12, donors: 1 });
    const { plans: listed } = await plans();
    expect(listed).toEqual([expect.objectContaining({ id: m.planId, state: 'active', payments: 12, given: 12_000 })]);
  });

  it('moves a plan to past due on a failed renewal and back to active when the retry is paid', async () => {
    const m = await startMonthly(1_000);
    await send(event('checkout.session.completed', m.completed));
    await send(paid(m.sub, { billing_reason: 'subscription_create' }).event);
    const failing = invoice(m.sub, { amount: 1_000, status: 'open', amount_paid: 0, billing_reason: 'subscription_cycle' });
    setSub(m.sub, { status: 'past_due' });
    expect(await send(event('invoice.payment_failed', failing))).toBe('plan_updated');
    expect(await planRow(m.planId)).toMatchObject({ state: 'past_due' });
    // Still counted among monthly donors while Stripe retries; nothing counted for the failure.
    await progress({ raised: 1_000, monthlyDonors: 1, monthlyAmount: 1_000 });
    const retried = paid(setSub(m.sub, { status: 'active' }), { id: failing.id });
    expect(await send(retried.event)).toBe('counted');
    expect(await planRow(m.planId)).toMatchObject({ state: 'active' });
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2_000, donations: 2 });
    // A late copy of the failure cannot undo the recovery: Stripe's current object says active.
    expect(await send(event('invoice.payment_failed', failing))).toBe('unchanged');
    expect(await planRow(m.planId)).toMatchObject({ state: 'active' });
  });

  it('takes a refunded renewal back out of the total, found through its invoice payment', async () => {
    const m = await startMonthly(1_000);
    await send(event('checkout.session.completed', m.completed));
    await send(paid(m.sub, { billing_reason: 'subscription_create' }).event);
    const second = paid(m.sub);
    expect(await send(second.event)).toBe('counted');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2_000, donations: 2 });
    const r = refund({ amount: 1_000, payment_intent: second.paymentIntent, charge: 'ch_renewal2', status: 'succeeded' });
    expect(await send(event('refund.created', r))).toBe('refunded');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 1_000, donations: 1, donors: 1 });
    const [row] = await t.ds.query('SELECT refunded, stripe_charge_id FROM donations WHERE stripe_invoice_id = $1', [second.inv.id]);
    expect(row).toEqual({ refunded: '1000', stripe_charge_id: 'ch_renewal2' });
  });

  it('links a renewal to its payment from invoice_payment.paid when that arrives after the invoice', async () => {
    const m = await startMonthly(1_000);
    await send(event('checkout.session.completed', m.completed));
    const r = paid(m.sub);
    stub.invoicePayments.delete(r.inv.id); // the API lists no payment yet
    expect(await send(r.event)).toBe('counted');
    expect(await send(event('invoice_payment.paid', r.pay))).toBe('recorded');
    const [row] = await t.ds.query('SELECT stripe_payment_intent_id FROM donations WHERE stripe_invoice_id = $1', [r.inv.id]);
    expect(row.stripe_payment_intent_id).toBe(r.paymentIntent);
  });

  it('cancels a plan for good: a stale update cannot bring it back', async () => {
    const m = await startMonthly(1_000);
    await send(event('checkout.session.completed', m.completed));
    await send(paid(m.sub, { billing_reason: 'subscription_create' }).event);
    const ended = Math.floor(Date.now() / 1000);
    const cancelled = setSub(m.sub, { status: 'canceled', canceled_at: ended, ended_at: ended });
    const v = (await totalsOf(t.ds, 'roof')).version;
    expect(await send(event('customer.subscription.deleted', cancelled))).toBe('plan_updated');
    expect(await planRow(m.planId)).toMatchObject({ state: 'cancelled', next_payment_at: null });
    await progress({ monthlyDonors: 0, monthlyAmount: 0, raised: 1_000 });
    expect((await totalsOf(t.ds, 'roof')).version).toBeGreaterThan(v);
    // An update sent before the cancellation, delivered after it.
    expect(await send(event('customer.subscription.updated', { ...m.sub, status: 'active' }, { created: ended - 60 }))).toBe('unchanged');
    expect(await planRow(m.planId)).toMatchObject({ state: 'cancelled' });
    const summary = await plans();
    expect(summary).toMatchObject({ monthlyDonors: 0, started: 1, cancelled: 1, churnPercent: 100 });
  });

  it('follows a change of amount made in the customer portal into the monthly amount, not into what was paid', async () => {
    const m = await startMonthly(1_000);
    await send(event('checkout.session.completed', m.completed));
    await send(paid(m.sub, { billing_reason: 'subscription_create' }).event);
    const bigger = subscription({ id: m.sub.id, customer: m.sub.customer, amount: 2_500, metadata: m.sub.metadata });
    stub.subscriptions.set(bigger.id, bigger);
    expect(await send(event('customer.subscription.updated', bigger))).toBe('plan_updated');
    await progress({ monthlyDonors: 1, monthlyAmount: 2_500, raised: 1_000 });
    expect(await planRow(m.planId)).toMatchObject({ amount: '2500', state: 'active' });
  });

  it('answers 503 and writes nothing when Stripe cannot be read for a paid invoice, then counts the redelivery', async () => {
    const m = await startMonthly(1_000);
    await send(event('checkout.session.completed', m.completed));
    const r = paid(m.sub, { billing_reason: 'subscription_create' });
    stub.down = true;
    expect((await deliver(t.url, r.event)).status).toBe(503);
    expect(await t.ds.query('SELECT id FROM stripe_events WHERE id = $1', [r.event.id])).toEqual([]);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0 });
    stub.down = false;
    expect(await send(r.event)).toBe('counted');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 1_000, donations: 1 });
  });

  it('asks Stripe again for an invoice of a subscription it cannot place yet (503), and is not fooled by a forged plan id', async () => {
    const stray = subscription({ metadata: {} });
    stub.subscriptions.set(stray.id, stray);
    expect((await deliver(t.url, paid(stray).event)).status).toBe(503);
    const forged = subscription({ metadata: { appeal: 'roof', plan_id: '00000000-0000-4000-8000-000000000000' } });
    stub.subscriptions.set(forged.id, forged);
    expect((await deliver(t.url, paid(forged).event)).status).toBe(503);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM plans')).toEqual([{ n: 0 }]);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0 });
  });

  it('records a renewal paid after the appeal ends without counting it, and shows it to the organiser', async () => {
    const endsAt = new Date(Date.now() + 10 * 24 * 3600 * 1000);
    await createAppeal(t, 'camp', { endsAt: endsAt.toISOString() });
    const m = await startMonthly(1_000, {}, 'camp');
    await send(event('checkout.session.completed', m.completed));
    await send(paid(m.sub, { billing_reason: 'subscription_create' }).event);
    const late = paid(m.sub, { paidAt: Math.floor(endsAt.getTime() / 1000) + 3600 });
    expect(await send(late.event)).toBe('after_end');
    expect(await send(late.event)).toBe('duplicate');
    expect(await totalsOf(t.ds, 'camp')).toMatchObject({ raised: 1_000, donations: 1 });
    const { data } = (await t.request('GET', '/api/appeals/camp/donations')).body;
    expect(data.map((d: { status: string; counted: boolean }) => [d.status, d.counted])).toEqual(
      expect.arrayContaining([
        ['after_end', false],
        ['succeeded', true],
      ]),
    );
    expect((await plans('camp')).plans[0]).toMatchObject({ payments: 2, given: 1_000, afterEndPayments: 1, afterEndGiven: 1_000 });
  });

  it('leaves a plan in another currency out of the monthly amount and holds its payments', async () => {
    const usd = await startMonthly(1_000);
    await send(event('checkout.session.completed', usd.completed));
    // A recurring Payment Link in euros naming the appeal (metadata: the appeal, no plan id).
    const sub = subscription({ amount: 3_000, currency: 'eur', metadata: { appeal: 'roof' } });
    (sub.items.data[0].price as { currency: string }).currency = 'eur';
    stub.subscriptions.set(sub.id, sub);
    const link = session({
      mode: 'subscription',
      currency: 'eur',
      amount_total: 3_000,
      payment_intent: null,
      subscription: sub.id,
      customer: sub.customer,
      metadata: { appeal: 'roof' },
    });
    expect(await send(event('checkout.session.completed', link))).toBe('plan_updated');
    await progress({ monthlyDonors: 1, monthlyAmount: 1_000 });
    expect(await send(paid(sub, { billing_reason: 'subscription_create' }).event)).toBe('review');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0 });
    const listed = (await plans()).plans.map((p: { currency: string; state: string }) => [p.currency, p.state]);
    expect(listed).toEqual(
      expect.arrayContaining([
        ['usd', 'active'],
        ['eur', 'active'],
      ]),
    );
  });

  it('makes a plan of a recurring Payment Link naming the appeal and counts its invoices', async () => {
    const sub = subscription({ amount: 2_500, metadata: { appeal: 'roof' } });
    stub.subscriptions.set(sub.id, sub);
    // The invoice first: its subscription metadata names the appeal, so the plan is made from it.
    const first = paid(sub, { billing_reason: 'subscription_create' });
    expect(await send(first.event)).toBe('counted');
    const link = session({
      mode: 'subscription',
      amount_total: 2_500,
      payment_intent: null,
      subscription: sub.id,
      customer: sub.customer,
      metadata: { appeal: 'roof' },
    });
    expect(await send(event('checkout.session.completed', link))).toBe('plan_updated');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2_500, donations: 1 });
    await progress({ monthlyDonors: 1, monthlyAmount: 2_500 });
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM donations WHERE status = 'review'`)).toEqual([{ n: 0 }]);
  });

  it('refuses an unknown frequency and monthly gifts where the organiser switched them off', async () => {
    const bad = await t.request('POST', '/api/appeals/roof/checkout', { body: { amount: 1_000, frequency: 'weekly' }, token: null });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('frequency must be "once" or "monthly"');
    await createAppeal(t, 'once-only', { monthlyEnabled: false });
    const off = await t.request('POST', '/api/appeals/once-only/checkout', { body: { amount: 1_000, frequency: 'monthly' }, token: null });
    expect(off.status).toBe(400);
    expect(String(off.body.message)).toContain('does not take monthly gifts');
    expect(stub.createdSessions).toHaveLength(0);
  });

  it('retries a monthly checkout with the same Idempotency-Key onto the same plan, and refuses it for a one-off', async () => {
    const headers = { 'idempotency-key': 'mo-retry-1' };
    const a = await t.request('POST', '/api/appeals/roof/checkout', {
      body: { amount: 1_000, frequency: 'monthly' },
      token: null,
      headers,
    });
    const b = await t.request('POST', '/api/appeals/roof/checkout', {
      body: { amount: 1_000, frequency: 'monthly' },
      token: null,
      headers,
    });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).toBe(a.body.id);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM plans')).toEqual([{ n: 1 }]);
    const once = await t.request('POST', '/api/appeals/roof/checkout', { body: { amount: 1_000 }, token: null, headers });
    expect(once.status).toBe(409);
  });

  it('moves the ETag and sends a stream event when a plan starts or stops, with the monthly figures', async () => {
    const first = await t.request('GET', '/api/appeals/roof/progress', { token: null });
    const etag = first.headers.get('etag')!;
    const stream = await openStream(`${t.url}/api/appeals/roof/progress/stream`);
    try {
      await stream.waitFor((e) => e.event === 'progress');
      const m = await startMonthly(1_200);
      await send(event('checkout.session.completed', m.completed));
      const started = await stream.waitFor((e) => e.event === 'progress' && JSON.parse(e.data!).monthlyDonors === 1);
      expect(JSON.parse(started.data!)).toMatchObject({ monthlyDonors: 1, monthlyAmount: 1_200, raised: 0 });
      const again = await t.request('GET', '/api/appeals/roof/progress', { token: null, headers: { 'if-none-match': etag } });
      expect(again.status).toBe(200);
      expect(again.headers.get('etag')).not.toBe(etag);
      await send(event('customer.subscription.deleted', setSub(m.sub, { status: 'canceled', canceled_at: Math.floor(Date.now() / 1000) })));
      const stopped = await stream.waitFor((e) => e.event === 'progress' && JSON.parse(e.data!).monthlyDonors === 0);
      expect(JSON.parse(stopped.data!)).toMatchObject({ monthlyAmount: 0 });
    } finally {
      stream.close();
    }
  });

  it('reconciliation replays missed invoice and subscription events through the same path', async () => {
    const m = await startMonthly(1_000);
    const missed = [
      event('checkout.session.completed', m.completed),
      paid(m.sub, { billing_reason: 'subscription_create' }).event,
      paid(m.sub).event,
      event('customer.subscription.updated', m.sub),
    ];
    stub.events.push(...missed);
    const report = await t.app.get(ReconcileService).run();
    expect(report.applied.map((a) => [a.type, a.outcome])).toEqual([
      ['checkout.session.completed', 'plan_updated'],
      ['invoice.paid', 'counted'],
      ['invoice.paid', 'counted'],
      ['customer.subscription.updated', 'unchanged'],
    ]);
    const asked = stub.requests.find((r) => r.startsWith('GET /v1/events?'))!;
    for (const type of ['invoice.paid', 'invoice.payment_failed', 'invoice_payment.paid', 'customer.subscription.deleted'])
      expect(decodeURIComponent(asked)).toContain(type);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2_000, donations: 2 });
    expect((await t.app.get(ReconcileService).run()).eventsApplied).toBe(0);
  });

  describe('the donor side', () => {
    it('thanks the donor for a monthly gift with the next payment date and a button to manage it', async () => {
      const m = await startMonthly(1_000);
      const due = new Date(Date.UTC(2031, 4, 17, 12));
      const sub = setSub(m.sub, {
        items: { ...m.sub.items, data: [{ ...m.sub.items.data[0], current_period_end: Math.floor(due.getTime() / 1000) }] },
      });
      await send(event('checkout.session.completed', { ...m.completed, subscription: sub.id }));
      await send(paid(sub, { billing_reason: 'subscription_create' }).event);
      const thanks = await page(t, 'GET', `/donate/roof/thanks?session_id=${m.sessionId}`);
      expect(thanks.status).toBe(200);
      expect(thanks.text).toContain('You now give $10.00 monthly. Your next payment is due on 17 May 2031.');
      expect(thanks.text).toContain('action="/donate/roof/manage"');
      expect(thanks.text).toContain(`name="session_id" value="${m.sessionId}"`);
      const status = await t.request('GET', `/donate/roof/thanks/status?session_id=${m.sessionId}`, { token: null });
      expect(status.body).toMatchObject({ status: 'succeeded', monthly: true, text: expect.stringContaining('monthly') });
      // The form's redirect target must be allowed by the page's CSP form-action.
      expect(thanks.headers.get('content-security-policy')).toContain('https://billing.stripe.com');
    });

    it("opens the donor's own customer portal, returning to the appeal, and refuses any other checkout session", async () => {
      const m = await startMonthly(1_000);
      await send(event('checkout.session.completed', m.completed));
      const res = await t.request('POST', '/api/appeals/roof/plans/portal', { body: { sessionId: m.sessionId }, token: null });
      expect(res.status).toBe(200);
      expect(stub.portalSessions).toHaveLength(1);
      expect(res.body.url).toBe(stub.portalSessions[0].url);
      expect(stub.portalSessions[0].params).toEqual({
        customer: m.sub.customer,
        return_url: expect.stringMatching(/^http.*\/donate\/roof$/),
      });

      const form = await page(t, 'POST', '/donate/roof/manage', { form: { session_id: m.sessionId } });
      expect(form.status).toBe(303);
      expect(form.location).toBe(stub.portalSessions[1].url);

      // A made-up session, another appeal's slug, a one-off gift's session, a malformed id, none.
      await createAppeal(t, 'other');
      const once = await t.request('POST', '/api/appeals/roof/checkout', { body: { amount: 1_000 }, token: null });
      const refused = [
        ['roof', { sessionId: 'cs_test_somebodyelse0000000000' }],
        ['other', { sessionId: m.sessionId }],
        ['roof', { sessionId: once.body.id }],
        ['roof', { sessionId: "cs_' OR 1=1 --" }],
      ] as const;
      for (const [slug, body] of refused) {
        const r = await t.request('POST', `/api/appeals/${slug}/plans/portal`, { body, token: null });
        expect({ slug, body, status: r.status }).toEqual({ slug, body, status: 404 });
      }
      expect((await t.request('POST', '/api/appeals/roof/plans/portal', { body: {}, token: null })).status).toBe(400);
      expect((await page(t, 'POST', '/donate/roof/manage', { form: { session_id: 'cs_test_nope' } })).status).toBe(404);
      expect(stub.portalSessions).toHaveLength(2);
    });

    it('refuses the portal for a monthly checkout that was never completed (no Stripe customer yet)', async () => {
      const m = await startMonthly(1_000);
      const r = await t.request('POST', '/api/appeals/roof/plans/portal', { body: { sessionId: m.sessionId }, token: null });
      expect(r.status).toBe(404);
      expect(stub.portalSessions).toHaveLength(0);
    });

    it('offers Once and Monthly with their own presets on the donate page, and starts a monthly gift from the form', async () => {
      expect((await t.request('PATCH', '/api/appeals/roof', { body: { monthlyPresetAmounts: [500, 1500] } })).status).toBe(200);
      const form = await page(t, 'GET', '/donate/roof');
      expect(form.text).toContain('id="frequency-once" value="once" checked');
      expect(form.text).toContain('id="frequency-monthly" value="monthly"');
      expect(form.text).toContain('id="monthly-preset-500" value="500"');
      expect(form.text).toContain('id="monthly-preset-1500" value="1500" checked');
      const posted = await page(t, 'POST', '/donate/roof', {
        form: { frequency: 'monthly', monthlyPreset: '1500', preset: '2500', key: 'a'.repeat(32) },
      });
      expect(posted.status).toBe(303);
      expect(stub.createdSessions.at(-1)!.params).toMatchObject({
        mode: 'subscription',
        'line_items[0][price_data][unit_amount]': '1500',
      });
      expect((await t.request('PATCH', '/api/appeals/roof', { body: { monthlyEnabled: false } })).status).toBe(200);
      expect((await page(t, 'GET', '/donate/roof')).text).not.toContain('frequency-monthly');
    });

    it('shows "N give monthly" on the donate page and the widget', async () => {
      const m = await startMonthly(1_000);
      await send(event('checkout.session.completed', m.completed));
      await progress({ monthlyDonors: 1 });
      expect((await page(t, 'GET', '/donate/roof')).text).toContain('<p class="aw-monthly">1 gives monthly</p>');
      expect((await page(t, 'GET', '/widgets/roof')).text).toContain('<p class="aw-monthly">1 gives monthly</p>');
      const two = await startMonthly(2_000);
      await send(event('checkout.session.completed', two.completed));
      await progress({ monthlyDonors: 2, monthlyAmount: 3_000 });
      expect((await page(t, 'GET', '/widgets/roof')).text).toContain('<p class="aw-monthly">2 give monthly</p>');
    });
  });

  describe('the organiser side', () => {
    it('lists plans with payments made and total given, the monthly amount and churn, on the dashboard and in the CSV', async () => {
      const a = await startMonthly(1_000, { donorName: 'Ann' });
      await send(event('checkout.session.completed', a.completed));
      await send(paid(a.sub, { billing_reason: 'subscription_create' }).event);
      await send(paid(a.sub).event);
      const b = await startMonthly(2_500, { donorName: 'Bo', donorEmail: 'bo@example.org' });
      await send(event('checkout.session.completed', b.completed));
      await send(paid(b.sub, { billing_reason: 'subscription_create' }).event);
      const gone = setSub(b.sub, { status: 'canceled', canceled_at: Math.floor(Date.now() / 1000) });
      await send(event('customer.subscription.deleted', gone));

      const api = await plans();
      expect(api).toMatchObject({ monthlyDonors: 1, monthlyAmount: 1_000, currency: 'usd', started: 2, cancelled: 1, churnPercent: 50 });
      expect(api.plans).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ donorName: 'Ann', amount: 1_000, state: 'active', payments: 2, given: 2_000 }),
          expect.objectContaining({ donorName: 'Bo', donorEmail: 'bo@example.org', state: 'cancelled', payments: 1, given: 2_500 }),
        ]),
      );
      expect((await t.request('GET', '/api/appeals/roof/plans', { token: null })).status).toBe(401);

      const { cookie } = await signIn(t);
      const dash = await page(t, 'GET', '/organiser/appeals/roof', { cookie });
      expect(dash.status).toBe(200);
      expect(dash.text).toContain('1 donor gives $10.00 a month.');
      expect(dash.text).toContain('1 of 2 monthly gifts started have been cancelled (churn 50%).');
      expect(dash.text).toContain(`data-plan="${a.planId}" data-state="active"`);
      expect(dash.text).toContain('monthly gift payment');

      const csv = await t.request('GET', '/api/appeals/roof/donations.csv');
      const [header, ...lines] = csv.text.trim().split('\r\n');
      expect(header).toContain('"plan_id","plan_state","plan_amount","plan_interval","stripe_invoice","refunds","disputes"');
      const ofB = lines.filter((l: string) => l.includes(b.planId));
      expect(ofB).toHaveLength(1);
      expect(ofB[0]).toMatch(/"cancelled","2500","month","in_[0-9a-f]+",/);
    });

    it('switches monthly gifts off and sets monthly presets from the appeal form', async () => {
      const { cookie, csrf } = await signIn(t);
      const form = await page(t, 'GET', '/organiser/appeals/roof/edit', { cookie });
      expect(form.text).toContain('name="monthlyEnabled"');
      const save = await page(t, 'POST', '/organiser/appeals/roof', {
        cookie,
        form: {
          _csrf: hiddenValue(form.text, '_csrf') || csrf,
          title: 'Appeal roof',
          description: '',
          currency: 'usd',
          target: '10000',
          status: 'active',
          startsAt: '',
          endsAt: '',
          stretchTargets: '',
          presetAmounts: '',
          monthlyEnabled: 'false',
          monthlyPresetAmounts: '5, 12.50',
        },
      });
      expect(save.status).toBe(303);
      const appeal = (await t.request('GET', '/api/appeals')).body.find((x: { slug: string }) => x.slug === 'roof');
      expect(appeal).toMatchObject({ monthlyEnabled: false, monthlyPresetAmounts: [500, 1250] });
    });
  });
});
