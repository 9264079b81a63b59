import type Stripe from 'stripe';
import { invoiceFacts, invoicePaymentFacts, planRefs, planStateOf, subscriptionFacts } from './billing-mappers';

const PLAN = '7d0f1e2a-3b4c-4d5e-8f60-718293a4b5c6';

const sub = (over: Record<string, unknown> = {}) =>
  ({
    id: 'sub_1',
    status: 'active',
    currency: 'usd',
    customer: 'cus_1',
    start_date: 1_800_000_000,
    canceled_at: null,
    ended_at: null,
    cancel_at_period_end: false,
    metadata: { appeal: 'roof', plan_id: PLAN },
    items: {
      data: [
        {
          price: { unit_amount: 1000, recurring: { interval: 'month', interval_count: 1 } },
          quantity: 2,
          current_period_end: 1_802_000_000,
        },
      ],
    },
    ...over,
  }) as unknown as Stripe.Subscription;

describe('planStateOf', () => {
  it.each([
    ['active', 'active'],
    ['trialing', 'active'],
    ['past_due', 'past_due'],
    ['unpaid', 'past_due'],
    ['paused', 'past_due'],
    ['canceled', 'cancelled'],
    ['incomplete_expired', 'cancelled'],
    ['incomplete', 'pending'],
  ])('%s -> %s', (status, state) => {
    expect(planStateOf(status)).toBe(state);
  });

  it('refuses a status Stripe does not document, naming it (a 400, not a 500)', () => {
    expect(() => planStateOf('sleeping')).toThrow('subscription status "sleeping"');
  });
});

describe('subscriptionFacts', () => {
  it('sums the items, reads the interval, the next payment and our metadata', () => {
    expect(subscriptionFacts(sub())).toEqual({
      subscriptionId: 'sub_1',
      customerId: 'cus_1',
      state: 'active',
      amount: 2000,
      currency: 'usd',
      interval: 'month',
      intervalCount: 1,
      appealSlug: 'roof',
      planId: PLAN,
      startedAt: new Date(1_800_000_000_000),
      cancelledAt: null,
      nextPaymentAt: new Date(1_802_000_000_000),
    });
  });

  it('has no next payment once cancelled or set to end, and dates the cancellation', () => {
    expect(subscriptionFacts(sub({ status: 'canceled', ended_at: 1_801_000_000 }))).toMatchObject({
      state: 'cancelled',
      cancelledAt: new Date(1_801_000_000_000),
      nextPaymentAt: null,
    });
    expect(subscriptionFacts(sub({ cancel_at_period_end: true })).nextPaymentAt).toBeNull();
  });

  it('ignores a plan id that is not a UUID (metadata is the payer’s to set on a Payment Link)', () => {
    expect(planRefs({ appeal: 'roof', plan_id: "1' OR 1=1" })).toEqual({ appealSlug: 'roof', planId: null });
  });

  it('refuses an item amount that is not whole minor units', () => {
    const bad = sub({ items: { data: [{ price: { unit_amount: 10.5 }, quantity: 1 }] } });
    expect(() => subscriptionFacts(bad)).toThrow('subscription items[0] must have a whole unit_amount and quantity');
  });
});

describe('invoiceFacts and invoicePaymentFacts', () => {
  const inv = (over: Record<string, unknown> = {}) =>
    ({
      id: 'in_1',
      amount_paid: 2000,
      currency: 'USD',
      customer: 'cus_1',
      customer_email: 'd@example.org',
      customer_name: 'Dee',
      billing_reason: 'subscription_cycle',
      status_transitions: { paid_at: 1_801_000_000 },
      parent: {
        type: 'subscription_details',
        subscription_details: { subscription: 'sub_1', metadata: { appeal: 'roof', plan_id: PLAN } },
      },
      ...over,
    }) as unknown as Stripe.Invoice;

  it('finds the subscription and its metadata under parent.subscription_details', () => {
    expect(invoiceFacts(inv())).toEqual({
      invoiceId: 'in_1',
      subscriptionId: 'sub_1',
      customerId: 'cus_1',
      appealSlug: 'roof',
      planId: PLAN,
      amountPaid: 2000,
      currency: 'usd',
      paidAt: new Date(1_801_000_000_000),
      billingReason: 'subscription_cycle',
      donorEmail: 'd@example.org',
      donorName: 'Dee',
    });
  });

  it('has no subscription for an invoice sent by hand', () => {
    expect(invoiceFacts(inv({ parent: null })).subscriptionId).toBeNull();
  });

  it.each([
    [{ amount_paid: -1 }, 'invoice amount_paid must be a whole, non-negative number of minor units'],
    [{ amount_paid: '2000' }, 'invoice amount_paid must be a whole, non-negative number of minor units'],
    [{ currency: 'dollars' }, 'invoice currency must be a three-letter code'],
  ])('refuses %p', (over, message) => {
    expect(() => invoiceFacts(inv(over))).toThrow(message);
  });

  it("reads an invoice payment's PaymentIntent or charge", () => {
    const pay = (payment: Record<string, unknown>, status = 'paid') =>
      invoicePaymentFacts({ invoice: 'in_1', status, payment } as unknown as Stripe.InvoicePayment);
    expect(pay({ type: 'payment_intent', payment_intent: 'pi_1' })).toEqual({
      invoiceId: 'in_1',
      paid: true,
      paymentIntentId: 'pi_1',
      chargeId: null,
    });
    expect(pay({ type: 'charge', charge: { id: 'ch_1' } })).toMatchObject({ chargeId: 'ch_1', paymentIntentId: null });
    expect(pay({ type: 'payment_intent', payment_intent: 'pi_2' }, 'open').paid).toBe(false);
  });
});
