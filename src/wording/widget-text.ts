import { formatMoney } from '../money';
import { monthlyDonorsText } from './monthly';
import { countriesText } from './supporters';

/**
 * The words of the widget. The server renders them and the browser code (src/browser) bundles
 * this very module, so both say the same thing: keep it free of Node and of server imports.
 */
// One literal (the built widget script is checked for it); its monthly sentence is MONTHLY_COUNTING_RULE.
export const COUNTING_RULE =
  'Card gifts and offline gifts; refunds deducted; pending payments not counted. Monthly gifts count each payment as it arrives, until the appeal ends.';

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

export function widgetText(view: WidgetView, locale: string): WidgetText {
  const amounts = `${money(view.raised, view.currency, locale)} raised of ${money(view.target, view.currency, locale)}`;
  // "87E-2" is an exact decimal string: no float stands between the integer and the output.
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(
    `${view.percent}E-2` as Intl.StringNumericLiteral,
  );
  const count = new Intl.NumberFormat(locale).format(view.donors);
  return {
    title: view.title,
    amounts,
    donors: `${count} ${view.donors === 1 ? 'donor' : 'donors'}`,
    countries: countriesText(view.countries ?? 0, locale),
    percent,
    next: view.nextTarget === null ? null : `Next target: ${money(view.nextTarget, view.currency, locale)}`,
    monthly: monthlyDonorsText(view.monthlyDonors, locale),
    valueText: `${amounts} (${percent})`,
    barPercent: Math.min(100, Math.max(0, view.percent)),
  };
}
