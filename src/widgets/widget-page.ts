import { createHash } from 'node:crypto';
import type { ProgressView } from '../progress/progress-view';
import type { WidgetOptions } from './widget-options';
import { pageCss } from './widget-styles';
import { escapeHtml } from '../common/html-escape';
import { COUNTING_RULE, widgetText } from '../wording/widget-text';
import { SUPPORTERS_HEADING } from '../wording/supporters';

export interface RenderedPage {
  html: string;
  /** The page's own Content-Security-Policy: its one inline style is allowed by hash. */
  csp: string;
}

/**
 * Framable from any site (frame-ancestors *), but the page itself loads nothing that is not
 * ours: the script comes from 'self', the stream is same-origin, the only inline thing is the
 * style block, allowed by its hash rather than by 'unsafe-inline'.
 */
export function pageCsp(css: string): string {
  const hash = createHash('sha256').update(css).digest('base64');
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'sha256-${hash}'`,
    "img-src 'self' data:",
    "connect-src 'self'",
    'frame-ancestors *',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The markup the browser script updates; embed.js builds the same structure with DOM calls. */
export function widgetMarkup(view: ProgressView, locale: string, donateHref: string, supporters = false): string {
  const t = widgetText(view, locale);
  const e = escapeHtml;
  return [
    `<p class="aw-title">${e(t.title)}</p>`,
    `<div class="aw-bar" role="progressbar" aria-label="${e(t.title)}" aria-valuemin="0" aria-valuemax="100"` +
      ` aria-valuenow="${t.barPercent}" aria-valuetext="${e(t.valueText)}"><div class="aw-fill"></div></div>`,
    `<p class="aw-amounts">${e(t.amounts)}</p>`,
    `<p class="aw-meta"><span class="aw-donors">${e(t.donors)}</span> · <span class="aw-percent">${e(t.percent)}</span></p>`,
    `<p class="aw-countries"${t.countries ? '' : ' hidden'}>${e(t.countries ?? '')}</p>`,
    `<p class="aw-next"${t.next ? '' : ' hidden'}>${e(t.next ?? '')}</p>`,
    `<p class="aw-monthly"${t.monthly ? '' : ' hidden'}>${e(t.monthly ?? '')}</p>`,
    `<p class="aw-rule">${e(COUNTING_RULE)}</p>`,
    // Filled from the stream's `supporters` event by embed.js.
    supporters ? `<ul class="aw-supporters" data-widget-supporters aria-label="${e(SUPPORTERS_HEADING)}" hidden></ul>` : '',
    `<a class="aw-give" href="${e(donateHref)}" target="_blank" rel="noopener">Give</a>`,
  ]
    .filter(Boolean)
    .join('\n');
}

export function renderWidgetPage(view: ProgressView, opts: WidgetOptions): RenderedPage {
  const t = widgetText(view, opts.locale);
  const css = pageCss(opts.accent, t.barPercent);
  const e = escapeHtml;
  const root =
    `class="aw" data-widget-root data-slug="${e(view.slug)}" data-theme="${opts.theme}" data-status="${e(view.status)}"` +
    ` data-locale="${e(opts.locale)}"${opts.localeFixed ? ' data-locale-fixed' : ''}` +
    (opts.accent ? ` data-accent="${opts.accent}"` : '');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="strict-origin-when-cross-origin">
<title>${e(view.title)}: appeal progress</title>
<style>${css}</style>
</head>
<body>
<div ${root}>
${widgetMarkup(view, opts.locale, `../donate/${encodeURIComponent(view.slug)}`, opts.supporters)}
</div>
<script src="embed.js" defer></script>
</body>
</html>
`;
  return { html, csp: pageCsp(css) };
}

export const NOT_FOUND_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Appeal not found</title></head>
<body><p>This appeal is not available.</p></body></html>
`;
