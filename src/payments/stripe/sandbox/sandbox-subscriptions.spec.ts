import Stripe from 'stripe';
import { addInterval } from './billing-objects';
import {
  CHARGE_KEYS,
  CUSTOMER_KEYS,
  EVENT_KEYS,
  INVOICE_KEYS,
  INVOICE_LINE_ITEM_KEYS,
  INVOICE_PAYMENT_KEYS,
  PAYMENT_INTENT_KEYS,
  PORTAL_SESSION_KEYS,
  PRICE_KEYS,
  REFUND_KEYS,
  SESSION_KEYS,
  SUBSCRIPTION_ITEM_KEYS,
  SUBSCRIPTION_KEYS,
  TEST_CLOCK_KEYS,
  missingKeys,
} from './required-keys';
import { delivered, Receiver, sessionParams, startPair } from './spec-helpers';
import type { StripeSandbox } from './stripe-sandbox';

jest.setTimeout(30_000);

const types = (events: Stripe.Event[]) => events.map((e) => e.type);
const billingTypes = (events: Stripe.Event[]) => types(events).filter((t) => !t.startsWith('test_helpers.'));

/** What the service sends for a monthly gift (i13: subscription mode, inline recurring price). */
function monthlyParams(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}): Stripe.Checkout.SessionCreateParams {
  const { payment_intent_data: _unused, ...base } = sessionParams();
  void _unused;
  return {
    ...base,
    mode: 'subscription',
    submit_type: 'donate',
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: 'gbp',
          unit_amount: 1000,
          recurring: { interval: 'month' },
          product_data: { name: 'Monthly gift: Roof Appeal' },
        },
      },
    ],
    metadata: { appeal: 'roof-appeal', plan_id: 'plan_1' },
    subscription_data: { metadata: { appeal: 'roof-appeal', plan_id: 'plan_1' } },
    ...overrides,
  };
}

const KEYS_BY_OBJECT: Record<string, Record<string, true>> = {
  'checkout.session': SESSION_KEYS,
  payment_intent: PAYMENT_INTENT_KEYS,
  charge: CHARGE_KEYS,
  refund: REFUND_KEYS,
  customer: CUSTOMER_KEYS,
  subscription: SUBSCRIPTION_KEYS,
  invoice: INVOICE_KEYS,
  invoice_payment: INVOICE_PAYMENT_KEYS,
  'test_helpers.test_clock': TEST_CLOCK_KEYS,
  'billing_portal.session': PORTAL_SESSION_KEYS,
};

/** Every key the SDK marks required, nested Billing objects included. */
function expectComplete(object: { object: string }): void {
  const keys = KEYS_BY_OBJECT[object.object];
  expect({ object: object.object, known: keys !== undefined }).toEqual({ object: object.object, known: true });
  expect({ object: object.object, missing: missingKeys(object, keys) }).toEqual({ object: object.object, missing: [] });
  if (object.object === 'subscription') {
    for (const item of (object as Stripe.Subscription).items.data) {
      expect(missingKeys(item, SUBSCRIPTION_ITEM_KEYS)).toEqual([]);
      expect(missingKeys(item.price, PRICE_KEYS)).toEqual([]);
    }
  }
  if (object.object === 'invoice') {
    for (const line of (object as Stripe.Invoice).lines.data) expect(missingKeys(line, INVOICE_LINE_ITEM_KEYS)).toEqual([]);
  }
}

describe('StripeSandbox subscription-mode Checkout, read back through the real SDK', () => {
  let receiver: Receiver;
  let sandbox: StripeSandbox;
  let stripe: Stripe;
  beforeAll(async () => ({ receiver, sandbox, stripe } = await startPair()));
  afterAll(async () => {
    await sandbox.stop();
    await receiver.stop();
  });

  async function monthly(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
    const session = await stripe.checkout.sessions.create(monthlyParams(overrides));
    const events = await sandbox.pay(session.id, 'paid');
    const paid = await stripe.checkout.sessions.retrieve(session.id);
    return { session: paid, events, subscription: await stripe.subscriptions.retrieve(paid.subscription as string) };
  }

  it('refuses what Stripe refuses in each mode, naming the param', async () => {
    const cases: Array<[Partial<Stripe.Checkout.SessionCreateParams>, string, RegExp]> = [
      [{ payment_intent_data: { metadata: { a: 'b' } } }, 'payment_intent_data', /subscription/],
      [{ customer_creation: 'always' }, 'customer_creation', /subscription/],
      [
        { line_items: [{ quantity: 1, price_data: { currency: 'gbp', unit_amount: 500, product_data: { name: 'x' } } }] },
        'line_items',
        /at least one recurring price/,
      ],
      [
        {
          line_items: [
            {
              quantity: 1,
              price_data: { currency: 'gbp', unit_amount: 500, recurring: { interval: 'month' }, product_data: { name: 'a' } },
            },
            {
              quantity: 1,
              price_data: { currency: 'gbp', unit_amount: 500, recurring: { interval: 'year' }, product_data: { name: 'b' } },
            },
          ],
        },
        'line_items',
        /same `recurring.interval`/,
      ],
      [
        {
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: 'gbp',
                unit_amount: 500,
                recurring: { interval: 'month', interval_count: 37 },
                product_data: { name: 'a' },
              },
            },
          ],
        },
        'line_items[0][price_data][recurring][interval_count]',
        /three years/,
      ],
      [
        {
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: 'gbp',
                unit_amount: 500,
                recurring: { interval: 'fortnight' as 'week' },
                product_data: { name: 'a' },
              },
            },
          ],
        },
        'line_items[0][price_data][recurring][interval]',
        /interval/,
      ],
      [{ subscription_data: { trial_period_days: 7 } }, 'subscription_data[trial_period_days]', /does not emulate/],
      [{ subscription_data: { metadata: { ['k'.repeat(41)]: 'v' } } }, `subscription_data[metadata][${'k'.repeat(41)}]`, /40 characters/],
    ];
    for (const [overrides, param, message] of cases) {
      const call = stripe.checkout.sessions.create(monthlyParams(overrides));
      await expect(call).rejects.toMatchObject({
        type: 'StripeInvalidRequestError',
        statusCode: 400,
        param,
        message: expect.stringMatching(message),
      });
    }
    // And the other way round: payment mode refuses a recurring price and subscription_data.
    const recurringInPayment = sessionParams({
      line_items: [
        { quantity: 1, price_data: { currency: 'gbp', unit_amount: 500, recurring: { interval: 'month' }, product_data: { name: 'a' } } },
      ],
    });
    await expect(stripe.checkout.sessions.create(recurringInPayment)).rejects.toMatchObject({
      param: 'line_items[0][price_data][recurring]',
      message: expect.stringContaining('switch to `subscription` mode'),
    });
    await expect(stripe.checkout.sessions.create(sessionParams({ subscription_data: { metadata: { a: 'b' } } }))).rejects.toMatchObject({
      param: 'subscription_data',
    });
  });

  it('paying creates customer, subscription, a paid first invoice and its payment, in the order Stripe sends them', async () => {
    const created = await stripe.checkout.sessions.create(monthlyParams());
    expect(created).toMatchObject({
      mode: 'subscription',
      status: 'open',
      amount_total: 1000,
      subscription: null,
      invoice: null,
      customer: null,
    });
    expect(created.id).toMatch(/^cs_test_b1/);
    await expect(sandbox.pay(created.id, 'delayed')).rejects.toMatchObject({ status: 400, body: { param: 'outcome' } });
    expect(await sandbox.pay(created.id, 'declined')).toEqual([]);
    const events = await delivered(sandbox, receiver, await sandbox.pay(created.id, 'paid'));
    expect(billingTypes(events)).toEqual([
      'customer.created',
      'customer.subscription.created',
      'invoice.created',
      'invoice.finalized',
      'invoice.paid',
      'invoice.payment_succeeded',
      'invoice_payment.paid',
      'checkout.session.completed',
    ]);
    const completed = events.at(-1)!.data.object as Stripe.Checkout.Session;
    expect(completed).toMatchObject({ mode: 'subscription', status: 'complete', payment_status: 'paid', payment_intent: null, url: null });
    expect(completed.subscription).toMatch(/^sub_/);
    expect(completed.invoice).toMatch(/^in_/);
    expect(completed.customer).toMatch(/^cus_/);

    const sub = await stripe.subscriptions.retrieve(completed.subscription as string);
    expect(sub).toMatchObject({
      status: 'active',
      customer: completed.customer,
      currency: 'gbp',
      metadata: { appeal: 'roof-appeal', plan_id: 'plan_1' },
      latest_invoice: completed.invoice,
      cancel_at_period_end: false,
      collection_method: 'charge_automatically',
    });
    const item = sub.items.data[0];
    expect(item.price).toMatchObject({
      unit_amount: 1000,
      currency: 'gbp',
      type: 'recurring',
      recurring: { interval: 'month', interval_count: 1 },
    });
    expect(item.current_period_end).toBe(addInterval(item.current_period_start, { interval: 'month', interval_count: 1 }));
    expect(sub.test_clock).toMatch(/^clock_/);

    const invoice = await stripe.invoices.retrieve(completed.invoice as string);
    expect(invoice).toMatchObject({
      status: 'paid',
      billing_reason: 'subscription_create',
      amount_due: 1000,
      amount_paid: 1000,
      amount_remaining: 0,
      currency: 'gbp',
      customer: completed.customer,
      parent: {
        type: 'subscription_details',
        subscription_details: { subscription: sub.id, metadata: { appeal: 'roof-appeal', plan_id: 'plan_1' } },
      },
      test_clock: sub.test_clock,
    });
    expect(invoice.status_transitions.paid_at).toBe(item.current_period_start);
    expect(invoice.lines.data[0]).toMatchObject({
      amount: 1000,
      period: { start: item.current_period_start, end: item.current_period_end },
    });
    expect(invoice.number).toMatch(/^[A-Z0-9]{8}-0001$/);

    const payments = await stripe.invoicePayments.list({ invoice: invoice.id });
    expect(payments.data).toHaveLength(1);
    const ip = payments.data[0];
    expect(ip).toMatchObject({
      invoice: invoice.id,
      status: 'paid',
      amount_paid: 1000,
      amount_requested: 1000,
      is_default: true,
      payment: { type: 'payment_intent' },
    });
    const intent = await stripe.paymentIntents.retrieve(ip.payment.payment_intent as string);
    expect(intent).toMatchObject({ status: 'succeeded', amount: 1000, customer: sub.customer, description: 'Subscription creation' });
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ status: 'succeeded', amount: 1000, customer: sub.customer });
    // The lookup the service makes for a charge.refunded on a subscription payment.
    const byIntent = await stripe.invoicePayments.list({ payment: { type: 'payment_intent', payment_intent: intent.id } });
    expect(byIntent.data.map((p) => p.invoice)).toEqual([invoice.id]);
    const expanded = await stripe.invoices.retrieve(invoice.id, { expand: ['payments'] });
    expect(expanded.payments?.data.map((p) => p.id)).toEqual([ip.id]);
    await expect(stripe.invoices.retrieve(invoice.id, { expand: ['lines.data.tax_rates'] })).rejects.toMatchObject({
      statusCode: 400,
      param: 'expand',
    });
    await expect(stripe.invoices.retrieve('in_nope')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
    expect(await stripe.customers.retrieve(sub.customer as string)).toMatchObject({
      email: 'donor@example.org',
      test_clock: sub.test_clock,
    });
    // Reconciliation reads them back from the events list, with Stripe's wildcards.
    const listed = await stripe.events.list({ types: ['invoice.*', 'customer.subscription.*', 'invoice_payment.*'], limit: 100 });
    const sent = new Set(events.map((e) => e.id));
    expect(listed.data.filter((e) => sent.has(e.id)).map((e) => e.type)).toEqual(
      billingTypes(events)
        .filter((t) => t.startsWith('invoice') || t.startsWith('customer.subscription'))
        .reverse(),
    );
  });

  it('advancing the test clock a month renews: subscription.updated, a new invoice paid, its payment', async () => {
    const { subscription } = await monthly();
    const clockId = subscription.test_clock as string;
    const clock = await stripe.testHelpers.testClocks.retrieve(clockId);
    expect(clock).toMatchObject({ status: 'ready', name: 'Stripe sandbox' });
    const start = subscription.items.data[0].current_period_end;
    const from = sandbox.events.length;
    const answer = await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: start });
    expect(answer).toMatchObject({ id: clockId, status: 'advancing' });
    expect(await stripe.testHelpers.testClocks.retrieve(clockId)).toMatchObject({ status: 'ready', frozen_time: start });
    const sent = await delivered(sandbox, receiver, sandbox.events.slice(from));
    const mine = sent.filter((e) => {
      const o = e.data.object as { id?: string; subscription?: string; parent?: Stripe.Invoice['parent'] };
      return (
        o.id === subscription.id || o.parent?.subscription_details?.subscription === subscription.id || e.type === 'invoice_payment.paid'
      );
    });
    expect(types(sent)[0]).toBe('test_helpers.test_clock.advancing');
    expect(types(sent).at(-1)).toBe('test_helpers.test_clock.ready');
    expect(billingTypes(mine)).toEqual(
      expect.arrayContaining([
        'customer.subscription.updated',
        'invoice.created',
        'invoice.finalized',
        'invoice.paid',
        'invoice_payment.paid',
      ]),
    );
    const updated = mine.find(
      (e) => e.type === 'customer.subscription.updated' && (e.data.object as Stripe.Subscription).id === subscription.id,
    )!;
    const renewedItem = (updated.data.object as Stripe.Subscription).items.data[0];
    expect(renewedItem).toMatchObject({ current_period_start: start });
    expect(updated.data.previous_attributes).toMatchObject({
      items: { data: [{ current_period_end: start }] },
      latest_invoice: subscription.latest_invoice,
    });
    const invoices = await stripe.invoices.list({ subscription: subscription.id });
    expect(invoices.data.map((i) => [i.billing_reason, i.status, i.amount_paid])).toEqual([
      ['subscription_cycle', 'paid', 1000],
      ['subscription_create', 'paid', 1000],
    ]);
    const renewal = invoices.data[0];
    expect(renewal).toMatchObject({ period_end: start, status_transitions: { paid_at: start } });
    expect(renewal.lines.data[0].period).toEqual({ start, end: renewedItem.current_period_end });
    // Stripe's limit: no further than two intervals of the shortest subscription on the clock.
    const tooFar = addInterval(start, { interval: 'month', interval_count: 3 });
    await expect(stripe.testHelpers.testClocks.advance(clockId, { frozen_time: tooFar })).rejects.toMatchObject({
      statusCode: 400,
      param: 'frozen_time',
    });
    await expect(stripe.testHelpers.testClocks.advance(clockId, { frozen_time: start })).rejects.toMatchObject({
      statusCode: 400,
      param: 'frozen_time',
    });
  });

  it('a year of monthly gifts: advanceMonths(12) makes 12 paid renewals, one invoice and payment each', async () => {
    const { subscription } = await monthly({ subscription_data: { metadata: { appeal: 'roof-appeal', plan_id: 'plan_year' } } });
    const events = await delivered(sandbox, receiver, await sandbox.advanceMonths(12));
    const ofSub = (e: Stripe.Event) => (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === subscription.id;
    expect(events.filter((e) => e.type === 'invoice.paid' && ofSub(e))).toHaveLength(12);
    const invoices = await stripe.invoices.list({ subscription: subscription.id, limit: 100 });
    expect(invoices.data).toHaveLength(13);
    expect(new Set(invoices.data.map((i) => i.id)).size).toBe(13);
    const paidAt = invoices.data.map((i) => i.status_transitions.paid_at!).reverse();
    for (let i = 1; i < paidAt.length; i++) expect(paidAt[i]).toBe(addInterval(paidAt[0], { interval: 'month', interval_count: 1 }, i));
    for (const inv of invoices.data) {
      const [payment] = (await stripe.invoicePayments.list({ invoice: inv.id })).data;
      expect(payment).toMatchObject({ status: 'paid', amount_paid: 1000 });
    }
    const clock = await stripe.testHelpers.testClocks.retrieve(subscription.test_clock as string);
    expect(clock.frozen_time).toBe(paidAt[12]);
  });

  it('a failed renewal: invoice.payment_failed and past_due, then the retry succeeds and it is active again', async () => {
    const { subscription } = await monthly();
    await sandbox.failRenewal(subscription.id, 'next');
    const failed = (await delivered(sandbox, receiver, await sandbox.advanceMonths(1))).filter(
      (e) =>
        (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === subscription.id ||
        (e.data.object as { id: string }).id === subscription.id,
    );
    expect(billingTypes(failed)).toEqual([
      'customer.subscription.updated',
      'invoice.created',
      'invoice.finalized',
      'invoice.payment_failed',
      'customer.subscription.updated',
    ]);
    const invoice = failed[3].data.object as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'open', attempted: true, attempt_count: 1, amount_paid: 0, amount_remaining: 1000 });
    expect(invoice.next_payment_attempt).toBe(invoice.created + 3 * 86_400);
    expect(failed[4].data).toMatchObject({ object: { status: 'past_due' }, previous_attributes: { status: 'active' } });
    const [ip] = (await stripe.invoicePayments.list({ invoice: invoice.id })).data;
    expect(ip).toMatchObject({ status: 'open', amount_paid: null });
    expect(await stripe.paymentIntents.retrieve(ip.payment.payment_intent as string)).toMatchObject({ status: 'requires_payment_method' });

    // Smart Retries: three days later, within the next month, the retry goes through.
    const retried = (await delivered(sandbox, receiver, await sandbox.advanceMonths(1))).filter(
      (e) =>
        (e.data.object as { id: string }).id === invoice.id ||
        (e.data.object as Stripe.InvoicePayment).invoice === invoice.id ||
        (e.data.object as { id: string }).id === subscription.id,
    );
    expect(billingTypes(retried).slice(0, 5)).toEqual([
      'invoice.paid',
      'invoice.payment_succeeded',
      'invoice_payment.paid',
      'customer.subscription.updated',
      'customer.subscription.updated', // the next period
    ]);
    expect(retried[0].data.object).toMatchObject({
      status: 'paid',
      attempt_count: 2,
      status_transitions: { paid_at: invoice.next_payment_attempt },
    });
    expect(retried[3].data).toMatchObject({ object: { status: 'active' }, previous_attributes: { status: 'past_due' } });
    // The retry made a new charge on the same PaymentIntent.
    const intent = await stripe.paymentIntents.retrieve(ip.payment.payment_intent as string);
    expect(intent.status).toBe('succeeded');
    expect(await stripe.charges.retrieve(intent.latest_charge as string)).toMatchObject({ status: 'succeeded', amount: 1000 });
  });

  it('failing every retry ends the subscription: customer.subscription.deleted with reason payment_failed', async () => {
    const { subscription } = await monthly();
    await sandbox.failRenewal(subscription.id, 'all');
    // The renewal falls due exactly a month on (the plan started at the clock's time); the retries follow within 15 days.
    const events = (await delivered(sandbox, receiver, await sandbox.advanceMonths(2))).filter(
      (e) =>
        (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === subscription.id ||
        (e.data.object as { id: string }).id === subscription.id,
    );
    expect(billingTypes(events).filter((t) => t === 'invoice.payment_failed')).toHaveLength(4);
    const deleted = events.at(-1)!;
    expect(deleted.type).toBe('customer.subscription.deleted');
    expect(deleted.data.object).toMatchObject({ status: 'canceled', cancellation_details: { reason: 'payment_failed' } });
    expect((events.at(-2)!.data.object as Stripe.Invoice).next_payment_attempt).toBeNull();
    expect(await stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ status: 'canceled' });
    // A cancelled subscription bills nothing more.
    const later = await sandbox.advanceMonths(2);
    expect(later.filter((e) => (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === subscription.id)).toEqual(
      [],
    );
    await expect(sandbox.failRenewal(subscription.id)).rejects.toMatchObject({ status: 400 });
  });

  it('retry_renewal pays a past-due invoice at once', async () => {
    const second = await monthly();
    await expect(sandbox.retryRenewal(second.subscription.id)).rejects.toThrow(/no unpaid invoice/);
    await sandbox.failRenewal(second.session.id, 'next'); // by the session's id, as the organiser's page does
    const clock = await stripe.testHelpers.testClocks.retrieve(second.subscription.test_clock as string);
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: second.subscription.items.data[0].current_period_end });
    expect(await stripe.subscriptions.retrieve(second.subscription.id)).toMatchObject({ status: 'past_due' });
    expect(types(await sandbox.retryRenewal(second.subscription.id))).toEqual([
      'invoice.paid',
      'invoice.payment_succeeded',
      'invoice_payment.paid',
      'customer.subscription.updated',
    ]);
    expect(await stripe.subscriptions.retrieve(second.subscription.id)).toMatchObject({ status: 'active' });
  });

  it('cancels at period end (updated now, deleted when the clock passes it) or at once through DELETE', async () => {
    const { subscription } = await monthly();
    const portal = await stripe.billingPortal.sessions.create({
      customer: subscription.customer as string,
      return_url: 'http://localhost:3000/donate/roof',
    });
    expect(portal).toMatchObject({
      object: 'billing_portal.session',
      customer: subscription.customer,
      return_url: 'http://localhost:3000/donate/roof',
    });
    expect(portal.url).toBe(`${sandbox.publicUrl()}/portal/${portal.id}`);
    expectComplete(portal);
    await expect(stripe.billingPortal.sessions.create({ customer: 'cus_nope' })).rejects.toMatchObject({
      statusCode: 404,
      param: 'customer',
    });
    await expect(
      stripe.billingPortal.sessions.create({ customer: subscription.customer as string, return_url: 'javascript:alert(1)' }),
    ).rejects.toMatchObject({
      statusCode: 400,
      param: 'return_url',
    });

    const [updated] = await sandbox.cancelSubscription(subscription.id, { atPeriodEnd: true });
    const end = subscription.items.data[0].current_period_end;
    expect(updated.type).toBe('customer.subscription.updated');
    expect(updated.data).toMatchObject({
      object: { status: 'active', cancel_at_period_end: true, cancel_at: end, cancellation_details: { reason: 'cancellation_requested' } },
      previous_attributes: { cancel_at_period_end: false, cancel_at: null },
    });
    const at = await sandbox.advanceMonths(1);
    const mine = at.filter(
      (e) =>
        (e.data.object as { id: string }).id === subscription.id ||
        (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === subscription.id,
    );
    expect(types(mine)).toEqual(['customer.subscription.deleted']);
    expect(mine[0].data.object).toMatchObject({ status: 'canceled', ended_at: end });

    const other = await monthly();
    const cancelled = await stripe.subscriptions.cancel(other.subscription.id);
    expect(cancelled).toMatchObject({ id: other.subscription.id, status: 'canceled' });
    expect(sandbox.events.at(-1)).toMatchObject({ type: 'customer.subscription.deleted', request: { id: expect.stringMatching(/^req_/) } });
    await expect(stripe.subscriptions.cancel(other.subscription.id)).rejects.toMatchObject({ statusCode: 400 });
    await expect(stripe.subscriptions.update(other.subscription.id, { description: 'x' })).rejects.toMatchObject({ param: 'description' });
  });

  it('refunds and disputes a renewal by its PaymentIntent, leaving the first payment alone', async () => {
    const { session, subscription } = await monthly();
    await sandbox.advanceMonths(1);
    const [renewal] = (await stripe.invoices.list({ subscription: subscription.id, limit: 1 })).data;
    const [ip] = (await stripe.invoicePayments.list({ invoice: renewal.id })).data;
    const pi = ip.payment.payment_intent as string;
    const refunded = await delivered(sandbox, receiver, await sandbox.refund(pi, 400));
    expect(types(refunded)).toEqual(['refund.created', 'charge.refunded', 'charge.refund.updated']);
    const charge = refunded[1].data.object as Stripe.Charge;
    expect(charge).toMatchObject({ payment_intent: pi, amount_refunded: 400, customer: subscription.customer });
    const disputed = await sandbox.dispute(charge.id, 'open');
    expect(types(disputed)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn']);
    expect(disputed[0].data.object).toMatchObject({ charge: charge.id, amount: 600 });
    const first = await stripe.paymentIntents.retrieve(
      (await stripe.invoicePayments.list({ invoice: session.invoice as string })).data[0].payment.payment_intent as string,
    );
    expect(await stripe.charges.retrieve(first.latest_charge as string)).toMatchObject({ amount_refunded: 0, disputed: false });
    expect((await stripe.refunds.list({ payment_intent: pi })).data.map((r) => r.amount)).toEqual([400]);
  });

  it('serves and sends every Billing object with every key the SDK marks required', async () => {
    const { session, subscription } = await monthly();
    await sandbox.failRenewal(subscription.id, 'next');
    await sandbox.advanceMonths(2);
    await sandbox.cancelSubscription(subscription.id, { atPeriodEnd: true });
    await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000), name: 'spare' });
    await sandbox.waitForDeliveries();
    for (const { event } of receiver.received) {
      expect(missingKeys(event, EVENT_KEYS)).toEqual([]);
      const object = event.data.object as { object: string };
      if (object.object !== 'dispute') expectComplete(object);
    }
    const invoices = (await stripe.invoices.list({ subscription: subscription.id })).data;
    const served: Array<{ object: string }> = [
      await stripe.checkout.sessions.retrieve(session.id),
      await stripe.subscriptions.retrieve(subscription.id),
      await stripe.customers.retrieve(subscription.customer as string),
      ...invoices,
      ...(await Promise.all(invoices.map(async (i) => (await stripe.invoicePayments.list({ invoice: i.id })).data[0]))),
      ...(await stripe.testHelpers.testClocks.list()).data,
    ];
    for (const o of served) expectComplete(o);
    expect(receiver.rejected).toBe(0);
  });

  it('advanceMonths keeps to the two-interval limit in steps when a weekly plan shares the clock', async () => {
    const weekly = await monthly({
      line_items: [
        {
          quantity: 2,
          price_data: { currency: 'gbp', unit_amount: 300, recurring: { interval: 'week' }, product_data: { name: 'Weekly gift' } },
        },
      ],
    });
    const clockId = weekly.subscription.test_clock as string;
    const start = (await stripe.testHelpers.testClocks.retrieve(clockId)).frozen_time;
    await expect(
      stripe.testHelpers.testClocks.advance(clockId, { frozen_time: addInterval(start, { interval: 'month', interval_count: 1 }) }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'frozen_time' });
    const events = await sandbox.advanceMonths(1);
    expect(types(events).filter((t) => t === 'test_helpers.test_clock.advancing').length).toBeGreaterThan(2);
    const paid = events.filter(
      (e) =>
        e.type === 'invoice.paid' &&
        (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === weekly.subscription.id,
    );
    expect(paid.length).toBeGreaterThanOrEqual(4);
    expect(paid.every((e) => (e.data.object as Stripe.Invoice).amount_paid === 600)).toBe(true);
    expect((await stripe.testHelpers.testClocks.retrieve(clockId)).frozen_time).toBe(
      addInterval(start, { interval: 'month', interval_count: 1 }),
    );
    await sandbox.cancelSubscription(weekly.subscription.id); // off the shared clock again
  });
});

describe('addInterval', () => {
  const at = (iso: string) => Date.parse(iso) / 1000;
  it("adds calendar months from the anchor like Stripe, clamping to the month's last day", () => {
    const month = { interval: 'month', interval_count: 1 } as const;
    expect(addInterval(at('2027-01-31T10:00:00Z'), month)).toBe(at('2027-02-28T10:00:00Z'));
    expect(addInterval(at('2027-01-31T10:00:00Z'), month, 2)).toBe(at('2027-03-31T10:00:00Z'));
    expect(addInterval(at('2028-01-31T10:00:00Z'), month)).toBe(at('2028-02-29T10:00:00Z'));
    expect(addInterval(at('2027-12-15T00:00:00Z'), { interval: 'year', interval_count: 1 })).toBe(at('2028-12-15T00:00:00Z'));
    expect(addInterval(at('2027-12-15T00:00:00Z'), { interval: 'week', interval_count: 2 })).toBe(at('2027-12-29T00:00:00Z'));
  });
});
