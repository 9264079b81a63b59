import { countedPart, countedTotal, disputeStage, REFUND_RANK, refundCounts } from './lifecycle';

describe('refund rules', () => {
  it.each([
    ['requires_action', true],
    ['pending', true],
    ['succeeded', true],
    ['failed', false],
    ['canceled', false],
  ] as const)('a %s refund counts: %p', (status, counts) => {
    expect(refundCounts(status)).toBe(counts);
  });

  it.each([
    ['requires_action', 'pending'],
    ['pending', 'succeeded'],
    ['succeeded', 'failed'],
    ['pending', 'failed'],
    ['requires_action', 'canceled'],
  ] as const)('%s is older than %s', (older, newer) => {
    expect(REFUND_RANK[older]).toBeLessThan(REFUND_RANK[newer]);
  });
});

describe('disputeStage', () => {
  it.each([
    ['an inquiry answered', [0, 'warning_needs_response'], [0, 'warning_under_review']],
    ['an inquiry closed', [0, 'warning_under_review'], [0, 'warning_closed']],
    ['an inquiry escalated to a chargeback', [0, 'warning_needs_response'], [1, 'needs_response']],
    ['evidence submitted', [1, 'needs_response'], [1, 'under_review']],
    ['lost', [1, 'under_review'], [1, 'lost']],
    ['won: reinstated', [1, 'under_review'], [2, 'won']],
    ['a won snapshot before its reinstatement', [1, 'won'], [2, 'won']],
    ['reinstated, then closed without new movements', [2, 'under_review'], [2, 'won']],
  ] as const)('%s moves forward', (_n, [m1, s1], [m2, s2]) => {
    expect(disputeStage(m1, s1)).toBeLessThan(disputeStage(m2, s2));
  });
});

describe('countedPart and countedTotal', () => {
  const usdGift = { amount: 10_000, currency: 'usd', originalAmount: 9_200, originalCurrency: 'eur' };
  it.each([
    ['same currency', 2_500, 'usd', 2_500],
    ['more than the gift, capped', 12_000, 'usd', 10_000],
    ['half of a presentment charge', 4_600, 'eur', 5_000],
    ['the whole presentment charge, exactly', 9_200, 'eur', 10_000],
    ['a third, rounded down', 3_067, 'eur', 3_333],
    ['an unrelated currency', 100, 'gbp', null],
  ])('converts %s', (_n, part, currency, expected) => {
    expect(countedPart(part, currency, usdGift)).toBe(expected);
  });

  it('rounds a dispute up, so a refund and a dispute of the rest of the charge take the whole gift', () => {
    const gift = { amount: 1_000, currency: 'usd', originalAmount: 1_001, originalCurrency: 'eur' };
    expect([countedPart(500, 'eur', gift), countedPart(501, 'eur', gift, true)]).toEqual([499, 501]);
    expect(countedTotal([{ currency: 'eur', amount: 501 }], gift, true)).toBe(501);
  });

  it.each([
    ['nothing', [], 0],
    ['one currency', [{ currency: 'usd', amount: 300 }], 300],
    [
      'two currencies, capped at the gift',
      [
        { currency: 'usd', amount: 6_000 },
        { currency: 'eur', amount: 9_200 },
      ],
      10_000,
    ],
    ['an unrelated currency adds nothing', [{ currency: 'gbp', amount: 500 }], 0],
  ])('totals %s', (_n, sums, expected) => {
    expect(countedTotal(sums, usdGift)).toBe(expected);
  });
});
