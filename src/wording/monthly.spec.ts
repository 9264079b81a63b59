import { monthlyDonorsText, monthlyThanksText, MONTHLY_COUNTING_RULE } from './monthly';
import { COUNTING_RULE } from './widget-text';

describe('monthly wording', () => {
  it.each([
    [undefined, null],
    [0, null],
    [1, '1 gives monthly'],
    [2, '2 give monthly'],
    [1200, '1,200 give monthly'],
  ])('says %p monthly donors as %p', (n, text) => {
    expect(monthlyDonorsText(n, 'en-US')).toBe(text);
  });

  it('declares the monthly rule in the counting rule', () => {
    expect(COUNTING_RULE.endsWith(MONTHLY_COUNTING_RULE)).toBe(true);
  });

  it('thanks a monthly donor with the amount and the next payment date', () => {
    expect(monthlyThanksText('active', 1000, 'usd', 'en-US', new Date('2030-02-03T10:00:00Z'))).toBe(
      'Thank you! You now give $10.00 monthly. Your next payment is due on 3 February 2030.',
    );
    expect(monthlyThanksText('pending', 1000, 'usd', 'en-US', null)).toContain('Confirming your monthly gift of $10.00');
  });
});
