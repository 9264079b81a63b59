import type Stripe from 'stripe';
import type { PaymentRecord, SubscriptionRecord } from '../../payments/stripe/sandbox';
import { formatMinorAmount } from '../../payments/stripe/sandbox';
import { csrfField } from '../organiser/views/chrome.view';
import type { OrganiserSession } from '../../auth/session/organiser-session.entity';
import { Html, html } from '../shared/html';
import { planAmount, portalDate } from './sandbox-portal.view';

// The organiser's side of the sandbox: what Stripe's Dashboard, the donor's bank and the card
// network would do to a payment, one button per step, each sending the events Stripe would.

const money = (amount: number, currency: string) => formatMinorAmount(amount, currency);

function sessionRow(r: PaymentRecord): Html {
  const s = r.session;
  return html`<tr><th scope="row"><a href="/organiser/sandbox/sessions/${s.id}"><code>${s.id.slice(0, 24)}…</code></a></th>
<td>${s.metadata?.appeal ?? ''}</td><td>${money(s.amount_total ?? 0, s.currency ?? 'usd')}${s.mode === 'subscription' ? ' monthly' : ''}</td>
<td>${s.status} / ${s.payment_status}</td><td>${r.payment?.charge.status ?? ''}</td></tr>`;
}

/** Sessions listed on /organiser/sandbox, newest first; older ones open by id. */
export const SANDBOX_LIST_MAX = 100;

/** The test clock card: its time, and buttons that move it (and every Checkout subscription) on by months. */
export function clockCard(s: OrganiserSession, clock: Stripe.TestHelpers.TestClock | null): Html {
  const time = clock
    ? html`Sandbox time: <strong id="clock-time">${portalDate(clock.frozen_time)}</strong> (<code>${clock.id}</code>).`
    : html`The clock starts at today's date with the first subscription.`;
  return html`<section class="card" aria-labelledby="clock-h" id="sandbox-clock"><h2 id="clock-h">Test clock</h2>
<p>${time} Subscriptions renew when it passes the end of their period.</p>
<div class="actions">
<form method="post" action="/organiser/sandbox/clock/advance">${csrfField(s)}<input type="hidden" name="months" value="1"><button type="submit">Advance one month</button></form>
<form method="post" action="/organiser/sandbox/clock/advance">${csrfField(s)}
<label for="advance-months">Months</label>
<input id="advance-months" name="months" inputmode="numeric" pattern="[0-9]*" value="12" size="3">
<button type="submit" class="secondary">Advance months</button></form>
</div></section>`;
}

export function sandboxListBody(
  records: PaymentRecord[],
  total = records.length,
  clock: Html = html``,
  notice: string | null = null,
): Html {
  const more =
    total > records.length
      ? html`<p class="hint">Showing the newest ${records.length} of ${total} sessions; open an older one at /organiser/sandbox/sessions/&lt;id&gt;.</p>`
      : '';
  const table = records.length
    ? html`<div class="table-wrap"><table id="sandbox-sessions"><caption class="visually-hidden">Sandbox checkout sessions</caption>
<thead><tr><th scope="col">Session</th><th scope="col">Appeal</th><th scope="col">Amount</th><th scope="col">Status</th><th scope="col">Charge</th></tr></thead>
<tbody>${records.map(sessionRow)}</tbody></table></div>`
    : html`<p>No checkout sessions yet. Give on a donate page first.</p>`;
  return html`<h1>Stripe sandbox</h1>
${notice ? html`<p class="notice" role="status" id="notice">${notice}</p>` : ''}
<p class="hint">Refund, fail a refund, dispute, win or lose a dispute, expire a session, fail or cancel a monthly gift, or move the test clock on: the sandbox sends the same signed webhooks Stripe would.</p>
${clock}
<section class="card" aria-label="Checkout sessions">${more}${table}</section>`;
}

function action(s: OrganiserSession, id: string, name: string, label: string, fields: Html = html``, secondary = true): Html {
  return html`<form method="post" action="/organiser/sandbox/sessions/${id}/${name}">${csrfField(s)}${fields}<button type="submit"${secondary ? html` class="secondary"` : ''}>${label}</button></form>`;
}

const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;

function refundRow(s: OrganiserSession, id: string, r: Stripe.Refund): Html {
  const open = r.status === 'succeeded' || r.status === 'pending';
  return html`<tr><th scope="row"><code>${r.id}</code></th><td>${money(r.amount, r.currency)}</td><td>${r.status}</td>
<td class="actions">${open ? action(s, id, 'fail_refund', 'Fail refund', hidden('refund', r.id)) : ''}
${r.status === 'pending' ? action(s, id, 'cancel_refund', 'Cancel refund', hidden('refund', r.id)) : ''}</td></tr>`;
}

function disputeActions(s: OrganiserSession, id: string, d: Stripe.Dispute | undefined): Html {
  const stage = (value: string, label: string) => action(s, id, 'dispute', label, hidden('stage', value));
  if (!d) return html`${stage('open', 'Open dispute (funds withdrawn)')}${stage('inquiry', 'Open inquiry')}`;
  const evidence =
    d.status === 'needs_response' || d.status === 'warning_needs_response' ? stage('submit_evidence', 'Submit evidence') : '';
  if (d.status === 'needs_response' || d.status === 'under_review')
    return html`${evidence}${stage('won', 'Win dispute')}${stage('lost', 'Lose dispute')}`;
  if (d.status === 'warning_needs_response' || d.status === 'warning_under_review')
    return html`${evidence}${stage('close_inquiry', 'Close inquiry')}`;
  return html``;
}

function paymentSection(s: OrganiserSession, r: PaymentRecord): Html {
  const { intent, charge } = r.payment!;
  const id = r.session.id;
  const left = charge.amount - charge.amount_refunded;
  const settle =
    intent.status === 'processing'
      ? html`<div class="actions">${action(s, id, 'settle', 'Bank debit succeeds', hidden('outcome', 'succeeded'), false)}${action(s, id, 'settle', 'Bank debit fails', hidden('outcome', 'failed'))}</div>`
      : '';
  // A chargeback has already taken the money back: Stripe refuses refunds on such a charge.
  const refundable = charge.status === 'succeeded' && left > 0 && (r.dispute?.is_charge_refundable ?? true);
  const refund = refundable
    ? action(
        s,
        id,
        'refund',
        'Refund',
        html`
<label for="refund-amount">Amount in minor units (empty: all ${money(left, charge.currency)} left)</label>
<input id="refund-amount" name="amount" inputmode="numeric" pattern="[0-9]*">
<label><input type="checkbox" name="pending" value="true"> Pending (can still be cancelled or fail)</label>`,
        false,
      )
    : '';
  const d = r.dispute;
  return html`<section class="card" aria-labelledby="payment-h"><h2 id="payment-h">Payment</h2>
<dl><dt>PaymentIntent</dt><dd><code>${intent.id}</code> ${intent.status}</dd>
<dt>Charge</dt><dd><code>${charge.id}</code> ${charge.status}, ${money(charge.amount_refunded, charge.currency)} refunded</dd>
<dt>Dispute</dt><dd>${d ? html`<code>${d.id}</code> ${d.status}` : 'none'}</dd></dl>
${settle}${refund}
${
  r.refunds.length
    ? html`<div class="table-wrap"><table id="sandbox-refunds"><caption>Refunds</caption>
<thead><tr><th scope="col">Refund</th><th scope="col">Amount</th><th scope="col">Status</th><th scope="col">Actions</th></tr></thead>
<tbody>${r.refunds.map((x) => refundRow(s, id, x))}</tbody></table></div>`
    : ''
}
${charge.status === 'succeeded' ? html`<div class="actions">${disputeActions(s, id, d)}</div>` : ''}
</section>`;
}

/** One invoice of a subscription, with its payment's refund and dispute buttons (addressed by PaymentIntent id). */
function invoiceRow(s: OrganiserSession, e: SubscriptionRecord['invoices'][number]): Html {
  const { invoice } = e;
  const { intent, charge } = e.record.payment!;
  const left = charge.amount - charge.amount_refunded;
  const settled = charge.status === 'succeeded';
  const refund = settled && left > 0 && (e.record.dispute?.is_charge_refundable ?? true) ? action(s, intent.id, 'refund', 'Refund') : '';
  const dispute = settled && !e.record.dispute && left > 0 ? action(s, intent.id, 'dispute', 'Dispute', hidden('stage', 'open')) : '';
  return html`<tr><th scope="row"><code>${invoice.number ?? invoice.id}</code></th><td>${portalDate(invoice.period_end)}</td>
<td>${invoice.billing_reason === 'subscription_create' ? 'first' : 'renewal'}</td><td>${money(invoice.amount_due, invoice.currency)}</td>
<td>${invoice.status}${invoice.attempt_count > 1 ? ` (${invoice.attempt_count} attempts)` : ''}</td>
<td><code>${intent.id.slice(0, 14)}…</code> ${charge.status}${charge.amount_refunded ? html`, ${money(charge.amount_refunded, charge.currency)} refunded` : ''}${e.record.dispute ? html`, dispute ${e.record.dispute.status}` : ''}</td>
<td class="actions">${refund}${dispute}</td></tr>`;
}

function subscriptionSection(s: OrganiserSession, plan: SubscriptionRecord): Html {
  const { sub } = plan;
  const id = plan.session.id;
  const live = sub.status === 'active' || sub.status === 'past_due';
  const period = sub.items.data[0];
  const controls = live
    ? html`<div class="actions">
${action(s, id, 'fail_renewal', 'Fail next renewal', hidden('attempts', 'next'))}
${action(s, id, 'fail_renewal', 'Fail every retry (Stripe cancels)', hidden('attempts', 'all'))}
${sub.status === 'past_due' ? action(s, id, 'retry_renewal', 'Retry payment now', html``, false) : ''}
${sub.cancel_at_period_end ? '' : action(s, id, 'cancel_subscription', 'Cancel at period end', hidden('at_period_end', 'true'))}
${action(s, id, 'cancel_subscription', 'Cancel now')}
</div>`
    : '';
  return html`<section class="card" aria-labelledby="sub-h" id="sandbox-subscription"><h2 id="sub-h">Subscription <code>${sub.id}</code></h2>
<dl><dt>Plan</dt><dd>${planAmount(sub)}</dd>
<dt>Status</dt><dd id="sub-status">${sub.status}${sub.cancel_at_period_end ? ' (cancels at period end)' : ''}${plan.failing ? html`, next ${plan.failing === 'all' ? 'attempts fail' : 'attempt fails'}` : ''}</dd>
<dt>Current period</dt><dd>${portalDate(period.current_period_start)} to ${portalDate(period.current_period_end)}</dd>
<dt>Customer</dt><dd><code>${plan.customer.id}</code> ${plan.customer.email ?? ''}</dd></dl>
${controls}
<div class="table-wrap"><table id="sandbox-invoices"><caption>Invoices</caption>
<thead><tr><th scope="col">Invoice</th><th scope="col">Date</th><th scope="col">Kind</th><th scope="col">Amount</th><th scope="col">Status</th><th scope="col">Payment</th><th scope="col">Actions</th></tr></thead>
<tbody>${[...plan.invoices].reverse().map((e) => invoiceRow(s, e))}</tbody></table></div>
</section>`;
}

export function sandboxSessionBody(
  s: OrganiserSession,
  r: PaymentRecord,
  notice: string | null,
  plan: SubscriptionRecord | null = null,
): Html {
  const session = r.session;
  return html`<h1>Sandbox session</h1>
${notice ? html`<p class="notice" role="status" id="notice">${notice}</p>` : ''}
<section class="card" aria-labelledby="session-h"><h2 id="session-h" title="${session.id}">Checkout session <code>${session.id.slice(0, 20)}…</code></h2>
<dl><dt>Appeal</dt><dd>${session.metadata?.appeal ?? ''}</dd>
<dt>Amount</dt><dd>${money(session.amount_total ?? 0, session.currency ?? 'usd')}</dd>
<dt>Status</dt><dd>${session.status} / ${session.payment_status}</dd></dl>
${session.status === 'open' ? action(s, session.id, 'expire', 'Expire session') : ''}
</section>
${plan ? subscriptionSection(s, plan) : r.payment ? paymentSection(s, r) : ''}
<p><a href="/organiser/sandbox">All sandbox sessions</a> (and the test clock)</p>`;
}
