/**
 * The single source of truth for which currencies we accept and how Stripe
 * counts them. Amounts everywhere in the app are integers in the currency's
 * minor unit *as Stripe defines it*, which is not always ISO 4217's idea of it
 * (see the special cases below).
 *
 * Source: https://docs.stripe.com/currencies (presentment currencies,
 * zero-decimal, three-decimal, special cases, minimum charge amounts).
 */

import { minorToDecimal } from './decimal';

/** A lower-case ISO 4217 code exactly as Stripe writes it, e.g. 'usd'. */
export type CurrencyCode = string;

export interface CurrencyInfo {
  readonly code: CurrencyCode;
  /** Digits after the decimal point in Stripe's API amounts. */
  readonly exponent: 0 | 2 | 3;
  /** Amounts must be a multiple of this many minor units. */
  readonly step: number;
  /** Smallest amount (minor units) we will send to Stripe. */
  readonly minimum: number;
  /** 'stripe' when Stripe publishes the minimum, 'floor' when it is our rule. */
  readonly minimumSource: 'stripe' | 'floor';
  /** Shown without decimals when whole, although the API uses two. */
  readonly presentedWhole: boolean;
}

// Stripe treats these as having no minor unit: 5000 jpy means ¥5,000.
const ZERO_DECIMAL = [
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
] as const;

// Stripe counts these in thousandths but card networks cannot settle the last
// digit, so Stripe rejects amounts that are not a multiple of 10.
const THREE_DECIMAL = ['bhd', 'jod', 'kwd', 'omr', 'tnd'] as const;

// Special cases, all kept two-decimal because that is what Stripe's API uses:
// - isk has had no fractional króna since 2023, but for backwards
//   compatibility Stripe still counts it in hundredths and rejects charges not
//   divisible by 100 (invalid_charge_amount_no_decimal_compatible). We enforce
//   that step.
// - huf and twd are zero-decimal for *payouts* only; fractional charges are
//   accepted, so we do not enforce a step of 100 for them.
// All three are displayed as whole units when the fraction is zero, which is
// how people write them.
const PRESENTED_WHOLE = ['isk', 'huf', 'twd'] as const;

const TWO_DECIMAL = [
  'usd',
  'aed',
  'afn',
  'all',
  'amd',
  'ang',
  'aoa',
  'ars',
  'aud',
  'awg',
  'azn',
  'bam',
  'bbd',
  'bdt',
  'bgn',
  'bmd',
  'bnd',
  'bob',
  'brl',
  'bsd',
  'bwp',
  'byn',
  'bzd',
  'cad',
  'cdf',
  'chf',
  'cny',
  'cop',
  'crc',
  'cve',
  'czk',
  'dkk',
  'dop',
  'dzd',
  'egp',
  'etb',
  'eur',
  'fjd',
  'fkp',
  'gbp',
  'gel',
  'gip',
  'gmd',
  'gtq',
  'gyd',
  'hkd',
  'hnl',
  'htg',
  'idr',
  'ils',
  'inr',
  'jmd',
  'kes',
  'kgs',
  'khr',
  'kyd',
  'kzt',
  'lak',
  'lbp',
  'lkr',
  'lrd',
  'lsl',
  'mad',
  'mdl',
  'mkd',
  'mmk',
  'mnt',
  'mop',
  'mur',
  'mvr',
  'mwk',
  'mxn',
  'myr',
  'mzn',
  'nad',
  'ngn',
  'nio',
  'nok',
  'npr',
  'nzd',
  'pab',
  'pen',
  'pgk',
  'php',
  'pkr',
  'pln',
  'qar',
  'ron',
  'rsd',
  'rub',
  'sar',
  'sbd',
  'scr',
  'sek',
  'sgd',
  'shp',
  'sle',
  'sos',
  'srd',
  'std',
  'szl',
  'thb',
  'tjs',
  'top',
  'try',
  'ttd',
  'tzs',
  'uah',
  'uyu',
  'uzs',
  'wst',
  'xcd',
  'yer',
  'zar',
  'zmw',
  ...PRESENTED_WHOLE,
] as const;

// Minimum charge amounts Stripe publishes, in minor units.
const STRIPE_MINIMUMS: Readonly<Record<string, number>> = {
  usd: 50,
  aed: 200,
  aud: 50,
  bgn: 100,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  ron: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
};

/**
 * For every other currency Stripe only says "the equivalent of USD 0.50",
 * checked at charge time against live exchange rates and the account's
 * settlement currency, so no fixed number can be exact. Rather than keep a
 * table of exchange rates that silently goes stale, we apply a fixed sanity
 * floor: half a major unit (50 for two-decimal, 500 for three-decimal), or 50
 * units for zero-decimal currencies (mirroring Stripe's ¥50), rounded up to
 * the currency's step. For most of these currencies the floor is below
 * Stripe's real minimum, so the payment path must still turn Stripe's
 * `amount_too_small` error into a message for the donor.
 */
function floorMinimum(exponent: 0 | 2 | 3, step: number): number {
  const floor = exponent === 0 ? 50 : 5 * 10 ** (exponent - 1);
  return Math.ceil(floor / step) * step;
}

function buildEntry(code: string, exponent: 0 | 2 | 3): CurrencyInfo {
  const step = code === 'isk' ? 100 : exponent === 3 ? 10 : 1;
  const published = STRIPE_MINIMUMS[code];
  return Object.freeze({
    code,
    exponent,
    step,
    minimum: published ?? floorMinimum(exponent, step),
    minimumSource: published === undefined ? 'floor' : 'stripe',
    presentedWhole: (PRESENTED_WHOLE as readonly string[]).includes(code),
  });
}

// A Map, not an object literal, so that lookups such as 'constructor' or
// '__proto__' can never hit the prototype chain.
const TABLE: ReadonlyMap<CurrencyCode, CurrencyInfo> = new Map([
  ...ZERO_DECIMAL.map((c) => [c, buildEntry(c, 0)] as const),
  ...TWO_DECIMAL.map((c) => [c, buildEntry(c, 2)] as const),
  ...THREE_DECIMAL.map((c) => [c, buildEntry(c, 3)] as const),
]);

/** Every supported code, sorted; handy for validators such as `@IsIn`. */
export const SUPPORTED_CURRENCIES: readonly CurrencyCode[] = Object.freeze([...TABLE.keys()].sort());

/** Lower-case only: 'USD' is rejected so callers decide how to normalise. */
export function isSupportedCurrency(code: string): boolean {
  return typeof code === 'string' && TABLE.has(code);
}

/** Throws RangeError for an unsupported code: that is a programming error. */
export function currencyInfo(code: CurrencyCode): CurrencyInfo {
  const info = typeof code === 'string' ? TABLE.get(code) : undefined;
  if (!info) {
    throw new RangeError(`unsupported currency ${JSON.stringify(code)}`);
  }
  return info;
}

export function minorUnitExponent(code: CurrencyCode): number {
  return currencyInfo(code).exponent;
}

export function stripeMinimumAmount(code: CurrencyCode): number {
  return currencyInfo(code).minimum;
}

export function amountStepFor(code: CurrencyCode): number {
  return currencyInfo(code).step;
}

/** "USD 0.50": plain and locale-free, for error messages and logs. */
function plainAmount(amount: number, info: CurrencyInfo): string {
  return `${info.code.toUpperCase()} ${minorToDecimal(BigInt(amount), info.exponent)}`;
}

function typeProblem(amount: unknown): string | null {
  if (typeof amount !== 'number' || !Number.isInteger(amount)) {
    const got = typeof amount === 'number' ? String(amount) : typeof amount;
    return `amount must be an integer number of minor units (got ${got})`;
  }
  if (!Number.isSafeInteger(amount)) return 'amount is too large to be exact';
  if (amount < 0) return 'amount must not be negative';
  return null;
}

function limitProblem(amount: number, info: CurrencyInfo, max?: number): string | null {
  if (amount < info.minimum) {
    const why = info.minimumSource === 'stripe' ? `Stripe's minimum for ${info.code}` : `the lowest amount we accept in ${info.code}`;
    return `amount must be at least ${info.minimum} (${plainAmount(info.minimum, info)}, ${why})`;
  }
  if (amount % info.step !== 0) {
    return `amount for ${info.code} must be a multiple of ${info.step}`;
  }
  if (max !== undefined && amount > max) {
    return `amount must be at most ${max} (${plainAmount(max, info)})`;
  }
  return null;
}

/**
 * Validates an amount before it goes to Stripe. Returns a human-readable
 * problem, or null when the amount is acceptable. Only a JS number that is a
 * safe integer is accepted: strings are rejected rather than coerced so that
 * a "12.50" from a form cannot silently become 12.50 minor units.
 */
export function checkAmount(amount: unknown, code: CurrencyCode, opts: { max?: number } = {}): string | null {
  if (!isSupportedCurrency(code)) {
    return `currency ${JSON.stringify(code)} is not supported (use a lower-case code Stripe accepts, such as "usd")`;
  }
  if (opts.max !== undefined && !Number.isSafeInteger(opts.max)) {
    throw new RangeError(`max must be a safe integer, got ${opts.max}`);
  }
  const info = currencyInfo(code);
  return typeProblem(amount) ?? limitProblem(amount as number, info, opts.max);
}
