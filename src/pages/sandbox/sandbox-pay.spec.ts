import { recurringAmount } from './sandbox-pay.view';

describe('sandbox payment page: how often a subscription is charged, in the language', () => {
  const ar = (n: number) => new Intl.NumberFormat('ar').format(n);
  it.each([
    ['en', [1, 'month'], 'US$10.00 every month'],
    ['en', [3, 'month'], 'US$10.00 every 3 months'],
    ['en', [1, 'year'], 'US$10.00 every year'],
    ['es', [1, 'month'], 'US$10.00 cada mes'],
    ['pt', [3, 'month'], 'US$10.00 a cada 3 meses'],
    ['fr', [2, 'week'], 'US$10.00 toutes les 2 semaines'],
    ['de', [1, 'month'], 'US$10.00 monatlich'],
    ['ar', [1, 'month'], 'US$10.00 شهريًا'],
    ['ar', [2, 'month'], 'US$10.00 كل شهرين'],
    ['ar', [3, 'month'], `US$10.00 كل ${ar(3)} أشهر`],
  ] as const)('%s %p: %s', (lang, [n, interval], text) => {
    expect(recurringAmount('US$10.00', { interval, interval_count: n }, lang)).toBe(text);
  });

  it('leaves a one-off amount alone', () => {
    expect(recurringAmount('US$10.00', null, 'es')).toBe('US$10.00');
  });
});
