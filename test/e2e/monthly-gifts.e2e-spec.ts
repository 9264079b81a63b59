import type Stripe from 'stripe';
import { TestApp } from '../support/app';
import { createAppeal } from '../support/appeals';
import { startWithStripeStub } from '../support/lifecycle-app';
import { expectLedgerConsistent, resetLedger, totalsOf } from '../support/ledger';
import { StripeApiStub } from '../support/stripe-api-stub';
import { waitFor } from '../support/wait';
import { deliver, event, invoice, invoicePayment, refund, session, subscription } from '../support/stripe-events';

/**
 * Monthly gifts through Stripe subscriptions: signed events shaped like Stripe's own (the
 * published invoice, invoice_payment and subscription fixtures), Stripe's API played by the stub.
 */
describe('monthly gifts', () => {
  let t: TestApp;
  let stub: StripeApiStub;
  beforeAll(async () => {
    ({ t, stub } = await startWithStripeStub());
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
});
