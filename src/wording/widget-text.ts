import { formatMoney } from '../money';
import { WIDGET_MESSAGES, WidgetMessages } from './catalogs';
import { DEFAULT_LANGUAGE, Language } from './languages';
import { formatMessage, MessageArgs } from './message-format';

/**
 * The words of the widget. The server renders them and the browser code (src/browser) bundles
 * this very module, so both say the same thing: keep it free of Node and of server imports.
 * `lang` picks the words (messages/<lang>.json, section "widget"); `locale` formats the numbers
 * and defaults to the language itself.
 */
export function widgetMessage(lang: Language, id: keyof WidgetMessages & string, args?: MessageArgs): string {
  return formatMessage(lang, 'widget', id, WIDGET_MESSAGES[lang][id], args);
}

/** The counting rule in a language (English when none is given). */
export const countingRule = (lang: Language = DEFAULT_LANGUAGE): string => widgetMessage(lang, 'rule');
/** @deprecated English only: use countingRule(lang). */
export const COUNTING_RULE = countingRule('en');

/** "1 gives monthly", "12 give monthly"; null when nobody does (the line is then hidden). */
export function monthlyDonorsLine(count: number | undefined, locale: string, lang: Language = DEFAULT_LANGUAGE): string | null {
  if (!count || count < 1) return null;
  return widgetMessage(lang, 'monthly', { n: count, count: new Intl.NumberFormat(locale).format(count) });
}

const money = (minor: number | bigint, currency: string, locale: string) =>
  formatMoney(minor, currency, locale, { noDecimalsWhenWhole: true });

export interface WidgetText {
  title: string;
  amounts: string;
  donors: string;
  /** "from 3 countries"; null while no counted gift named a country. */
  countries: string | null;
  percent: string;
  next: string | null;
  /** "3 give monthly", or null when no monthly gift is giving. */
  monthly: string | null;
  valueText: string;
  /** What a screen reader is told when the appeal moves (rounded percent and donor count). */
  announcement: string;
  /** 0-100 for aria-valuenow and the bar; `percent` itself may pass 100. */
  barPercent: number;
}

/**
 * The fields the words come from: a ProgressView on the server, its JSON in the browser (where
 * `raised` arrives as a number).
 */
export interface WidgetView {
  title: string;
  currency: string;
  target: number;
  raised: bigint | number;
  donors: number;
  /** Absent from older payloads (a cached page): no monthly line then. */
  monthlyDonors?: number;
  /** Absent from views served before countries were counted. */
  countries?: number;
  percent: number;
  nextTarget: number | null;
}

export function widgetText(view: WidgetView, locale: string, lang: Language = DEFAULT_LANGUAGE): WidgetText {
  const t = (id: keyof WidgetMessages & string, args?: MessageArgs) => widgetMessage(lang, id, args);
  const amounts = t('amounts', { raised: money(view.raised, view.currency, locale), target: money(view.target, view.currency, locale) });
  // "87E-2" is an exact decimal string: no float stands between the integer and the output.
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(
    `${view.percent}E-2` as Intl.StringNumericLiteral,
  );
  const donors = t('donors', { n: view.donors, count: new Intl.NumberFormat(locale).format(view.donors) });
  return {
    title: view.title,
    amounts,
    donors,
    countries: view.countries ? t('countries', { n: view.countries, count: new Intl.NumberFormat(locale).format(view.countries) }) : null,
    percent,
    next: view.nextTarget === null ? null : t('next', { amount: money(view.nextTarget, view.currency, locale) }),
    monthly: monthlyDonorsLine(view.monthlyDonors, locale, lang),
    valueText: t('valueText', { amounts, percent }),
    announcement: t('announce', { percent, donors }),
    barPercent: Math.min(100, Math.max(0, view.percent)),
  };
}
