import { Html, html } from '../shared/html';
import {
  SHARE_COPY,
  SHARE_EMAIL,
  SHARE_FACEBOOK,
  SHARE_HEADING,
  SHARE_INTRO,
  SHARE_LINK_LABEL,
  SHARE_NATIVE,
  SHARE_NEW_TAB,
  SHARE_WHATSAPP,
  SHARE_X,
  shareMessage,
} from '../../wording/share';

export interface ShareLinks {
  email: string;
  whatsapp: string;
  x: string;
  facebook: string;
}

const q = encodeURIComponent;

/** Plain links each network documents for sharing a URL: no script of theirs is ever loaded. */
export function shareLinks(url: string, title: string): ShareLinks {
  const message = shareMessage(title);
  return {
    email: `mailto:?subject=${q(title)}&body=${q(`${message}:\n${url}`)}`,
    whatsapp: `https://wa.me/?text=${q(`${message}: ${url}`)}`,
    x: `https://x.com/intent/post?text=${q(message)}&url=${q(url)}`,
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${q(url)}`,
  };
}

const away = (href: string, label: string, network: string) =>
  html`<li><a class="button secondary" href="${href}" target="_blank" rel="noopener noreferrer" data-share-link="${network}">${label}<span class="visually-hidden"> ${SHARE_NEW_TAB}</span></a></li>`;

/**
 * Share buttons: links that work without script, plus (from /assets/share.js) the system share
 * sheet where the browser has one and a copy-link button. The link itself is always on the page,
 * in a read-only field, for copying by hand.
 */
export function shareBlock(url: string, title: string): Html {
  const links = shareLinks(url, title);
  return html`<section class="card share" aria-labelledby="share-heading" data-share data-share-url="${url}" data-share-title="${title}" data-share-text="${shareMessage(title)}">
<h2 id="share-heading">${SHARE_HEADING}</h2>
<p class="muted">${SHARE_INTRO}</p>
<ul class="share-links">
<li><button type="button" data-share-native hidden>${SHARE_NATIVE}</button></li>
<li><a class="button secondary" href="${links.email}" data-share-link="email">${SHARE_EMAIL}</a></li>
${away(links.whatsapp, SHARE_WHATSAPP, 'whatsapp')}
${away(links.x, SHARE_X, 'x')}
${away(links.facebook, SHARE_FACEBOOK, 'facebook')}
<li><button type="button" class="secondary" data-share-copy hidden>${SHARE_COPY}</button></li>
</ul>
<p class="share-url"><label for="share-url">${SHARE_LINK_LABEL}</label>
<input id="share-url" type="url" readonly value="${url}" data-share-field></p>
<p class="muted" role="status" aria-live="polite" data-share-status></p>
</section>`;
}
