import { formatMoney } from '../../../money';
import { Html, html } from '../../shared/html';
import type { PaymentsHealth } from '../../../payments/health/payments-health.service';

const WHEN = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

/** "3 minutes ago"; the absolute UTC time sits beside it. */
export function ago(d: Date, now = new Date()): string {
  const s = Math.max(0, Math.round((now.getTime() - d.getTime()) / 1000));
  if (s < 60) return 'just now';
  const [n, unit] = s < 3600 ? [Math.floor(s / 60), 'minute'] : s < 86400 ? [Math.floor(s / 3600), 'hour'] : [Math.floor(s / 86400), 'day'];
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

const at = (d: Date) => html`<time datetime="${d.toISOString()}">${WHEN.format(d)} UTC</time> (${ago(d)})`;

const MODE: Record<PaymentsHealth['mode'], Html> = {
  sandbox: html`<span class="badge review">Sandbox</span> test mode, offline: no real money moves`,
  test: html`<span class="badge review">Test</span> Stripe test keys: no real money moves`,
  live: html`<span class="badge succeeded">Live</span> real payments`,
};

function redelivery(h: PaymentsHealth['awaitingRedelivery']): Html {
  if (!h.count) return html`None: every event Stripe sent has been applied.`;
  const items = h.recent.map(
    (f) =>
      html`<li><code>${f.eventId}</code> ${f.type}: answered ${f.status}${f.status === 503 ? ' (retry later)' : ' (failed)'}, ${f.attempts} attempt${f.attempts === 1 ? '' : 's'}, last ${at(f.lastFailedAt)}</li>`,
  );
  return html`<strong>${h.count}</strong> event${h.count === 1 ? '' : 's'} answered with an error and not applied yet; Stripe redelivers them, and reconciliation catches any it gives up on.<ul>${items}</ul>`;
}

function reconcile(r: PaymentsHealth['lastReconcile']): Html {
  if (!r) return html`Not run yet (it runs on RECONCILE_CRON, or <code>npm run reconcile</code>).`;
  const types = r.appliedByType.map((t) => html`<li>${t.type}: ${t.count}</li>`);
  return html`${r.finishedAt ? html`Finished ${at(r.finishedAt)}` : html`Started ${at(r.startedAt)}, still running`}:
found ${r.eventsFound} event${r.eventsFound === 1 ? '' : 's'}, applied ${r.eventsApplied}; re-checked ${r.pendingChecked} old pending payment${r.pendingChecked === 1 ? '' : 's'}, resolved ${r.pendingResolved}.
${types.length ? html`<ul>${types}</ul>` : ''}${r.error ? html`<br><span class="error">Failed: ${r.error}</span>` : ''}`;
}

/** What the held-payment forms need: the session's CSRF field, the appeals to assign to, and a refusal to show. */
export interface ReviewActions {
  csrf: Html;
  appeals: Array<{ slug: string; title: string; currency: string }>;
  error?: { id: string; messages: string[] } | null;
}

type Held = PaymentsHealth['review']['recent'][number];

/** Assign to an appeal (amount in its currency when the payment's differs) or refund through Stripe. */
function heldForms(d: Held, a: ReviewActions): Html {
  const err = a.error?.id === d.id ? a.error.messages : [];
  const options = a.appeals.map(
    (x) => html`<option value="${x.slug}"${x.slug === d.appealSlug ? ' selected' : ''}>${x.title} (${x.currency.toUpperCase()})</option>`,
  );
  return html`${err.length ? html`<p class="error" role="alert" id="held-error-${d.id}">${err.join(' ')}</p>` : ''}
<form method="post" action="/organiser/review/${d.id}" class="held-action" data-held-assign="${d.id}">${a.csrf}
<input type="hidden" name="action" value="assign">
<label for="held-appeal-${d.id}">Count in</label> <select id="held-appeal-${d.id}" name="appeal">${options}</select>
<label for="held-amount-${d.id}">Amount in the appeal's currency</label> <input id="held-amount-${d.id}" name="amount" inputmode="decimal" autocomplete="off" size="10" aria-describedby="held-amount-hint-${d.id}">
<span class="muted" id="held-amount-hint-${d.id}">only when the payment's currency (${d.currency.toUpperCase()}) differs</span>
<button type="submit">Assign</button>
</form>
<form method="post" action="/organiser/review/${d.id}" class="held-action" data-held-refund="${d.id}">${a.csrf}
<input type="hidden" name="action" value="refund">
<button type="submit">Refund ${formatMoney(d.amount, d.currency, 'en-US')} through Stripe</button>
</form>`;
}

function review(r: PaymentsHealth['review'], actions?: ReviewActions): Html {
  if (!r.count) return html`None.`;
  const items = r.recent.map(
    (d) =>
      html`<li data-held="${d.id}">${formatMoney(d.amount, d.currency, 'en-US')} for ${d.appealSlug ?? 'an unknown appeal'}: ${d.reason ?? 'no reason recorded'} (${at(d.createdAt)})${actions ? heldForms(d, actions) : ''}</li>`,
  );
  return html`<strong>${r.count}</strong> payment${r.count === 1 ? '' : 's'} received but not counted until someone looks at ${r.count === 1 ? 'it' : 'them'}:<ul>${items}</ul>`;
}

function apiVersion(v: PaymentsHealth['apiVersion']): Html {
  const pinned = html`Pinned to <code>${v.pinned}</code>.`;
  if (!v.lastOther) return html`${pinned} Every event received so far was in this version.`;
  const o = v.lastOther;
  return html`${pinned} <span class="error">Last event in another version: <code>${o.version}</code> (<code>${o.eventId}</code>, received ${at(o.receivedAt)}).</span>
Set the webhook endpoint's API version to ${v.pinned} in the Stripe dashboard.`;
}

export function healthPanel(h: PaymentsHealth, actions?: ReviewActions): Html {
  const w = h.lastWebhook;
  return html`<section class="card" id="payments-health" aria-labelledby="payments-health-heading">
<h2 id="payments-health-heading">Payments health</h2>
<dl class="facts">
<dt>Mode</dt><dd data-health="mode">${MODE[h.mode]}</dd>
<dt>Last webhook</dt><dd data-health="last-webhook">${w ? html`<code>${w.type}</code> received ${at(w.receivedAt)}, ${w.outcome}` : 'None received yet.'}</dd>
<dt>Failed or awaiting redelivery</dt><dd data-health="redelivery">${redelivery(h.awaitingRedelivery)}</dd>
<dt>Last reconciliation</dt><dd data-health="reconcile">${reconcile(h.lastReconcile)}</dd>
<dt>Stripe API version</dt><dd data-health="api-version">${apiVersion(h.apiVersion)}</dd>
<dt>Held for review</dt><dd data-health="review">${review(h.review, actions)}</dd>
</dl>
</section>`;
}
