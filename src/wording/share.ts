import { widgetText, WidgetView } from './widget-text';

/**
 * The words of sharing an appeal: the Open Graph description, the share card's alt text, and the
 * share buttons on the thanks and donate pages. The browser's share script bundles this module
 * too, so keep it free of Node and of server imports.
 */

export const SHARE_HEADING = 'Share this appeal';
export const SHARE_INTRO = 'Every share brings the appeal to someone who may give.';
export const SHARE_NATIVE = 'Share…';
export const SHARE_EMAIL = 'E-mail';
export const SHARE_WHATSAPP = 'WhatsApp';
export const SHARE_X = 'X';
export const SHARE_FACEBOOK = 'Facebook';
export const SHARE_COPY = 'Copy link';
export const SHARE_COPIED = 'Link copied';
export const SHARE_COPY_FAILED = 'Could not copy: select the link below and copy it.';
export const SHARE_LINK_LABEL = 'Link to this appeal';
/** Screen readers hear where a link goes when it opens another site. */
export const SHARE_NEW_TAB = '(opens in a new tab)';

/** "$8,750 raised of $10,000 by 53 donors from 12 countries"; with no gift yet, an invitation instead of "0 donors". */
export function shareSummary(view: WidgetView, locale: string): string {
  const t = widgetText(view, locale);
  if (view.donors === 0) return `${t.amounts}. Be the first to give.`;
  return `${t.amounts} by ${t.donors}${t.countries ? ` ${t.countries}` : ''}`;
}

/** The line that goes with the link in an e-mail, a chat message or a post. */
export function shareMessage(title: string): string {
  return `Please join me in supporting ${title}`;
}

/** The card's alt text (og:image:alt): what a reader who cannot see the image should learn from it. */
export function shareCardAlt(view: WidgetView, locale: string): string {
  return `${view.title}: ${shareSummary(view, locale)}`;
}
