import type { PlansSummary, PlanView } from '../../../donations/plans.service';
import { formatMoney } from '../../../money';
import { Html, html } from '../../shared/html';

const DAY = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const money = (minor: number, currency: string) => formatMoney(minor, currency, 'en-US');

const STATE_WORDS: Record<string, string> = {
  active: 'active',
  past_due: 'past due (Stripe is retrying)',
  cancelled: 'cancelled',
  pending: 'not started',
};

function donor(p: PlanView): Html {
  const name = p.donorName ?? (p.donorEmail ? '' : 'No name given');
  return html`${name}${p.donorEmail ? html`<br><a href="mailto:${p.donorEmail}">${p.donorEmail}</a>` : ''}${p.anonymous ? html`<br><span class="badge">anonymous in public</span>` : ''}`;
}

function every(p: PlanView): string {
  if (p.interval === 'month' && p.intervalCount === 1) return 'a month';
  return `every ${p.intervalCount === 1 ? p.interval : `${p.intervalCount} ${p.interval}s`}`;
}

function given(p: PlanView): Html {
  const late = p.afterEndPayments
    ? html`<br><span class="muted">plus ${money(p.afterEndGiven, p.currency)} in ${p.afterEndPayments} after the appeal ended (not counted)</span>`
    : '';
  return html`${money(p.given, p.currency)}${late}`;
}

function row(p: PlanView): Html {
  const started = p.startedAt ? DAY.format(new Date(p.startedAt)) : '';
  const end = p.cancelledAt ? html`<br><span class="muted">cancelled ${DAY.format(new Date(p.cancelledAt))}</span>` : '';
  const next = p.nextPaymentAt ? html`<br><span class="muted">next payment ${DAY.format(new Date(p.nextPaymentAt))}</span>` : '';
  return html`<tr data-plan="${p.id}" data-state="${p.state}">
<td>${donor(p)}</td>
<td>${money(p.amount, p.currency)} ${every(p)}</td>
<td>${started}</td>
<td><span class="badge ${p.state}">${STATE_WORDS[p.state] ?? p.state}</span>${end}${next}</td>
<td>${p.payments}</td>
<td>${given(p)}</td>
</tr>`;
}

/** The appeal's monthly gifts: what they bring each month, how many stopped, and each plan. */
export function plansSection(s: PlansSummary): Html {
  const churn = s.started
    ? html`${s.cancelled} of ${s.started} monthly gifts started have been cancelled (churn ${s.churnPercent}%).`
    : html`No monthly gift has started yet.`;
  const pastDue = s.pastDue ? html` ${s.pastDue} past due.` : '';
  const table = s.plans.length
    ? html`<div class="table-wrap"><table class="plans">
<caption class="visually-hidden">Monthly gifts</caption>
<thead><tr><th scope="col">Donor</th><th scope="col">Amount</th><th scope="col">Started</th><th scope="col">State</th><th scope="col">Payments made</th><th scope="col">Total given</th></tr></thead>
<tbody>
${s.plans.map(row)}
</tbody>
</table></div>`
    : '';
  return html`<p data-monthly-summary><strong>${s.monthlyDonors} ${s.monthlyDonors === 1 ? 'donor gives' : 'donors give'} ${money(s.monthlyAmount, s.currency)} a month.</strong> ${churn}${pastDue}</p>
<p class="hint">Each monthly payment counts as a gift when it is paid; payments after the appeal's end are recorded but not counted. Plans in another currency than the appeal's are listed but not in the monthly amount.</p>
${table}`;
}
