import type Stripe from 'stripe';
import { formatMinorAmount, type SubscriptionRecord } from '../../payments/stripe/sandbox';
import { Html, html } from '../shared/html';

// The stand-in for Stripe's customer portal (billing.stripe.com): the donor's plans, each with its
// amount, state and next payment, and a button to cancel at the end of the paid period (the
// portal's default) or to keep a plan that is set to cancel. Plain forms, no script.

/** A day in UTC, e.g. "1 February 2027": the sandbox's times are its test clock's. */
export function portalDate(seconds: number): string {
  return new Date(seconds * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** "£10.00 every month", "£30.00 every 3 months". */
export function planAmount(sub: Stripe.Subscription): string {
  const item = sub.items.data[0];
  const each = formatMinorAmount(
    sub.items.data.reduce((sum, i) => sum + (i.price.unit_amount ?? 0) * (i.quantity ?? 1), 0),
    sub.currency,
  );
  const { interval, interval_count: count } = item.price.recurring!;
  return count === 1 ? `${each} every ${interval}` : `${each} every ${count} ${interval}s`;
}

function planState(sub: Stripe.Subscription): string {
  const end = sub.items.data[0].current_period_end;
  if (sub.status === 'canceled') return `Cancelled${sub.ended_at ? ` on ${portalDate(sub.ended_at)}` : ''}`;
  if (sub.cancel_at_period_end) return `Cancelled: ends on ${portalDate(end)}, no further payments`;
  if (sub.status === 'past_due') return 'Payment failed: Stripe will retry the card';
  return `Active: next payment on ${portalDate(end)}`;
}

function change(portalId: string, sub: Stripe.Subscription, action: 'cancel' | 'renew', label: string, primary: boolean): Html {
  return html`<form method="post" action="/sandbox/portal/${encodeURIComponent(portalId)}/${action}">
<input type="hidden" name="subscription" value="${sub.id}">
<p><button type="submit"${primary ? '' : html` class="secondary"`}>${label}</button></p>
</form>`;
}

function planCard(portalId: string, r: SubscriptionRecord): Html {
  const { sub } = r;
  const live = sub.status === 'active' || sub.status === 'past_due';
  const paid = r.invoices.filter((e) => e.invoice.status === 'paid');
  const actions = !live
    ? ''
    : sub.cancel_at_period_end
      ? change(portalId, sub, 'renew', 'Renew plan', true)
      : change(portalId, sub, 'cancel', 'Cancel plan', false);
  return html`<section class="card plan" aria-label="${r.session.metadata?.appeal ?? sub.id}">
<h2>${planAmount(sub)}</h2>
<dl>
<dt>For</dt><dd>${r.spec.productNames.join(', ')}</dd>
<dt>Status</dt><dd class="plan-state">${planState(sub)}</dd>
<dt>Payments</dt><dd>${paid.length} made since ${portalDate(sub.start_date)}</dd>
</dl>
${actions}
</section>`;
}

export function portalBody(portal: Stripe.BillingPortal.Session, plans: SubscriptionRecord[], notice: string | null): Html {
  const back = portal.return_url ? html`<p><a href="${portal.return_url}" id="portal-return">Return to the appeal</a></p>` : '';
  return html`<h1>Your monthly gifts</h1>
${notice ? html`<p class="notice" role="status" id="notice">${notice}</p>` : ''}
<p class="hint">This is the Stripe sandbox's customer portal (test mode).</p>
${plans.length ? plans.map((p) => planCard(portal.id, p)) : html`<p>No plans.</p>`}
${back}`;
}
