// Kept local on purpose: the sandbox must not depend on the service's own money code, otherwise
// a bug there would be mirrored here and hidden from the tests that use the sandbox.

// Stripe's zero-decimal currencies (amounts are whole units): https://docs.stripe.com/currencies
const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);
// Stripe's three-decimal currencies.
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** Number of minor-unit digits Stripe uses for `currency` in API amounts. */
export function currencyExponent(currency: string): number {
  const c = currency.toLowerCase();
  if (ZERO_DECIMAL.has(c)) return 0;
  if (THREE_DECIMAL.has(c)) return 3;
  return 2;
}

/** Exact decimal string for a minor-unit integer, e.g. (1050, 2) -> "10.50"; avoids float division. */
function toDecimalString(amount: number, exponent: number): string {
  const sign = amount < 0 ? '-' : '';
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0');
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** Formats a Stripe minor-unit amount for display, e.g. (1050, 'gbp') -> "£10.50". */
export function formatMinorAmount(amount: number, currency: string, locale = 'en-GB'): string {
  const exponent = currencyExponent(currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    // Pin both bounds: Intl's own digits for a currency can differ from Stripe's exponent.
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl accepts decimal strings (ES2023), so large amounts format without rounding error.
  return format.format(toDecimalString(amount, exponent) as `${number}`);
}
