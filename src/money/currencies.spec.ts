import {
  amountStepFor,
  checkAmount,
  isSupportedCurrency,
  minorUnitExponent,
  stripeMinimumAmount,
  SUPPORTED_CURRENCIES,
} from './currencies';

describe('currency table', () => {
  it.each([
    ['usd', 2],
    ['eur', 2],
    ['gbp', 2],
    ['twd', 2],
    ['huf', 2],
    ['isk', 2], // two-decimal in Stripe's API despite whole krónur
    ['jpy', 0],
    ['krw', 0],
    ['ugx', 0],
    ['xpf', 0],
    ['kwd', 3],
    ['bhd', 3],
    ['jod', 3],
    ['omr', 3],
    ['tnd', 3],
  ])('%s has exponent %i', (code, exponent) => {
    expect(minorUnitExponent(code)).toBe(exponent);
  });

  it.each([
    ['usd', 1],
    ['jpy', 1],
    ['huf', 1],
    ['twd', 1],
    ['kwd', 10],
    ['tnd', 10],
    ['isk', 100],
  ])('%s amounts step by %i', (code, step) => {
    expect(amountStepFor(code)).toBe(step);
  });

  it('holds every zero-decimal, three-decimal and special-case currency once', () => {
    expect(new Set(SUPPORTED_CURRENCIES).size).toBe(SUPPORTED_CURRENCIES.length);
    expect(SUPPORTED_CURRENCIES).toHaveLength(139);
    expect(SUPPORTED_CURRENCIES.every((c) => /^[a-z]{3}$/.test(c))).toBe(true);
  });

  it.each(['usd', 'eur', 'jpy', 'kwd', 'isk', 'sle', 'zmw'])('supports %s', (code) => {
    expect(isSupportedCurrency(code)).toBe(true);
  });

  it.each(['USD', 'Usd', ' usd', 'xxx', 'btc', '', 'constructor', '__proto__', 'toString'])('does not support %p', (code) => {
    expect(isSupportedCurrency(code)).toBe(false);
    expect(() => minorUnitExponent(code)).toThrow(RangeError);
  });
});

describe('stripeMinimumAmount', () => {
  it.each([
    ['usd', 50],
    ['gbp', 30],
    ['eur', 50],
    ['jpy', 50],
    ['huf', 17500],
    ['czk', 1500],
    ['thb', 1000],
    ['hkd', 400],
  ])("uses Stripe's published minimum for %s: %i", (code, min) => {
    expect(stripeMinimumAmount(code)).toBe(min);
  });

  it.each([
    ['php', 50],
    ['krw', 50],
    ['kwd', 500],
    ['isk', 100], // isk floor rounded up to its step
  ])('uses the documented floor for %s: %i', (code, min) => {
    expect(stripeMinimumAmount(code)).toBe(min);
  });

  it('every minimum is itself an acceptable amount', () => {
    for (const code of SUPPORTED_CURRENCIES) {
      expect([code, checkAmount(stripeMinimumAmount(code), code)]).toEqual([code, null]);
    }
  });
});

describe('checkAmount', () => {
  it.each([
    [50, 'usd'],
    [100, 'eur'],
    [30, 'gbp'],
    [50, 'jpy'],
    [5000, 'jpy'],
    [1230, 'kwd'],
    [500, 'kwd'],
    [12300, 'isk'],
    [17550, 'huf'],
    [Number.MAX_SAFE_INTEGER - 1, 'usd'],
  ])('accepts %p %s', (amount, code) => {
    expect(checkAmount(amount, code)).toBeNull();
  });

  it.each([
    [49, 'usd', "amount must be at least 50 (USD 0.50, Stripe's minimum for usd)"],
    [29, 'gbp', "amount must be at least 30 (GBP 0.30, Stripe's minimum for gbp)"],
    [49, 'jpy', "amount must be at least 50 (JPY 50, Stripe's minimum for jpy)"],
    [0, 'usd', "amount must be at least 50 (USD 0.50, Stripe's minimum for usd)"],
    [490, 'kwd', 'amount must be at least 500 (KWD 0.500, the lowest amount we accept in kwd)'],
    [1235, 'kwd', 'amount for kwd must be a multiple of 10'],
    [12350, 'isk', 'amount for isk must be a multiple of 100'],
    [-50, 'usd', 'amount must not be negative'],
    [2 ** 53, 'usd', 'amount is too large to be exact'],
  ])('rejects %p %s', (amount, code, problem) => {
    expect(checkAmount(amount, code)).toBe(problem);
  });

  it.each([
    ['a numeric string', '5000'],
    ['a float', 50.5],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['a bigint', 5000n],
    ['null', null],
    ['undefined', undefined],
    ['an object', { amount: 5000 }],
  ])('rejects %s', (_label, amount) => {
    expect(checkAmount(amount, 'usd')).toMatch(/^amount must be an integer number of minor units/);
  });

  it.each(['USD', 'xxx', ''])('rejects currency %p', (code) => {
    expect(checkAmount(5000, code)).toMatch(/is not supported/);
  });

  it.each([
    [100000, null],
    [100001, 'amount must be at most 100000 (USD 1000.00)'],
  ])('applies max: %p -> %p', (amount, problem) => {
    expect(checkAmount(amount, 'usd', { max: 100000 })).toBe(problem);
  });

  it('refuses a max that is not a safe integer', () => {
    expect(() => checkAmount(5000, 'usd', { max: 10.5 })).toThrow(RangeError);
  });
});
