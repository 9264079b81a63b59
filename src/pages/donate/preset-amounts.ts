import { checkAmount, currencyInfo } from '../../money';

/**
 * Default one-click amounts, in major units, for currencies where "10, 25, 50..." would be
 * meaningless (a yen or a forint is worth far less than a dollar). Anything not listed falls
 * back to a ladder built from the currency's minimum charge.
 */
const MAJOR_DEFAULTS: ReadonlyArray<[string[], number[]]> = [
  [
    ['usd', 'eur', 'gbp', 'cad', 'aud', 'nzd', 'chf', 'sgd', 'bgn'],
    [10, 25, 50, 100, 250],
  ],
  [
    ['sek', 'nok', 'dkk', 'hkd', 'zar', 'cny'],
    [100, 250, 500, 1000, 2500],
  ],
  [
    ['pln', 'ron', 'aed', 'myr', 'ils', 'brl', 'sar', 'qar'],
    [50, 100, 250, 500, 1000],
  ],
  [
    ['mxn', 'czk', 'thb', 'php', 'uah', 'try'],
    [250, 500, 1000, 2500, 5000],
  ],
  [
    ['inr', 'rub'],
    [500, 1000, 2500, 5000, 10000],
  ],
  [
    ['jpy', 'isk'],
    [1000, 3000, 5000, 10000, 30000],
  ],
  [
    ['huf', 'krw', 'clp'],
    [5000, 10000, 25000, 50000, 100000],
  ],
  [
    ['idr', 'vnd'],
    [100000, 250000, 500000, 1000000, 2500000],
  ],
  [
    ['kwd', 'bhd', 'omr', 'jod', 'tnd'],
    [5, 10, 25, 50, 100],
  ],
];

const LADDER = [1, 2.5, 5, 10, 25];

/** The smallest 1-2.5-5 x 10^n (in minor units) that is at least `floor`. */
function niceAtLeast(floor: number): number {
  for (let p = 1; ; p *= 10) {
    for (const m of [1, 2, 5]) if (m * p >= floor) return m * p;
  }
}

export function defaultPresets(currency: string): number[] {
  const { exponent } = currencyInfo(currency);
  const scale = 10 ** exponent;
  const listed = MAJOR_DEFAULTS.find(([codes]) => codes.includes(currency));
  if (listed) return listed[1].map((major) => major * scale);
  // About twenty minimum charges: a modest gift in every currency Stripe sets a minimum for.
  const base = niceAtLeast(currencyInfo(currency).minimum * 20);
  return LADDER.map((m) => Math.round(base * m));
}

/**
 * What the donate page offers: the appeal's own presets, else the currency's defaults, minus
 * any the checkout would refuse (above DONATION_MAX_AMOUNT, or invalid for the currency).
 */
export function presetsFor(appealPresets: number[], currency: string, max: number): number[] {
  const candidates = appealPresets.length ? appealPresets : defaultPresets(currency);
  return candidates.filter((a) => checkAmount(a, currency, { max }) === null);
}

/**
 * The monthly choices: the appeal's own monthly presets, else the smaller four of the one-off
 * defaults (a monthly gift is usually smaller than a one-off), minus any the checkout refuses.
 */
export function monthlyPresetsFor(appealPresets: number[], currency: string, max: number): number[] {
  const candidates = appealPresets.length ? appealPresets : defaultPresets(currency).slice(0, 4);
  return candidates.filter((a) => checkAmount(a, currency, { max }) === null);
}
