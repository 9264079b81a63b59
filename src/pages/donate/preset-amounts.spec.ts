import { checkAmount, SUPPORTED_CURRENCIES } from '../../money';
import { defaultPresets, presetsFor } from './preset-amounts';

describe('default preset amounts', () => {
  it.each([
    ['usd', [1000, 2500, 5000, 10000, 25000]],
    ['jpy', [1000, 3000, 5000, 10000, 30000]],
    ['kwd', [5000, 10000, 25000, 50000, 100000]],
    ['huf', [500000, 1000000, 2500000, 5000000, 10000000]],
  ])('offers sensible amounts in %s', (currency, expected) => {
    expect(defaultPresets(currency)).toEqual(expected);
  });

  it('gives every supported currency five increasing amounts the checkout accepts', () => {
    for (const c of SUPPORTED_CURRENCIES) {
      const presets = defaultPresets(c);
      expect(presets).toHaveLength(5);
      for (const [i, p] of presets.entries()) {
        expect({ c, p, problem: checkAmount(p, c) }).toEqual({ c, p, problem: null });
        if (i > 0) expect(p).toBeGreaterThan(presets[i - 1]);
      }
    }
  });

  it("uses the appeal's own presets when it has them", () => {
    expect(presetsFor([700, 1500], 'usd', 99_999_999)).toEqual([700, 1500]);
  });

  it('drops presets above the configured maximum or not accepted for the currency', () => {
    expect(presetsFor([1000, 5000, 20000], 'usd', 10000)).toEqual([1000, 5000]);
    expect(presetsFor([5005, 5010], 'kwd', 99_999_999)).toEqual([5010]);
  });
});
