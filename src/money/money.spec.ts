import { formatMoney, parseMoney, toDecimalString } from './money';

// Intl puts a no-break space (U+00A0) between number and symbol in many
// locales; spell it out so the expectations are unambiguous.
const NBSP = '\u00a0';

describe('toDecimalString', () => {
  it.each([
    [123456, 'usd', '1234.56'],
    [5, 'usd', '0.05'],
    [0, 'usd', '0.00'],
    [-5, 'usd', '-0.05'],
    [-123456, 'eur', '-1234.56'],
    [5000, 'jpy', '5000'],
    [-5000, 'jpy', '-5000'],
    [1230, 'kwd', '1.230'],
    [5, 'kwd', '0.005'],
    [12300, 'isk', '123.00'],
    [12345678901234567890n, 'usd', '123456789012345678.90'],
    [-(2n ** 64n), 'jpy', '-18446744073709551616'],
  ])('%p %s -> %s', (amount, code, expected) => {
    expect(toDecimalString(amount, code)).toBe(expected);
  });

  it.each([[12.5], [NaN], [2 ** 53]])('refuses the number %p', (amount) => {
    expect(() => toDecimalString(amount, 'usd')).toThrow(RangeError);
  });
});

describe('formatMoney', () => {
  it.each([
    [123456, 'usd', 'en-US', '$1,234.56'],
    [50, 'usd', 'en-US', '$0.50'],
    [-123456, 'usd', 'en-US', '-$1,234.56'],
    [123456, 'eur', 'en-US', '€1,234.56'],
    [123456, 'eur', 'de-DE', `1.234,56${NBSP}€`],
    [-123456, 'eur', 'de-DE', `-1.234,56${NBSP}€`],
    [123456, 'gbp', 'en-GB', '£1,234.56'],
    [5000, 'jpy', 'en-US', '¥5,000'],
    [-5000, 'jpy', 'en-US', '-¥5,000'],
    [1230, 'kwd', 'en-US', `KWD${NBSP}1.230`],
    [12300, 'isk', 'en-US', `ISK${NBSP}123`], // whole krónur shown whole
    [12345, 'isk', 'en-US', `ISK${NBSP}123.45`], // legacy fractional amount stays exact
    [17500, 'huf', 'en-US', `HUF${NBSP}175`],
    [17550, 'huf', 'en-US', `HUF${NBSP}175.50`],
  ])('%p %s in %s -> %s', (amount, code, locale, expected) => {
    expect(formatMoney(amount, code, locale)).toBe(expected);
  });

  it('defaults to en-US', () => {
    expect(formatMoney(123456, 'usd')).toBe('$1,234.56');
  });

  it.each([
    [2n ** 53n + 1n, 'usd', '$90,071,992,547,409.93'],
    [12345678901234567890123n, 'usd', '$123,456,789,012,345,678,901.23'],
    [-(2n ** 60n) - 1n, 'jpy', '-¥1,152,921,504,606,846,977'],
    [9007199254740993001n, 'kwd', `KWD${NBSP}9,007,199,254,740,993.001`],
  ])('formats bigint %p %s exactly', (amount, code, expected) => {
    expect(formatMoney(amount, code)).toBe(expected);
  });

  it.each(['not a locale!!', 'en_US', '', 'xx-YY'])('falls back to en-US for locale %p', (locale) => {
    expect(formatMoney(123456, 'usd', locale)).toBe('$1,234.56');
  });

  it.each([
    [875000, 'usd', '$8,750'],
    [875050, 'usd', '$8,750.50'],
    [5000, 'jpy', '¥5,000'],
    [2000, 'kwd', `KWD${NBSP}2`],
    [2010, 'kwd', `KWD${NBSP}2.010`],
  ])('noDecimalsWhenWhole: %p %s -> %s', (amount, code, expected) => {
    expect(formatMoney(amount, code, 'en-US', { noDecimalsWhenWhole: true })).toBe(expected);
  });

  it.each([
    [875000, 'usd', '$8.8K'],
    [123456789, 'usd', '$1.2M'],
    [5000, 'jpy', '¥5K'],
  ])('compact: %p %s -> %s', (amount, code, expected) => {
    expect(formatMoney(amount, code, 'en-US', { compact: true })).toBe(expected);
  });

  it.each(['USD', 'xxx'])('throws for unsupported currency %p', (code) => {
    expect(() => formatMoney(100, code)).toThrow(RangeError);
  });
});

describe('parseMoney', () => {
  it.each([
    ['12.34', 'usd', 1234],
    ['12', 'usd', 1200],
    ['12.3', 'usd', 1230],
    ['0.05', 'usd', 5],
    ['1,234.50', 'usd', 123450],
    ['1,234,567', 'eur', 123456700],
    [' 12.34 ', 'usd', 1234],
    ['5000', 'jpy', 5000],
    ['5,000', 'jpy', 5000],
    ['1.23', 'kwd', 1230],
    ['1.235', 'kwd', 1235], // a valid decimal; checkAmount rejects the step
    ['123', 'isk', 12300],
    ['90071992547409.91', 'usd', Number.MAX_SAFE_INTEGER],
  ])('%p %s -> %p', (input, code, expected) => {
    expect(parseMoney(input, code)).toBe(expected);
  });

  it.each([
    ['50.5', 'jpy'], // jpy has no minor unit
    ['5000.0', 'jpy'],
    ['12.345', 'usd'],
    ['1.2345', 'kwd'],
    ['-12.34', 'usd'],
    ['+12', 'usd'],
    ['', 'usd'],
    ['.5', 'usd'],
    ['12.', 'usd'],
    ['abc', 'usd'],
    ['12abc', 'usd'],
    ['1e3', 'usd'],
    ['1,23', 'usd'],
    ['1234,567', 'usd'],
    [',123', 'usd'],
    ['1.234,56', 'eur'], // German style is not accepted
    ['1 234', 'usd'],
    ['١٢', 'usd'], // non-ASCII digits
    ['$12', 'usd'],
    ['Infinity', 'usd'],
    ['90071992547409.92', 'usd'], // one past MAX_SAFE_INTEGER
    ['9'.repeat(100), 'jpy'],
  ])('%p %s -> null', (input, code) => {
    expect(parseMoney(input, code)).toBeNull();
  });

  it.each([[12.34], [null], [undefined]])('returns null for non-string %p', (input) => {
    expect(parseMoney(input as unknown as string, 'usd')).toBeNull();
  });

  it('throws for an unsupported currency', () => {
    expect(() => parseMoney('12', 'USD')).toThrow(RangeError);
  });
});
