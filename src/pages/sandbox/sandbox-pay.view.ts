import type Stripe from 'stripe';
import { formatMinorAmount, methodLabel, successRedirect } from '../../payments/stripe/sandbox';
import { translator, type Translate } from '../../wording/catalogs';
import { acceptedLanguage, DEFAULT_LANGUAGE, type Language, languageLocale, languageOf } from '../../wording/languages';
import { Html, html } from '../shared/html';

// The stand-in for checkout.stripe.com: obviously fake (the layout's TEST MODE banner), plain
// forms and native buttons, so it works with the keyboard alone and without any script.

/**
 * The page's language, as Checkout chooses it: the session's `locale` (set from the donate
 * page's language), or for 'auto' and none the browser's Accept-Language, else English.
 */
export function sandboxPayLanguage(session: Stripe.Checkout.Session, acceptLanguage: string | undefined): Language {
  const own = session.locale && session.locale !== 'auto' ? languageOf(session.locale) : null;
  return own ?? acceptedLanguage(acceptLanguage) ?? DEFAULT_LANGUAGE;
}

export function sessionAmount(session: Stripe.Checkout.Session, lang: Language = DEFAULT_LANGUAGE): string {
  return formatMinorAmount(session.amount_total ?? 0, session.currency ?? 'usd', lang === 'en' ? 'en-GB' : languageLocale(lang));
}

function outcomeForm(session: Stripe.Checkout.Session, outcome: string, label: string, primary = false): Html {
  return html`<form method="post" action="/sandbox/pay/${encodeURIComponent(session.id)}">
<input type="hidden" name="outcome" value="${outcome}">
<p><button type="submit" class="wide${primary ? '' : ' secondary'}">${label}</button></p>
</form>`;
}

export interface Recurring {
  interval: string;
  interval_count: number;
}

/** "US$10.00 every month", "10,00 € cada 3 meses" (in the language); the amount alone for a one-off payment. */
export function recurringAmount(amount: string, recurring: Recurring | null | undefined, lang: Language = DEFAULT_LANGUAGE): string {
  if (!recurring) return amount;
  const n = recurring.interval_count;
  const count = new Intl.NumberFormat(languageLocale(lang)).format(n);
  return translator(lang)('sandbox.recurringAmount', { amount, interval: recurring.interval, n, count });
}

/** The page an open session's `url` points at; a subscription's says how often it will be charged. */
export function paymentPageBody(
  session: Stripe.Checkout.Session,
  productNames: string[],
  delayedMethod: string | null,
  lang: Language = DEFAULT_LANGUAGE,
  recurring: Recurring | null = null,
): Html {
  const t: Translate = translator(lang);
  const amount = recurringAmount(sessionAmount(session, lang), recurring, lang);
  const appeal = session.metadata?.appeal;
  return html`<div class="card">
<h1>${t('sandbox.donate', { amount })}</h1>
<dl>
<dt>${t('sandbox.for')}</dt><dd>${productNames.join(', ')}</dd>
${appeal ? html`<dt>${t('sandbox.appeal')}</dt><dd>${appeal}</dd>` : ''}
${session.customer_email ? html`<dt>${t('sandbox.email')}</dt><dd>${session.customer_email}</dd>` : ''}
</dl>
${recurring ? html`<p>${t('sandbox.recurring', { amount })}</p>` : ''}
<p>${t('sandbox.explain')}</p>
${outcomeForm(session, 'paid', t('sandbox.pay', { amount }), true)}
${outcomeForm(session, 'declined', t('sandbox.decline'))}
${delayedMethod ? outcomeForm(session, 'delayed', t('sandbox.delayed', { method: methodLabel(delayedMethod) })) : ''}
<p><a href="${session.cancel_url ?? '/'}">${t('sandbox.cancel')}</a></p>
</div>`;
}

/** Shown after "Decline": Stripe keeps the session open, so the donor may try again. */
export function declinedBody(session: Stripe.Checkout.Session, lang: Language = DEFAULT_LANGUAGE): Html {
  const t = translator(lang);
  return html`<div class="card"><h1>${t('sandbox.declinedTitle')}</h1>
<p class="notice error" role="alert">${t('sandbox.declined')}</p>
<p><a href="/sandbox/pay/${encodeURIComponent(session.id)}">${t('sandbox.tryAgain')}</a></p>
<p><a href="${session.cancel_url ?? '/'}">${t('sandbox.returnToAppeal')}</a></p></div>`;
}

/** For sessions that can no longer be paid (complete or expired). */
export function closedBody(session: Stripe.Checkout.Session, lang: Language = DEFAULT_LANGUAGE): Html {
  const t = translator(lang);
  const complete = session.status === 'complete';
  const [title, text, href, label] = complete
    ? [t('sandbox.submittedTitle'), t('sandbox.submitted'), successRedirect(session), t('sandbox.continue')]
    : [t('sandbox.expiredTitle'), t('sandbox.expired'), session.cancel_url ?? '/', t('sandbox.returnToAppeal')];
  return html`<div class="card"><h1>${title}</h1><p class="notice" role="status">${text}</p><p><a href="${href}">${label}</a></p></div>`;
}
