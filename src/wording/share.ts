import { translator } from './catalogs';
import { DEFAULT_LANGUAGE, type Language } from './languages';
import { widgetText, WidgetView } from './widget-text';

/**
 * The words of sharing an appeal: the Open Graph description, the share card's alt text, and the
 * share buttons on the thanks and donate pages, in the page's language (catalog section "share").
 * The share script (src/browser/pages/share.ts) reads its two status words from the block's
 * data attributes, so it bundles no catalog.
 */

/** Network names are the same in every language. */
export const SHARE_WHATSAPP = 'WhatsApp';
export const SHARE_X = 'X';
export const SHARE_FACEBOOK = 'Facebook';

export interface ShareWords {
  heading: string;
  intro: string;
  native: string;
  email: string;
  copy: string;
  copied: string;
  copyFailed: string;
  linkLabel: string;
  /** Screen readers hear where a link goes when it opens another site. */
  newTab: string;
}

export function shareWords(lang: Language = DEFAULT_LANGUAGE): ShareWords {
  const t = translator(lang);
  return {
    heading: t('share.heading'),
    intro: t('share.intro'),
    native: t('share.native'),
    email: t('share.email'),
    copy: t('share.copy'),
    copied: t('share.copied'),
    copyFailed: t('share.copyFailed'),
    linkLabel: t('share.linkLabel'),
    newTab: t('share.newTab'),
  };
}

/** "$8,750 raised of $10,000 by 53 donors from 12 countries"; with no gift yet, an invitation instead of "0 donors". */
export function shareSummary(view: WidgetView, locale: string, lang: Language = DEFAULT_LANGUAGE): string {
  const t = widgetText(view, locale, lang);
  const say = translator(lang);
  if (view.donors === 0) return say('share.first', { amounts: t.amounts });
  const summary = say('share.summary', { amounts: t.amounts, donors: t.donors });
  return t.countries ? `${summary} ${t.countries}` : summary;
}

/** The line that goes with the link in an e-mail, a chat message or a post. */
export function shareMessage(title: string, lang: Language = DEFAULT_LANGUAGE): string {
  return translator(lang)('share.message', { title });
}

/** The card's alt text (og:image:alt): what a reader who cannot see the image should learn from it. */
export function shareCardAlt(view: WidgetView, locale: string, lang: Language = DEFAULT_LANGUAGE): string {
  return `${view.title}: ${shareSummary(view, locale, lang)}`;
}
