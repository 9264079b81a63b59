import type { Appeal } from '../../appeals/appeal.entity';
import { appealClosed } from '../../appeals/appeal-open';
import type { ProgressView } from '../../progress/progress-view';
import { Html, html } from '../shared/html';
import { appealHeader } from './donate-form.view';
import { MANAGE_MONTHLY, MANAGE_MONTHLY_HINT } from '../../wording/monthly';

/** Posts the checkout session id (what only this donor holds) to open their customer portal. */
function manageForm(m: { action: string; sessionId: string }): Html {
  return html`<form method="post" action="${m.action}" class="manage-monthly">
<input type="hidden" name="session_id" value="${m.sessionId}">
<button type="submit">${MANAGE_MONTHLY}</button>
<p class="hint">${MANAGE_MONTHLY_HINT}</p>
</form>`;
}

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

/** Why a published appeal takes no money, in words for a donor. */
export function closedMessage(appeal: Pick<Appeal, 'status' | 'startsAt' | 'endsAt'>, now = new Date()): string {
  const closed = appealClosed(appeal, now);
  switch (closed?.why) {
    case 'closed':
      return 'This appeal has closed and no longer takes gifts. Thank you to everyone who gave.';
    case 'not-yet':
      return `This appeal opens on ${DATE.format(closed.at)} UTC. Please come back then.`;
    case 'ended':
      return `This appeal ended on ${DATE.format(closed.at)} UTC and no longer takes gifts.`;
    default:
      return 'This appeal is not taking gifts at the moment.';
  }
}

export function closedPageBody(appeal: Appeal, progress: ProgressView): Html {
  return html`${appealHeader(appeal, progress, false)}
<p class="notice warn" role="status" id="closed-notice">${closedMessage(appeal)}</p>`;
}

/** What the thanks page says about one checkout session, also served as JSON to its script. */
export interface GiftStatus {
  status: 'pending' | 'succeeded' | 'failed' | 'expired' | 'review' | 'unknown';
  text: string;
  /** A monthly gift: the page offers to manage or cancel it. */
  monthly?: boolean;
}

export function thanksPageBody(
  appeal: Appeal,
  progress: ProgressView,
  gift: GiftStatus,
  statusUrl: string | null,
  manage: { action: string; sessionId: string } | null = null,
): Html {
  return html`<article class="card" data-thanks data-status="${gift.status}"${statusUrl ? html` data-status-url="${statusUrl}"` : ''}${gift.monthly ? html` data-monthly` : ''}>
<h1>Thank you</h1>
<p class="lead" data-status-text role="status" aria-live="polite">${gift.text}</p>
${manage ? manageForm(manage) : ''}
</article>
${appealHeader(appeal, progress, true, 'h2')}
<p><a href="/donate/${appeal.slug}">Back to the appeal</a></p>`;
}
