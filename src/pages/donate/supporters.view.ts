import type { Supporter, SupportersPage } from '../../donations/supporters';
import { Html, html } from '../shared/html';
import { DEFAULT_LANGUAGE, type Language, languageLocale } from '../../wording/languages';
import { supporterAmount, supporterName, supportersMessage } from '../../wording/supporters';

/** The donate page's list; /assets/live-progress.js redraws it from the stream's `supporters` event. */
export const DONATE_PAGE_SUPPORTERS = 20;

function item(s: Supporter, lang: Language): Html {
  const locale = languageLocale(lang);
  const amount = supporterAmount(s, locale);
  return html`<li class="aw-supporter"><span class="aw-supporter-name">${supporterName(s, locale, lang)}</span>${amount ? html`<span class="aw-supporter-amount">${amount}</span>` : ''}${s.message ? html`<q class="aw-supporter-message">${s.message}</q>` : ''}</li>`;
}

export function supportersSection(slug: string, page: SupportersPage, lang: Language = DEFAULT_LANGUAGE): Html {
  const items = page.supporters.slice(0, DONATE_PAGE_SUPPORTERS).map((s) => item(s, lang));
  return html`<section class="card aw" aria-labelledby="supporters-heading">
<h2 id="supporters-heading">${supportersMessage(lang, 'heading')}</h2>
<ul class="aw-supporters" data-supporters data-slug="${slug}" data-locale="${languageLocale(lang)}" data-max="${DONATE_PAGE_SUPPORTERS}" aria-live="polite">${items.length ? items : html`<li class="aw-supporters-empty">${supportersMessage(lang, 'none')}</li>`}</ul>
</section>`;
}
