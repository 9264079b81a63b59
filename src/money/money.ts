/**
 * Formatting and parsing of money amounts held as integer minor units.
 *
 * No amount is ever converted to a binary float: amounts become exact decimal
 * strings, and Intl.NumberFormat formats strings exactly (ES2023 Intl
 * NumberFormat v3, available since Node 19), so a bigint past 2^53 prints
 * every digit.
 */

import { currencyInfo, type CurrencyCode } from './currencies';
import { decimalToMinor, minorToDecimal } from './decimal';

export interface FormatMoneyOptions {
  /** "$8.8K": Intl's compact notation, rounded, for tight spaces. */
  compact?: boolean;
  /** "$8,750" rather than "$8,750.00" when there are no minor units. */
  noDecimalsWhenWhole?: boolean;
}

const FALLBACK_LOCALE = 'en-US';

// Longer than any amount we could represent exactly; keeps pasted garbage
// away from the regex and BigInt.
const MAX_INPUT_LENGTH = 64;

function toBigInt(amountMinor: number | bigint): bigint {
  if (typeof amountMinor === 'bigint') return amountMinor;
  if (!Number.isSafeInteger(amountMinor)) {
    // Past 2^53 a number has already lost digits; pass a bigint instead.
    throw new RangeError(`amount must be a safe integer of minor units, got ${amountMinor}`);
  }
  return BigInt(amountMinor);
}

/** 123456 usd -> "1234.56", -5 usd -> "-0.05", 5000 jpy -> "5000". */
export function toDecimalString(amountMinor: number | bigint, currency: CurrencyCode): string {
  return minorToDecimal(toBigInt(amountMinor), currencyInfo(currency).exponent);
}

/**
 * Locales come from Accept-Language headers and query strings. A malformed
 * tag makes Intl throw RangeError; a well-formed but unknown one would make
 * Intl quietly use the server's default locale. Both become en-US so output
 * does not depend on how the host is configured.
 */
function resolveLocale(locale: string): string {
  try {
    return Intl.NumberFormat.supportedLocalesOf(locale).length > 0 ? locale : FALLBACK_LOCALE;
  } catch (err) {
    if (err instanceof RangeError) return FALLBACK_LOCALE;
    throw err;
  }
}

function fractionDigits(decimal: string, exponent: number, whole: boolean): number {
  if (!whole || exponent === 0) return exponent;
  const fraction = decimal.slice(decimal.length - exponent);
  return /^0+$/.test(fraction) ? 0 : exponent;
}

/**
 * Formats minor units for display, e.g. 123456 usd -> "$1,234.56",
 * 5000 jpy -> "¥5,000", 1230 kwd -> "KWD 1.230".
 */
export function formatMoney(
  amountMinor: number | bigint,
  currency: CurrencyCode,
  locale = FALLBACK_LOCALE,
  opts: FormatMoneyOptions = {},
): string {
  const info = currencyInfo(currency);
  const decimal = minorToDecimal(toBigInt(amountMinor), info.exponent);
  const options: Intl.NumberFormatOptions = { style: 'currency', currency: info.code.toUpperCase() };
  if (opts.compact) {
    // Compact output is approximate by design; let Intl choose its rounding.
    options.notation = 'compact';
  } else {
    const whole = opts.noDecimalsWhenWhole === true || info.presentedWhole;
    const digits = fractionDigits(decimal, info.exponent, whole);
    options.minimumFractionDigits = digits;
    options.maximumFractionDigits = digits;
  }
  const formatter = new Intl.NumberFormat(resolveLocale(locale), options);
  return formatter.format(decimal as Intl.StringNumericLiteral);
}

/**
 * Parses what a person types ("12.34", "12", "1,234.50") into minor units.
 * ASCII digits only, commas only as thousands separators, a dot as the
 * decimal point. Returns null for garbage, negatives, more fraction digits
 * than the currency has, or results beyond Number.MAX_SAFE_INTEGER. Does not
 * apply Stripe's minimum or step: use checkAmount for that.
 */
export function parseMoney(input: string, currency: CurrencyCode): number | null {
  const { exponent } = currencyInfo(currency);
  if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH) return null;
  const minor = decimalToMinor(input.trim(), exponent);
  if (minor === null || minor > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(minor);
}

/**
 * The most one gift may count, in minor units (10 billion dollars in cents): far above any real
 * gift and far below 2^53. Offline gifts above it are refused; a larger Stripe payment is held
 * for review. The database enforces it too (CHK_donations_amount_bound).
 */
export const MAX_GIFT_MINOR = 1_000_000_000_000;
