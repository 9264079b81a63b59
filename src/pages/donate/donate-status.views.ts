import type { Appeal } from '../../appeals/appeal.entity';
import type { ProgressView } from '../../progress/progress-view';
import { Html, html } from '../shared/html';
import { appealHeader } from './donate-form.view';

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

/** Why a published appeal takes no money, in words for a donor. */
export function closedMessage(appeal: Pick<Appeal, 'status' | 'startsAt' | 'endsAt'>, now = new Date()): string {
  if (appeal.status === 'closed') return 'This appeal has closed and no longer takes gifts. Thank you to everyone who gave.';
  if (appeal.startsAt && now < appeal.startsAt) return `This appeal opens on ${DATE.format(appeal.startsAt)} UTC. Please come back then.`;
  if (appeal.endsAt && now >= appeal.endsAt) return `This appeal ended on ${DATE.format(appeal.endsAt)} UTC and no longer takes gifts.`;
  return 'This appeal is not taking gifts at the moment.';
}

export function closedPageBody(appeal: Appeal, progress: ProgressView): Html {
  return html`${appealHeader(appeal, progress, false)}
<p class="notice warn" role="status" id="closed-notice">${closedMessage(appeal)}</p>`;
}

/** What the thanks page says about one checkout session, also served as JSON to its script. */
export interface GiftStatus {
  status: 'pending' | 'succeeded' | 'failed' | 'expired' | 'review' | 'unknown';
  text: string;
}

export function thanksPageBody(appeal: Appeal, progress: ProgressView, gift: GiftStatus, statusUrl: string | null): Html {
  return html`<article class="card" data-thanks data-status="${gift.status}"${statusUrl ? html` data-status-url="${statusUrl}"` : ''}>
<h1>Thank you</h1>
<p class="lead" data-status-text role="status" aria-live="polite">${gift.text}</p>
</article>
${appealHeader(appeal, progress, true, 'h2')}
<p><a href="/donate/${appeal.slug}">Back to the appeal</a></p>`;
}
