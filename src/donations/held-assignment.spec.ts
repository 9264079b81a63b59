import { DonationsError } from './donations.error';
import { assignedValues } from './held-assignment';

const held = (amount: number, currency: string) => ({ amount, currency, originalAmount: null, originalCurrency: null });
const refusal = (fn: () => unknown): DonationsError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DonationsError) return e;
    throw e;
  }
  throw new Error('not refused');
};

describe('assignedValues', () => {
  it('counts a payment in the appeal currency at its own amount', () => {
    expect(assignedValues(held(2500, 'usd'), { appealId: 'a', currency: 'usd' })).toEqual({
      amount: 2500,
      originalAmount: null,
      originalCurrency: null,
    });
    expect(assignedValues(held(2500, 'usd'), { appealId: 'a', currency: 'usd', amount: 2500 }).amount).toBe(2500);
  });

  it('refuses another amount for a payment in the appeal currency, naming amount', () => {
    const e = refusal(() => assignedValues(held(2500, 'usd'), { appealId: 'a', currency: 'usd', amount: 2000 }));
    expect([e.kind, e.message]).toEqual(['invalid', expect.stringMatching(/^amount must be omitted/)]);
  });

  it('counts a foreign payment at the amount entered and keeps what was paid as the original', () => {
    expect(assignedValues(held(1500, 'eur'), { appealId: 'a', currency: 'usd', amount: 1620 })).toEqual({
      amount: 1620,
      originalAmount: 1500,
      originalCurrency: 'eur',
    });
  });

  it('requires the amount for a foreign payment', () => {
    const e = refusal(() => assignedValues(held(1500, 'eur'), { appealId: 'a', currency: 'usd' }));
    expect([e.kind, e.message]).toEqual(['invalid', expect.stringMatching(/^amount is required: the payment is 1500 eur/)]);
  });

  it('refuses to count a payment above the largest single gift', () => {
    const e = refusal(() => assignedValues(held(1_000_000_000_001, 'usd'), { appealId: 'a', currency: 'usd' }));
    expect(e.kind).toBe('unprocessable');
  });
});
