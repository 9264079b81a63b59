import { Html, html } from '../shared/html';
import { DEFAULT_LANGUAGE, type Language } from '../../wording/languages';
import { SHARE_FACEBOOK, SHARE_WHATSAPP, SHARE_X, shareMessage, shareWords } from '../../wording/share';

export interface ShareLinks {
  email: string;
  whatsapp: string;
  x: string;
  facebook: string;
}

const q = encodeURIComponent;

/** Plain links each network documents for sharing a URL: no script of theirs is ever loaded. */
export function shareLinks(url: string, title: string, lang: Language = DEFAULT_LANGUAGE): ShareLinks {
  const message = shareMessage(title, lang);
  return {
    email: `mailto:?subject=${q(title)}&body=${q(`${message}:\n${url}`)}`,
    whatsapp: `https://wa.me/?text=${q(`${message}: ${url}`)}`,
    x: `https://x.com/intent/post?text=${q(message)}&url=${q(url)}`,
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${q(url)}`,
  };
}

const away = (href: string, label: string, network: string, newTab: string) =>
  html`<li><a class="button secondary" href="${href}" target="_blank" rel="noopener noreferrer" data-share-link="${network}">${label}<span class="visually-hidden"> ${newTab}</span></a></li>`;

/**
 * Share buttons: links that work without script, plus (from /assets/share.js) the system share
 * sheet where the browser has one and a copy-link button. The link itself is always on the page,
 * in a read-only field, for copying by hand. The words are the page's language; share.js takes
 * its two status words from data-share-copied and data-share-copy-failed.
 */
export function shareBlock(url: string, title: string, lang: Language = DEFAULT_LANGUAGE): Html {
  const links = shareLinks(url, title, lang);
  const w = shareWords(lang);
  return html`<section class="card share" aria-labelledby="share-heading" data-share data-share-url="${url}" data-share-title="${title}" data-share-text="${shareMessage(title, lang)}" data-share-copied="${w.copied}" data-share-copy-failed="${w.copyFailed}">
<h2 id="share-heading">${w.heading}</h2>
<p class="muted">${w.intro}</p>
<ul class="share-links">
<li><button type="button" data-share-native hidden>${w.native}</button></li>
<li><a class="button secondary" href="${links.email}" data-share-link="email">${w.email}</a></li>
${away(links.whatsapp, SHARE_WHATSAPP, 'whatsapp', w.newTab)}
${away(links.x, SHARE_X, 'x', w.newTab)}
${away(links.facebook, SHARE_FACEBOOK, 'facebook', w.newTab)}
<li><button type="button" class="secondary" data-share-copy hidden>${w.copy}</button></li>
</ul>
<p class="share-url"><label for="share-url">${w.linkLabel}</label>
<input id="share-url" type="url" readonly value="${url}" data-share-field></p>
<p class="muted" role="status" aria-live="polite" data-share-status></p>
</section>`;
}
