/**
 * Exact conversions between integer minor units and decimal strings. Internal
 * to src/money: everything here is string and bigint arithmetic so that no
 * amount ever passes through a binary floating-point value.
 */

/** 123456n, 2 -> "1234.56"; -5n, 2 -> "-0.05"; 5000n, 0 -> "5000". */
export function minorToDecimal(amount: bigint, exponent: number): string {
  const sign = amount < 0n ? '-' : '';
  const digits = (amount < 0n ? -amount : amount).toString().padStart(exponent + 1, '0');
  if (exponent === 0) return sign + digits;
  const cut = digits.length - exponent;
  return `${sign}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

// Whole part either plain digits or correctly grouped with commas ("1,234"),
// then an optional fraction. No sign, no exponent, no other separators.
const HUMAN_DECIMAL = /^(\d+|[1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d+))?$/;

/**
 * "1,234.5", 2 -> 123450n. Returns null for anything that is not a plain
 * non-negative decimal with at most `exponent` fraction digits.
 */
export function decimalToMinor(input: string, exponent: number): bigint | null {
  const match = HUMAN_DECIMAL.exec(input);
  if (!match) return null;
  const whole = match[1].replace(/,/g, '');
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) return null;
  return BigInt(whole + fraction.padEnd(exponent, '0'));
}
