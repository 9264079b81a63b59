import { formatMoney } from '../money';

/**
 * The reader-facing words of monthly gifts (issue 13): the widget and donate page line, the
 * donate form's choice, the thanks page. Plain functions so the browser bundle can use them too.
 */

/** "1 gives monthly", "12 give monthly"; null when nobody does (the line is then hidden). */
export function monthlyDonorsText(count: number | undefined, locale: string): string | null {
  if (!count || count < 1) return null;
  return `${new Intl.NumberFormat(locale).format(count)} ${count === 1 ? 'gives' : 'give'} monthly`;
}

export const FREQUENCY_LEGEND = 'How often';
export const FREQUENCY_ONCE = 'Once';
export const FREQUENCY_MONTHLY = 'Monthly';
export const MONTHLY_HINT = 'The same amount every month until you cancel. You can manage or cancel it at any time.';
export const CONTINUE_MONTHLY = 'Continue to monthly payment';

/** The counting rule's sentence about monthly gifts (appended to the widget's counting rule). */
export const MONTHLY_COUNTING_RULE = 'Monthly gifts count each payment as it arrives, until the appeal ends.';

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

export function monthlyThanksText(
  state: 'pending' | 'active' | 'past_due' | 'cancelled',
  amount: number,
  currency: string,
  locale: string,
  nextPaymentAt: Date | null,
): string {
  const money = formatMoney(amount, currency, locale);
  const next = nextPaymentAt ? ` Your next payment is due on ${DATE.format(nextPaymentAt)}.` : '';
  switch (state) {
    case 'active':
      return `Thank you! You now give ${money} monthly.${next}`;
    case 'past_due':
      return `Your monthly gift of ${money} could not be collected last time; Stripe will try again. You can update your card below.`;
    case 'cancelled':
      return `Your monthly gift of ${money} has been cancelled. Thank you for every payment you made.`;
    default:
      return `Confirming your monthly gift of ${money}… This page updates by itself.`;
  }
}

export const MANAGE_MONTHLY = 'Manage or cancel your monthly gift';
export const MANAGE_MONTHLY_HINT =
  "You manage it on Stripe's secure page: change your card, or cancel at any time. Keep this page's address to come back.";
