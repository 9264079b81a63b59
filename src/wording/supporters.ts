import { formatMoney } from '../money';

/**
 * The words of the supporters wall and of "from N countries": the donate page, the widget, the
 * badge and the organiser's moderation button. Pure (the browser bundle includes it).
 */

/** Shown for a gift whose donor did not choose to be named, or whose name an organiser hid. */
export const ANONYMOUS = 'Anonymous';
export const SUPPORTERS_HEADING = 'Supporters';
export const NO_SUPPORTERS_YET = 'No gifts yet: be the first to give.';
export const OLDER_SUPPORTERS = 'Show more supporters';

/** The donate form's consent, asked for explicitly: nothing is shown unless it is ticked. */
// (Worded without "name" or "message", which label the fields above it.)
export const PUBLIC_CONSENT_LABEL = "Thank me in public: show who I am and what I wrote on this appeal's supporters wall.";
export const NAME_HINT = 'Shown in public only if you tick "Thank me in public" below.';
export const ANONYMOUS_LABEL = 'Give anonymously: the organisers see your details, the public does not.';

/** Organiser dashboard. */
export const HIDE_FROM_WALL = 'Hide name and message';
export const SHOW_ON_WALL = 'Show on supporters wall';

export function wallState(d: { public: boolean; hidden: boolean }): string {
  if (d.hidden) return 'Wall: hidden by an organiser';
  return d.public ? 'Wall: name and message shown' : 'Wall: shown as Anonymous';
}

/** "from 1 country", "from 12 countries"; null while no gift named a country. */
export function countriesText(countries: number, locale: string): string | null {
  if (!countries) return null;
  const n = new Intl.NumberFormat(locale).format(countries);
  return `from ${n} ${countries === 1 ? 'country' : 'countries'}`;
}

/** A country's name in the reader's language ("GB" -> "United Kingdom"), or the code itself. */
export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export interface SupporterLike {
  name: string | null;
  message: string | null;
  amount: number | null;
  currency: string;
  country: string | null;
}

/** The line that names a supporter: "Ada (United Kingdom)" or "Anonymous". */
export function supporterName(s: SupporterLike, locale: string): string {
  if (!s.name) return ANONYMOUS;
  return s.country ? `${s.name} (${countryName(s.country, locale)})` : s.name;
}

/** The gift's amount as the wall shows it, or null when the appeal hides amounts. */
export function supporterAmount(s: SupporterLike, locale: string): string | null {
  return s.amount === null ? null : formatMoney(s.amount, s.currency, locale, { noDecimalsWhenWhole: true });
}
