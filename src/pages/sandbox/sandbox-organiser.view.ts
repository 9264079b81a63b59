import type Stripe from 'stripe';
import type { PaymentRecord } from '../../payments/stripe/sandbox';
import { formatMinorAmount } from '../../payments/stripe/sandbox';
import { csrfField } from '../organiser/views/chrome.view';
import type { OrganiserSession } from '../../auth/session/organiser-session.entity';
import { Html, html } from '../shared/html';

// The organiser's side of the sandbox: what Stripe's Dashboard, the donor's bank and the card
// network would do to a payment, one button per step, each sending the events Stripe would.

const money = (amount: number, currency: string) => formatMinorAmount(amount, currency);

function sessionRow(r: PaymentRecord): Html {
  const s = r.session;
  return html`<tr><th scope="row"><a href="/organiser/sandbox/sessions/${s.id}"><code>${s.id.slice(0, 24)}…</code></a></th>
<td>${s.metadata?.appeal ?? ''}</td><td>${money(s.amount_total ?? 0, s.currency ?? 'usd')}</td>
<td>${s.status} / ${s.payment_status}</td><td>${r.payment?.charge.status ?? ''}</td></tr>`;
}

/** Sessions listed on /organiser/sandbox, newest first; older ones open by id. */
export const SANDBOX_LIST_MAX = 100;

export function sandboxListBody(records: PaymentRecord[], total = records.length): Html {
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
<p class="hint">Refund, fail a refund, dispute, win or lose a dispute, or expire a session: the sandbox sends the same signed webhooks Stripe would.</p>
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

export function sandboxSessionBody(s: OrganiserSession, r: PaymentRecord, notice: string | null): Html {
  const session = r.session;
  return html`<h1>Sandbox session</h1>
${notice ? html`<p class="notice" role="status" id="notice">${notice}</p>` : ''}
<section class="card" aria-labelledby="session-h"><h2 id="session-h" title="${session.id}">Checkout session <code>${session.id.slice(0, 20)}…</code></h2>
<dl><dt>Appeal</dt><dd>${session.metadata?.appeal ?? ''}</dd>
<dt>Amount</dt><dd>${money(session.amount_total ?? 0, session.currency ?? 'usd')}</dd>
<dt>Status</dt><dd>${session.status} / ${session.payment_status}</dd></dl>
${session.status === 'open' ? action(s, session.id, 'expire', 'Expire session') : ''}
</section>
${r.payment ? paymentSection(s, r) : ''}
<p><a href="/organiser/sandbox">All sandbox sessions</a></p>`;
}
