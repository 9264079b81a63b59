import type { Supporter, SupportersPage } from '../../donations/supporters';
import { Html, html } from '../shared/html';
import { PAGE_LOCALE } from '../shared/progress-block';
import { NO_SUPPORTERS_YET, SUPPORTERS_HEADING, supporterAmount, supporterName } from '../../wording/supporters';

/** The donate page's list; /assets/live-progress.js redraws it from the stream's `supporters` event. */
export const DONATE_PAGE_SUPPORTERS = 20;

function item(s: Supporter): Html {
  const amount = supporterAmount(s, PAGE_LOCALE);
  return html`<li class="aw-supporter"><span class="aw-supporter-name">${supporterName(s, PAGE_LOCALE)}</span>${amount ? html`<span class="aw-supporter-amount">${amount}</span>` : ''}${s.message ? html`<q class="aw-supporter-message">${s.message}</q>` : ''}</li>`;
}

export function supportersSection(slug: string, page: SupportersPage): Html {
  const items = page.supporters.slice(0, DONATE_PAGE_SUPPORTERS).map(item);
  return html`<section class="card aw" aria-labelledby="supporters-heading">
<h2 id="supporters-heading">${SUPPORTERS_HEADING}</h2>
<ul class="aw-supporters" data-supporters data-slug="${slug}" data-locale="${PAGE_LOCALE}" data-max="${DONATE_PAGE_SUPPORTERS}" aria-live="polite">${items.length ? items : html`<li class="aw-supporters-empty">${NO_SUPPORTERS_YET}</li>`}</ul>
</section>`;
}
