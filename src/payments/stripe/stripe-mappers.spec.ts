import type Stripe from 'stripe';
import { clean, disputeFacts, holdReason, refundFacts, sessionFacts, toCountedAmount } from './stripe-mappers';

const session = (over: Record<string, unknown>) => ({
  id: 'cs_1', amount_total: 2500, currency: 'usd', payment_status: 'paid', payment_intent: 'pi_1',
  metadata: { appeal: 'roof', donation_id: '3f0c7a2e-9b1d-4c8e-a6f5-0123456789ab' }, client_reference_id: null,
  customer_details: { email: 'a@example.org', name: 'Ann' }, customer_email: null, ...over,
}) as unknown as Stripe.Checkout.Session;

describe('sessionFacts', () => {
  it.each([
    ['a paid session', {}, { paid: true, amount: 2500, currency: 'usd', appealSlug: 'roof', paymentIntentId: 'pi_1', donorEmail: 'a@example.org', donorName: 'Ann', presentment: null }],
    ['an unpaid (delayed) session', { payment_status: 'unpaid' }, { paid: false }],
    ['no_payment_required is not paid', { payment_status: 'no_payment_required' }, { paid: false }],
    ['an expanded payment intent', { payment_intent: { id: 'pi_9' } }, { paymentIntentId: 'pi_9' }],
    ['no payment intent yet', { payment_intent: null }, { paymentIntentId: null }],
    ['upper-case currency', { currency: 'JPY' }, { currency: 'jpy' }],
    ['a donation id that is not a uuid', { metadata: { appeal: 'roof', donation_id: "1; DROP TABLE x" } }, { donationId: null }],
    ['the donation id from client_reference_id', { metadata: { appeal: 'roof' }, client_reference_id: '3F0C7A2E-9B1D-4C8E-A6F5-0123456789AB' }, { donationId: '3f0c7a2e-9b1d-4c8e-a6f5-0123456789ab' }],
    ['no metadata (not ours)', { metadata: {} }, { appealSlug: null, donationId: null }],
    ['a NUL in the slug', { metadata: { appeal: 'ro\u0000of' } }, { appealSlug: 'roof' }],
    ['customer_email when no details', { customer_details: null, customer_email: 'b@example.org' }, { donorEmail: 'b@example.org', donorName: null }],
    ['Adaptive Pricing in another currency', { presentment_details: { presentment_amount: 2300, presentment_currency: 'EUR' } }, { amount: 2500, currency: 'usd', presentment: { amount: 2300, currency: 'eur' } }],
    ['presentment in the same currency', { presentment_details: { presentment_amount: 2500, presentment_currency: 'usd' } }, { presentment: null }],
    ['a payment-mode session', { mode: 'payment' }, { mode: 'payment' }],
    ['a subscription-mode session', { mode: 'subscription' }, { mode: 'subscription' }],
    ['no mode (older objects) as payment', { mode: undefined }, { mode: 'payment' }],
  ])('maps %s', (_n, over, expected) => {
    expect(sessionFacts(session(over))).toMatchObject(expected);
  });
});

describe('holdReason', () => {
  it.each([
    ['a one-off payment', { mode: 'payment', amount: 2500 }, null],
    ['exactly the largest gift', { mode: 'payment', amount: 1_000_000_000_000 }, null],
    ['one minor unit above the largest gift', { mode: 'payment', amount: 1_000_000_000_001 }, /above the largest single gift counted \(1000000000000 minor units\)/],
    ['a subscription (recurring Payment Link)', { mode: 'subscription', amount: 2500 }, /recurring \(subscription\) payment: monthly gifts are not supported yet; not counted/],
    ['a setup session', { mode: 'setup', amount: 0 }, /setup mode is not a gift/],
  ])('%s', (_n, facts, expected) => {
    const reason = holdReason(facts);
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toMatch(expected);
  });
});

describe('refundFacts and disputeFacts', () => {
  it.each([
    ['a charge with our metadata', { metadata: { appeal: 'roof' } }, { ours: true }],
    ['a charge without metadata', { metadata: {} }, { ours: false }],
    ['an expanded payment intent', { payment_intent: { id: 'pi_2' } }, { paymentIntentId: 'pi_2' }],
  ])('maps %s', (_n, over, expected) => {
    const c = { id: 'ch_1', amount: 1000, amount_refunded: 400, currency: 'usd', payment_intent: 'pi_1', metadata: {}, ...over } as unknown as Stripe.Charge;
    expect(refundFacts(c)).toMatchObject({ chargeId: 'ch_1', amountRefunded: 400, chargeAmount: 1000, ...expected });
  });

  it('maps a dispute', () => {
    const d = { id: 'dp_1', amount: 700, currency: 'EUR', charge: { id: 'ch_1' }, payment_intent: 'pi_1' } as unknown as Stripe.Dispute;
    expect(disputeFacts(d)).toEqual({ disputeId: 'dp_1', chargeId: 'ch_1', paymentIntentId: 'pi_1', amount: 700, currency: 'eur' });
  });
});

describe('toCountedAmount', () => {
  const usdGift = { amount: 10_000, currency: 'usd', originalAmount: 9_200, originalCurrency: 'eur' };
  it.each([
    ['same currency', 2_500, 10_000, 'usd', 2_500],
    ['half of a presentment charge', 4_600, 9_200, 'eur', 5_000],
    ['the whole presentment charge, exactly', 9_200, 9_200, 'eur', 10_000],
    ['a third, rounded down', 3_067, 9_200, 'eur', 3_333],
    ['an unrelated currency', 100, 9_200, 'gbp', null],
  ])('converts %s', (_n, part, chargeAmount, currency, expected) => {
    expect(toCountedAmount(part, chargeAmount, currency, usdGift)).toBe(expected);
  });
});

describe('clean', () => {
  it.each([
    [' x ', 'x'], ['', null], [42, null], ['a\u0000b', 'ab'], ['y'.repeat(300), 'y'.repeat(200)],
  ])('cleans %p', (input, expected) => {
    expect(clean(input)).toBe(expected);
  });
});
