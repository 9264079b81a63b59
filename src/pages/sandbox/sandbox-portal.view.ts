import type Stripe from 'stripe';
import { formatMinorAmount, type SubscriptionRecord } from '../../payments/stripe/sandbox';
import { translator } from '../../wording/catalogs';
import { DEFAULT_LANGUAGE, type Language, languageLocale } from '../../wording/languages';
import { Html, html } from '../shared/html';
import { recurringAmount } from './sandbox-pay.view';

// The stand-in for Stripe's customer portal (billing.stripe.com): the donor's plans, each with its
// amount, state and next payment, and a button to cancel at the end of the paid period (the
// portal's default) or to keep a plan that is set to cancel. Plain forms, no script. In the
// portal session's language (its `locale`, as Stripe's portal), else the browser's; the
// organiser's sandbox page uses the English defaults.

/** A day in UTC, e.g. "1 February 2027": the sandbox's times are its test clock's. */
export function portalDate(seconds: number, lang: Language = DEFAULT_LANGUAGE): string {
  return new Date(seconds * 1000).toLocaleDateString(lang === 'en' ? 'en-GB' : languageLocale(lang), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** "£10.00 every month", "£30.00 every 3 months". */
export function planAmount(sub: Stripe.Subscription, lang: Language = DEFAULT_LANGUAGE): string {
  const item = sub.items.data[0];
  const each = formatMinorAmount(
    sub.items.data.reduce((sum, i) => sum + (i.price.unit_amount ?? 0) * (i.quantity ?? 1), 0),
    sub.currency,
    lang === 'en' ? 'en-GB' : languageLocale(lang),
  );
  return recurringAmount(each, item.price.recurring!, lang);
}

function planState(sub: Stripe.Subscription, lang: Language): string {
  const t = translator(lang);
  const end = sub.items.data[0].current_period_end;
  if (sub.status === 'canceled')
    return sub.ended_at ? t('portal.cancelledOn', { date: portalDate(sub.ended_at, lang) }) : t('portal.cancelled');
  if (sub.cancel_at_period_end) return t('portal.ending', { date: portalDate(end, lang) });
  if (sub.status === 'past_due') return t('portal.pastDue');
  return t('portal.active', { date: portalDate(end, lang) });
}

function change(portalId: string, sub: Stripe.Subscription, action: 'cancel' | 'renew', label: string, primary: boolean): Html {
  return html`<form method="post" action="/sandbox/portal/${encodeURIComponent(portalId)}/${action}">
<input type="hidden" name="subscription" value="${sub.id}">
<p><button type="submit"${primary ? '' : html` class="secondary"`}>${label}</button></p>
</form>`;
}

function planCard(portalId: string, r: SubscriptionRecord, lang: Language): Html {
  const t = translator(lang);
  const { sub } = r;
  const live = sub.status === 'active' || sub.status === 'past_due';
  const paid = r.invoices.filter((e) => e.invoice.status === 'paid');
  const actions = !live
    ? ''
    : sub.cancel_at_period_end
      ? change(portalId, sub, 'renew', t('portal.renew'), true)
      : change(portalId, sub, 'cancel', t('portal.cancel'), false);
  return html`<section class="card plan" aria-label="${r.session.metadata?.appeal ?? sub.id}">
<h2>${planAmount(sub, lang)}</h2>
<dl>
<dt>${t('sandbox.for')}</dt><dd>${r.spec.productNames.join(', ')}</dd>
<dt>${t('portal.status')}</dt><dd class="plan-state">${planState(sub, lang)}</dd>
<dt>${t('portal.payments')}</dt><dd>${t('portal.made', { n: paid.length, count: new Intl.NumberFormat(languageLocale(lang)).format(paid.length), date: portalDate(sub.start_date, lang) })}</dd>
</dl>
${actions}
</section>`;
}

export function portalBody(
  portal: Stripe.BillingPortal.Session,
  plans: SubscriptionRecord[],
  notice: string | null,
  lang: Language = DEFAULT_LANGUAGE,
): Html {
  const t = translator(lang);
  const back = portal.return_url ? html`<p><a href="${portal.return_url}" id="portal-return">${t('sandbox.returnToAppeal')}</a></p>` : '';
  return html`<h1>${t('portal.heading')}</h1>
${notice ? html`<p class="notice" role="status" id="notice">${notice}</p>` : ''}
<p class="hint">${t('portal.hint')}</p>
${plans.length ? plans.map((p) => planCard(portal.id, p, lang)) : html`<p>${t('portal.none')}</p>`}
${back}`;
}
