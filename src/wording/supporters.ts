import { formatMoney } from '../money';
import { SUPPORTERS_MESSAGES, SupportersMessages } from './catalogs';
import { DEFAULT_LANGUAGE, type Language } from './languages';
import { formatMessage } from './message-format';
import { widgetMessage } from './widget-text';

/**
 * The words of the supporters wall and of "from N countries": the donate page, the widget, the
 * badge and the organiser's moderation button. Pure (the browser bundle includes it). What a
 * reader sees comes from the catalogs (section "supporters", and "widget.countries"); the
 * organiser's moderation words stay English, like the rest of the dashboard.
 */
// No English constants at module level here: embed.js bundles this file and must carry only
// the sections it shows.
export const supportersMessage = (lang: Language, id: keyof SupportersMessages & string): string =>
  formatMessage(lang, 'supporters', id, SUPPORTERS_MESSAGES[lang][id]);

// The donate form's consent and its hint are in the catalogs' "donate" section (donate.publicConsent,
// donate.nameHint), worded without the field labels' words ("name", "message") in every language.

/** Organiser dashboard. */
export const HIDE_FROM_WALL = 'Hide name and message';
export const SHOW_ON_WALL = 'Show on supporters wall';

export function wallState(d: { public: boolean; hidden: boolean }): string {
  if (d.hidden) return 'Wall: hidden by an organiser';
  return d.public ? 'Wall: name and message shown' : 'Wall: shown as Anonymous';
}

/** "from 1 country", "from 12 countries" (in the language); null while no gift named a country. */
export function countriesText(countries: number, locale: string, lang: Language = DEFAULT_LANGUAGE): string | null {
  if (!countries) return null;
  return widgetMessage(lang, 'countries', { n: countries, count: new Intl.NumberFormat(locale).format(countries) });
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

/** The line that names a supporter: "Ada (United Kingdom)" or "Anonymous", in the language. */
export function supporterName(s: SupporterLike, locale: string, lang: Language = DEFAULT_LANGUAGE): string {
  if (!s.name) return supportersMessage(lang, 'anonymous');
  return s.country ? `${s.name} (${countryName(s.country, locale)})` : s.name;
}

/** The gift's amount as the wall shows it, or null when the appeal hides amounts. */
export function supporterAmount(s: SupporterLike, locale: string): string | null {
  return s.amount === null ? null : formatMoney(s.amount, s.currency, locale, { noDecimalsWhenWhole: true });
}
