import { formatMoney } from '../money';
import { translator } from './catalogs';
import { DEFAULT_LANGUAGE, type Language } from './languages';
import { monthlyDonorsLine } from './widget-text';

/**
 * The reader-facing words of monthly gifts (issue 13): the widget and donate page line, the
 * donate form's choice, the thanks page. The words are in the catalogs (section "monthly", and
 * "widget.monthly" for the line the widgets show); these functions pick the language.
 */

/** "1 gives monthly", "12 give monthly" (in the language); null when nobody does (the line is then hidden). */
export function monthlyDonorsText(count: number | undefined, locale: string, lang: Language = DEFAULT_LANGUAGE): string | null {
  return monthlyDonorsLine(count, locale, lang);
}

/** The donate form's Once/Monthly choice and its hint. */
export function frequencyWords(lang: Language = DEFAULT_LANGUAGE): { legend: string; once: string; monthly: string; hint: string } {
  const t = translator(lang);
  return { legend: t('monthly.legend'), once: t('monthly.once'), monthly: t('monthly.monthly'), hint: t('monthly.hint') };
}

/** The thanks page's "manage or cancel" button and its hint. */
export function manageWords(lang: Language = DEFAULT_LANGUAGE): { button: string; hint: string } {
  const t = translator(lang);
  return { button: t('monthly.manage'), hint: t('monthly.manageHint') };
}

/** English, for the specs: the counting rule ends with this sentence about monthly gifts. */
export const MONTHLY_COUNTING_RULE = 'Monthly gifts count each payment as it arrives, until the appeal ends.';

/** "1 January 2099" in the page's language (English pages keep the British order). */
function dateText(at: Date, lang: Language): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { dateStyle: 'long', timeZone: 'UTC' }).format(at);
}

export function monthlyThanksText(
  state: 'pending' | 'active' | 'past_due' | 'cancelled',
  amount: number,
  currency: string,
  locale: string,
  nextPaymentAt: Date | null,
  lang: Language = DEFAULT_LANGUAGE,
): string {
  const t = translator(lang);
  const money = formatMoney(amount, currency, locale);
  switch (state) {
    case 'active': {
      const thanks = t('monthly.active', { amount: money });
      return nextPaymentAt ? `${thanks} ${t('monthly.next', { date: dateText(nextPaymentAt, lang) })}` : thanks;
    }
    case 'past_due':
      return t('monthly.pastDue', { amount: money });
    case 'cancelled':
      return t('monthly.cancelled', { amount: money });
    default:
      return t('monthly.pending', { amount: money });
  }
}
