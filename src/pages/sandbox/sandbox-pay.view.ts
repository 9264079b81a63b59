import type Stripe from 'stripe';
import { formatMinorAmount, methodLabel, successRedirect } from '../../payments/stripe/sandbox';
import { Html, html } from '../shared/html';

// The stand-in for checkout.stripe.com: obviously fake (the layout's TEST MODE banner), plain
// forms and native buttons, so it works with the keyboard alone and without any script.

export function sessionAmount(session: Stripe.Checkout.Session): string {
  return formatMinorAmount(session.amount_total ?? 0, session.currency ?? 'usd');
}

function outcomeForm(session: Stripe.Checkout.Session, outcome: string, label: string, primary = false): Html {
  return html`<form method="post" action="/sandbox/pay/${encodeURIComponent(session.id)}">
<input type="hidden" name="outcome" value="${outcome}">
<p><button type="submit" class="wide${primary ? '' : ' secondary'}">${label}</button></p>
</form>`;
}

/** " every month", " every 3 months", or "" for a one-off payment. */
export function recurringSuffix(recurring: { interval: string; interval_count: number } | null | undefined): string {
  if (!recurring) return '';
  return recurring.interval_count === 1 ? ` every ${recurring.interval}` : ` every ${recurring.interval_count} ${recurring.interval}s`;
}

/** The page an open session's `url` points at; a subscription's says how often it will be charged. */
export function paymentPageBody(
  session: Stripe.Checkout.Session,
  productNames: string[],
  delayedMethod: string | null,
  recurring: { interval: string; interval_count: number } | null = null,
): Html {
  const amount = sessionAmount(session) + recurringSuffix(recurring);
  const appeal = session.metadata?.appeal;
  return html`<div class="card">
<h1>Donate ${amount}</h1>
<dl>
<dt>For</dt><dd>${productNames.join(', ')}</dd>
${appeal ? html`<dt>Appeal</dt><dd>${appeal}</dd>` : ''}
${session.customer_email ? html`<dt>E-mail</dt><dd>${session.customer_email}</dd>` : ''}
</dl>
${recurring ? html`<p>You will be charged ${amount}, starting today, until you cancel.</p>` : ''}
<p>This is the Stripe sandbox. Choose how the test payment should turn out.</p>
${outcomeForm(session, 'paid', `Pay ${amount}`, true)}
${outcomeForm(session, 'declined', 'Decline')}
${delayedMethod ? outcomeForm(session, 'delayed', `Delayed payment (${methodLabel(delayedMethod)})`) : ''}
<p><a href="${session.cancel_url ?? '/'}">Cancel and go back</a></p>
</div>`;
}

/** Shown after "Decline": Stripe keeps the session open, so the donor may try again. */
export function declinedBody(session: Stripe.Checkout.Session): Html {
  return html`<div class="card"><h1>Payment declined</h1>
<p class="notice error" role="alert">Your card was declined (test mode). No money moved.</p>
<p><a href="/sandbox/pay/${encodeURIComponent(session.id)}">Try again</a></p>
<p><a href="${session.cancel_url ?? '/'}">Return to the appeal</a></p></div>`;
}

/** For sessions that can no longer be paid (complete or expired). */
export function closedBody(session: Stripe.Checkout.Session): Html {
  const complete = session.status === 'complete';
  const [title, text, href, label] = complete
    ? ['Payment already submitted', 'This checkout session has been completed.', successRedirect(session), 'Continue']
    : ['Checkout session expired', 'This payment link is no longer active.', session.cancel_url ?? '/', 'Return to the appeal'];
  return html`<div class="card"><h1>${title}</h1><p class="notice" role="status">${text}</p><p><a href="${href}">${label}</a></p></div>`;
}
