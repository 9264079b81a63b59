import { Html, html } from '../../shared/html';

export interface EmbedSnippets {
  iframe: string;
  script: string;
  badge: string;
}

/** What an organiser pastes into a website; absolute URLs from PUBLIC_BASE_URL. */
export function embedSnippets(base: string, slug: string, title: string): EmbedSnippets {
  const s = encodeURIComponent(slug);
  const attrTitle = title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return {
    iframe: `<iframe src="${base}/widgets/${s}" title="${attrTitle}: appeal progress" width="100%" height="200" style="border:0;max-width:420px" loading="lazy"></iframe>`,
    script: `<div data-appeal="${slug}"></div>\n<script src="${base}/widgets/embed.js" async></script>`,
    badge: `<a href="${base}/donate/${s}"><img src="${base}/widgets/${s}.svg" alt="${attrTitle}: appeal progress"></a>`,
  };
}

function snippet(id: string, label: string, code: string, preview: Html): Html {
  return html`<div class="snippet">
<label for="${id}">${label}</label>
<textarea id="${id}" readonly rows="3" spellcheck="false">${code}</textarea>
<div class="actions"><button type="button" class="secondary" data-copy="${id}" hidden>Copy</button><span id="${id}-copied" role="status" class="muted"></span></div>
<div class="preview" aria-label="${label}: preview">${preview}</div>
</div>`;
}

/**
 * The three embeds with a live preview of each, drawn from this service itself. Drafts have no
 * public widget yet, so they get the snippets without previews. The badge is a static image
 * that browsers cache briefly, so its preview URL names the totals version to show this one.
 */
export function embedSection(base: string, slug: string, title: string, published: boolean, version: number): Html {
  const c = embedSnippets(base, slug, title);
  const s = encodeURIComponent(slug);
  const none = html`<p class="muted">The preview appears once the appeal is published.</p>`;
  return html`<p>Paste one of these into a web page. Each updates by itself as gifts arrive.</p>
${snippet('embed-iframe', 'Iframe', c.iframe, published ? html`<iframe src="/widgets/${s}" title="${title}: appeal progress (preview)" loading="lazy"></iframe>` : none)}
${snippet('embed-script', 'Script', c.script, published ? html`<div data-appeal="${slug}"></div><script src="/widgets/embed.js" async></script>` : none)}
${snippet('embed-badge', 'SVG badge (no script)', c.badge, published ? html`<img src="/widgets/${s}.svg?v=${version}" alt="${title}: appeal progress (preview)">` : none)}`;
}
