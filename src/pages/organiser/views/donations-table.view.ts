import type { DonationView } from '../../../donations/donation-view';
import { formatMoney } from '../../../money';
import { Html, html } from '../../shared/html';
import type { OrganiserSession } from '../../../auth/session/organiser-session.entity';
import { HIDE_FROM_WALL, SHOW_ON_WALL, wallState } from '../../../wording/supporters';
import { csrfField } from './chrome.view';

const WHEN = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const money = (minor: number, currency: string) => formatMoney(minor, currency, 'en-US');

const REFUND_WORDS: Record<string, string> = {
  requires_action: 'Refund awaiting action',
  pending: 'Refund pending',
  succeeded: 'Refunded',
  failed: 'Refund failed (money kept)',
  canceled: 'Refund canceled (money kept)',
};

const DISPUTE_WORDS: Record<string, string> = {
  warning_needs_response: 'Inquiry: needs response',
  warning_under_review: 'Inquiry: under review',
  warning_closed: 'Inquiry closed (no chargeback)',
  needs_response: 'Disputed: needs response',
  under_review: 'Disputed: under review',
  won: 'Dispute won',
  lost: 'Dispute lost',
};

function when(d: DonationView): string {
  return `${WHEN.format(new Date(d.receivedAt ?? d.succeededAt ?? d.createdAt))} UTC`;
}

function donor(d: DonationView): Html {
  const name = d.donorName ?? (d.donorEmail ? '' : 'No name given');
  return html`${name}${d.donorEmail ? html`<br><a href="mailto:${d.donorEmail}">${d.donorEmail}</a>` : ''}${d.anonymous ? html`<br><span class="badge">anonymous in public</span>` : ''}`;
}

function amount(d: DonationView): Html {
  const original =
    d.originalAmount !== null && d.originalCurrency
      ? html`<br><span class="muted">given as ${money(d.originalAmount, d.originalCurrency)}</span>`
      : '';
  const net = d.net !== d.amount ? html`<br><span class="muted">net ${money(d.net, d.currency)}</span>` : '';
  return html`${money(d.amount, d.currency)}${original}${net}`;
}

/** Each refund's status and each dispute's state and outcome, as the organiser needs to see them. */
function lifecycle(d: DonationView): Html[] {
  const refunds = d.refunds.map(
    (r) =>
      html`<span class="adjustment${r.counts ? '' : ' reinstated'}" data-refund="${r.status}">${REFUND_WORDS[r.status] ?? r.status} ${money(r.amount, r.currency)} on ${WHEN.format(new Date(r.updatedAt))}</span>`,
  );
  const disputes = d.disputes.map((x) => {
    const held = x.withdrawn ? html`, ${money(x.withdrawn, x.currency)} withdrawn` : '';
    const reason = x.reason ? html` (${x.reason.replace(/_/g, ' ')})` : '';
    return html`<span class="adjustment${x.withdrawn ? '' : ' reinstated'}" data-dispute="${x.status}">${DISPUTE_WORDS[x.status] ?? x.status}${reason} ${money(x.amount, x.currency)}${held}</span>`;
  });
  return [...refunds, ...disputes];
}

/** A refusal to show beside one row's void form. */
export interface VoidError {
  id: string;
  messages: string[];
}

function voided(d: DonationView): Html {
  const v = d.void;
  if (!v) return html``;
  return html`<span class="adjustment" data-void>Voided ${money(v.amount, v.currency)} by ${v.by} on ${WHEN.format(new Date(v.at))} UTC: ${v.reason}</span>`;
}

function resolved(d: DonationView): Html {
  const r = d.resolution;
  if (!r) return html``;
  const what =
    r.action === 'assign' ? `Assigned here at ${money(r.amount ?? 0, r.currency ?? d.currency)}` : `Refunded (${r.stripeRefundId})`;
  return html`<span class="muted" data-resolution="${r.action}">${what} by ${r.by} on ${WHEN.format(new Date(r.at))} UTC</span>`;
}

/** A counted offline gift can be voided, with a reason; the void is appended, the row stays. */
function voidForm(slug: string, d: DonationView, session?: OrganiserSession, voidError?: VoidError | null): Html {
  if (!session) return html``;
  const err = voidError?.id === d.id ? voidError.messages : [];
  const errId = `void-error-${d.id}`;
  const shown = err.length ? html`<p class="error" id="${errId}" role="alert">${err.join(' ')}</p>` : '';
  // A refusal for a gift that offers no void (a Stripe gift posted anyway) still shows beside it.
  if (d.source !== 'offline' || d.status !== 'succeeded') return html`${shown}`;
  return html`<details class="void"${err.length ? ' open' : ''}><summary>Void this gift…</summary>
<form method="post" action="/organiser/appeals/${slug}/donations/${d.id}/void">${csrfField(session)}
${shown}
<label for="void-reason-${d.id}">Reason (kept with the void)</label>
<input id="void-reason-${d.id}" name="reason" required maxlength="500" autocomplete="off"${err.length ? html` aria-invalid="true" aria-describedby="${errId}"` : ''}>
<button type="submit">Void gift</button>
</form></details>`;
}

function status(d: DonationView): Html {
  const monthly = d.planId ? html`<br><span class="muted">monthly gift payment</span>` : '';
  if (d.status === 'after_end')
    return html`<span class="badge after_end">after end</span><br><span class="muted">paid after the appeal ended: recorded, not counted</span>${monthly}${lifecycle(d)}`;
  return html`<span class="badge ${d.status}">${d.status}</span>${monthly}${d.reviewReason ? html`<br><span class="muted">${d.reviewReason}</span>` : ''}${lifecycle(d)}${voided(d)}${resolved(d)}`;
}

function source(d: DonationView): Html {
  if (d.source === 'offline')
    return html`Offline${d.reference ? html`<br><span class="muted">ref ${d.reference}</span>` : ''}${d.recordedBy ? html`<br><span class="muted">by ${d.recordedBy}</span>` : ''}`;
  return html`Card${d.stripePaymentIntentId ? html`<br><span class="muted">${d.stripePaymentIntentId}</span>` : ''}`;
}

/**
 * What the supporters wall shows of the gift, and the button that hides (or shows again) its
 * name and message: a plain form with the session's CSRF token, like every dashboard action.
 */
function wall(slug: string, d: DonationView, session?: OrganiserSession): Html {
  const state = html`<br><span class="muted" data-wall="${d.public ? 'public' : d.hidden ? 'hidden' : 'anonymous'}">${wallState(d)}</span>`;
  if (!session || d.status !== 'succeeded') return state;
  // A Stripe gift whose donor did not choose the wall has nothing to hide or show.
  const canShow = d.hidden || (d.source === 'offline' && !d.anonymous);
  if (!d.public && !canShow) return state;
  return html`${state}<form method="post" class="inline" action="/organiser/appeals/${slug}/donations/${d.id}/public">${csrfField(session)}<input type="hidden" name="public" value="${d.public ? 'false' : 'true'}"><button type="submit" class="secondary small">${d.public ? HIDE_FROM_WALL : SHOW_ON_WALL}</button></form>`;
}

function row(slug: string, d: DonationView, session?: OrganiserSession, voidError?: VoidError | null): Html {
  const words = [d.message, d.note].filter(Boolean).join(' · ');
  return html`<tr data-donation="${d.id}"><td>${when(d)}</td><td>${donor(d)}</td><td class="num">${amount(d)}</td><td>${status(d)}${voidForm(slug, d, session, voidError)}</td><td>${source(d)}</td><td>${words}${wall(slug, d, session)}</td></tr>`;
}

/** Newest first, one keyset page; donor details appear only here, behind the organiser session. */
export function donationsTable(
  slug: string,
  data: DonationView[],
  nextCursor: string | null,
  paged: boolean,
  session?: OrganiserSession,
  voidError?: VoidError | null,
): Html {
  const pager = html`<nav class="pager" aria-label="Donation pages">${paged ? html`<a href="/organiser/appeals/${slug}#donations">Newest donations</a>` : ''}${nextCursor ? html`<a href="/organiser/appeals/${slug}?cursor=${encodeURIComponent(nextCursor)}#donations" rel="next">Older donations</a>` : ''}</nav>`;
  if (!data.length) return html`<p class="muted">${paged ? 'No older donations.' : 'No donations yet.'}</p>${pager}`;
  return html`<div class="table-wrap"><table id="donations-table">
<caption class="visually-hidden">Donations, newest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">Donor</th><th scope="col" class="num">Amount</th><th scope="col">Status</th><th scope="col">Source</th><th scope="col">Message / note</th></tr></thead>
<tbody>${data.map((d) => row(slug, d, session, voidError))}</tbody>
</table></div>${pager}`;
}
