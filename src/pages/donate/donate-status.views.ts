import type { Appeal } from '../../appeals/appeal.entity';
import { appealClosed } from '../../appeals/appeal-open';
import type { ProgressView } from '../../progress/progress-view';
import { translator } from '../../wording/catalogs';
import { DEFAULT_LANGUAGE, type Language } from '../../wording/languages';
import { Html, html } from '../shared/html';
import { appealHeader } from './donate-form.view';
import { manageWords } from '../../wording/monthly';

/** Posts the checkout session id (what only this donor holds) to open their customer portal. */
function manageForm(m: { action: string; sessionId: string }, lang: Language): Html {
  const w = manageWords(lang);
  return html`<form method="post" action="${m.action}" class="manage-monthly">
<input type="hidden" name="session_id" value="${m.sessionId}">
<input type="hidden" name="lang" value="${lang}">
<button type="submit">${w.button}</button>
<p class="hint">${w.hint}</p>
</form>`;
}

/** "1 January 2099 at 09:00 UTC" in the page's language (English pages keep the British order). */
function dateText(at: Date, lang: Language): string {
  const format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  return `${format.format(at)} UTC`;
}

/** Why a published appeal takes no money, in words for a donor. */
export function closedMessage(
  appeal: Pick<Appeal, 'status' | 'startsAt' | 'endsAt'>,
  now = new Date(),
  lang: Language = DEFAULT_LANGUAGE,
): string {
  const t = translator(lang);
  const closed = appealClosed(appeal, now);
  switch (closed?.why) {
    case 'closed':
      return t('closed.closed');
    case 'not-yet':
      return t('closed.notYet', { date: dateText(closed.at, lang) });
    case 'ended':
      return t('closed.ended', { date: dateText(closed.at, lang) });
    default:
      return t('closed.paused');
  }
}

export function closedPageBody(appeal: Appeal, progress: ProgressView, lang: Language = DEFAULT_LANGUAGE): Html {
  return html`${appealHeader(appeal, progress, false, 'h1', lang)}
<p class="notice warn" role="status" id="closed-notice">${closedMessage(appeal, new Date(), lang)}</p>`;
}

/** What the thanks page says about one checkout session, also served as JSON to its script. */
export interface GiftStatus {
  status: 'pending' | 'succeeded' | 'failed' | 'expired' | 'review' | 'refunded' | 'unknown';
  text: string;
  /** A monthly gift: the page offers to manage or cancel it. */
  monthly?: boolean;
}

export function thanksPageBody(
  appeal: Appeal,
  progress: ProgressView,
  gift: GiftStatus,
  statusUrl: string | null,
  lang: Language = DEFAULT_LANGUAGE,
  manage: { action: string; sessionId: string } | null = null,
): Html {
  const t = translator(lang);
  return html`<article class="card" data-thanks data-status="${gift.status}"${statusUrl ? html` data-status-url="${statusUrl}"` : ''}${gift.monthly ? html` data-monthly` : ''}>
<h1>${t('thanks.heading')}</h1>
<p class="lead" data-status-text role="status" aria-live="polite">${gift.text}</p>
${manage ? manageForm(manage, lang) : ''}
</article>
${appealHeader(appeal, progress, true, 'h2', lang)}
<p><a href="/donate/${appeal.slug}?lang=${lang}">${t('thanks.back')}</a></p>`;
}
