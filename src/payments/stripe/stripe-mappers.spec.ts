import type Stripe from 'stripe';
import { PaymentsError } from './payments.error';
import {
  cardCountry,
  clean,
  countryCode,
  disputeFacts,
  holdReason,
  refundFacts,
  refundObjectFacts,
  sessionFacts,
  toCountedAmount,
} from './stripe-mappers';

const session = (over: Record<string, unknown>) =>
  ({
    id: 'cs_1',
    amount_total: 2500,
    currency: 'usd',
    payment_status: 'paid',
    payment_intent: 'pi_1',
    metadata: { appeal: 'roof', donation_id: '3f0c7a2e-9b1d-4c8e-a6f5-0123456789ab' },
    client_reference_id: null,
    customer_details: { email: 'a@example.org', name: 'Ann' },
    customer_email: null,
    ...over,
  }) as unknown as Stripe.Checkout.Session;

describe('sessionFacts', () => {
  it.each([
    [
      'a paid session',
      {},
      {
        paid: true,
        amount: 2500,
        currency: 'usd',
        appealSlug: 'roof',
        paymentIntentId: 'pi_1',
        donorEmail: 'a@example.org',
        donorName: 'Ann',
        presentment: null,
      },
    ],
    ['an unpaid (delayed) session', { payment_status: 'unpaid' }, { paid: false }],
    ['no_payment_required is not paid', { payment_status: 'no_payment_required' }, { paid: false }],
    ['an expanded payment intent', { payment_intent: { id: 'pi_9' } }, { paymentIntentId: 'pi_9' }],
    ['no payment intent yet', { payment_intent: null }, { paymentIntentId: null }],
    ['upper-case currency', { currency: 'JPY' }, { currency: 'jpy' }],
    ['a donation id that is not a uuid', { metadata: { appeal: 'roof', donation_id: '1; DROP TABLE x' } }, { donationId: null }],
    [
      'the donation id from client_reference_id',
      { metadata: { appeal: 'roof' }, client_reference_id: '3F0C7A2E-9B1D-4C8E-A6F5-0123456789AB' },
      { donationId: '3f0c7a2e-9b1d-4c8e-a6f5-0123456789ab' },
    ],
    ['no metadata (not ours)', { metadata: {} }, { appealSlug: null, donationId: null }],
    ['a NUL in the slug', { metadata: { appeal: 'ro\u0000of' } }, { appealSlug: 'roof' }],
    [
      'customer_email when no details',
      { customer_details: null, customer_email: 'b@example.org' },
      { donorEmail: 'b@example.org', donorName: null },
    ],
    [
      'Adaptive Pricing in another currency',
      { presentment_details: { presentment_amount: 2300, presentment_currency: 'EUR' } },
      { amount: 2500, currency: 'usd', presentment: { amount: 2300, currency: 'eur' } },
    ],
    [
      'presentment in the same currency',
      { presentment_details: { presentment_amount: 2500, presentment_currency: 'usd' } },
      { presentment: null },
    ],
    ['a payment-mode session', { mode: 'payment' }, { mode: 'payment' }],
    ['a subscription-mode session', { mode: 'subscription' }, { mode: 'subscription' }],
    ['no mode (older objects) as payment', { mode: undefined }, { mode: 'payment' }],
    ['no billing address: no country', {}, { country: null }],
    ['the billing country, upper case', { customer_details: { email: null, name: null, address: { country: 'de' } } }, { country: 'DE' }],
    [
      'a billing country that is not ISO 3166-1',
      { customer_details: { email: null, name: null, address: { country: 'XX' } } },
      { country: null },
    ],
  ])('maps %s', (_n, over, expected) => {
    expect(sessionFacts(session(over))).toMatchObject(expected);
  });
});

describe('holdReason', () => {
  it.each([
    ['a one-off payment', { mode: 'payment', amount: 2500 }, null],
    ['exactly the largest gift', { mode: 'payment', amount: 1_000_000_000_000 }, null],
    [
      'one minor unit above the largest gift',
      { mode: 'payment', amount: 1_000_000_000_001 },
      /above the largest single gift counted \(1000000000000 minor units\)/,
    ],
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
    const c = {
      id: 'ch_1',
      amount: 1000,
      amount_refunded: 400,
      currency: 'usd',
      payment_intent: 'pi_1',
      metadata: {},
      ...over,
    } as unknown as Stripe.Charge;
    expect(refundFacts(c)).toMatchObject({ chargeId: 'ch_1', amountRefunded: 400, chargeAmount: 1000, ...expected });
  });
});

describe('refundObjectFacts', () => {
  const refund = (over: Record<string, unknown>) =>
    ({
      id: 're_1',
      amount: 400,
      currency: 'usd',
      status: 'succeeded',
      charge: 'ch_1',
      payment_intent: 'pi_1',
      ...over,
    }) as unknown as Stripe.Refund;
  it.each([
    [
      'a succeeded refund',
      {},
      { refundId: 're_1', amount: 400, currency: 'usd', status: 'succeeded', chargeId: 'ch_1', paymentIntentId: 'pi_1' },
    ],
    ['a failed refund', { status: 'failed' }, { status: 'failed' }],
    ['a refund awaiting action', { status: 'requires_action' }, { status: 'requires_action' }],
    ['an expanded charge', { charge: { id: 'ch_9' } }, { chargeId: 'ch_9' }],
    ['upper-case currency', { currency: 'EUR' }, { currency: 'eur' }],
  ])('maps %s', (_n, over, expected) => {
    expect(refundObjectFacts(refund(over))).toMatchObject(expected);
  });

  it.each([
    ['an unknown status', { status: 'lost' }, 'refund status'],
    ['a zero amount', { amount: 0 }, 'refund amount'],
    ['a negative amount', { amount: -5 }, 'refund amount'],
    ['no currency', { currency: null }, 'currency'],
  ])('refuses %s as a bad event', (_n, over, message) => {
    let thrown: unknown;
    try {
      refundObjectFacts(refund(over));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PaymentsError);
    expect(thrown).toMatchObject({ kind: 'invalid', message: expect.stringContaining(message) });
  });
});

describe('disputeFacts', () => {
  const bt = (amount: number, currency = 'usd') => ({ object: 'balance_transaction', amount, fee: 1500, net: amount - 1500, currency });
  const dispute = (over: Record<string, unknown>) =>
    ({
      id: 'dp_1',
      amount: 700,
      currency: 'usd',
      status: 'needs_response',
      reason: 'fraudulent',
      charge: { id: 'ch_1' },
      payment_intent: 'pi_1',
      balance_transactions: [bt(-700)],
      ...over,
    }) as unknown as Stripe.Dispute;
  // Stage = balance movements * 10 + status rank (see disputeStage).
  it.each([
    [
      'an inquiry: no funds move',
      'charge.dispute.created',
      { status: 'warning_needs_response', balance_transactions: [] },
      { withdrawn: 0, stage: 1 },
    ],
    ['an inquiry closed', 'charge.dispute.closed', { status: 'warning_closed', balance_transactions: [] }, { withdrawn: 0, stage: 5 }],
    [
      'a withdrawal, fees excluded',
      'charge.dispute.funds_withdrawn',
      {},
      { withdrawn: 700, stage: 13, reason: 'fraudulent', chargeId: 'ch_1' },
    ],
    [
      'a partial withdrawal per its balance transaction',
      'charge.dispute.created',
      { balance_transactions: [bt(-500)] },
      { withdrawn: 500 },
    ],
    [
      'won and reinstated',
      'charge.dispute.funds_reinstated',
      { status: 'won', balance_transactions: [bt(-700), bt(700)] },
      { withdrawn: 0, stage: 25 },
    ],
    ['lost', 'charge.dispute.closed', { status: 'lost' }, { withdrawn: 700, stage: 15 }],
    [
      'settled in another currency: counted by movement',
      'charge.dispute.funds_withdrawn',
      { balance_transactions: [bt(-650, 'gbp')] },
      { withdrawn: 700 },
    ],
    [
      'another currency, reinstated',
      'charge.dispute.closed',
      { status: 'won', balance_transactions: [bt(-650, 'gbp'), bt(650, 'gbp')] },
      { withdrawn: 0 },
    ],
    ['no movements, funds_withdrawn event', 'charge.dispute.funds_withdrawn', { balance_transactions: [] }, { withdrawn: 700, stage: 3 }],
    [
      'no movements, funds_reinstated event',
      'charge.dispute.funds_reinstated',
      { status: 'won', balance_transactions: [] },
      { withdrawn: 0 },
    ],
    ['no movements, under review', 'charge.dispute.updated', { status: 'under_review', balance_transactions: [] }, { withdrawn: 700 }],
    ['more withdrawn than disputed is capped', 'charge.dispute.created', { balance_transactions: [bt(-900)] }, { withdrawn: 700 }],
  ])('maps %s', (_n, type, over, expected) => {
    expect(disputeFacts(dispute(over), type)).toMatchObject(expected);
  });

  it.each([
    ['an unknown status', { status: 'open' }, 'dispute status'],
    ['a zero amount', { amount: 0 }, 'dispute amount'],
    ['balance transactions that are not a list', { balance_transactions: 'x' }, 'balance_transactions'],
    ['a fractional balance amount', { balance_transactions: [{ amount: 1.5, currency: 'usd' }] }, 'balance_transactions[0].amount'],
  ])('refuses %s as a bad event', (_n, over, message) => {
    expect(() => disputeFacts(dispute(over), 'charge.dispute.updated')).toThrow(message);
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
    [' x ', 'x'],
    ['', null],
    [42, null],
    ['a\u0000b', 'ab'],
    ['y'.repeat(300), 'y'.repeat(200)],
  ])('cleans %p', (input, expected) => {
    expect(clean(input)).toBe(expected);
  });
});

describe('countryCode and cardCountry', () => {
  it.each([
    ['GB', 'GB'],
    ['gb', 'GB'],
    ['UK', null], // not the ISO code for the United Kingdom
    ['XX', null],
    ['GBR', null],
    ['', null],
    [null, null],
    [42, null],
  ])('%p -> %p', (v, want) => {
    expect(countryCode(v)).toBe(want);
  });

  it.each([
    [{ payment_method_details: { type: 'card', card: { country: 'FR' } } }, 'FR'],
    [{ payment_method_details: { type: 'sepa_debit', sepa_debit: { country: 'DE' } } }, null],
    [{ payment_method_details: null }, null],
    [null, null],
    ['ch_123', null],
  ])('reads the card country of %j', (charge, want) => {
    expect(cardCountry(charge)).toBe(want);
  });
});
