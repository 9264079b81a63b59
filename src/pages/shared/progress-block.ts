import type { ProgressView } from '../../progress/progress-view';
import { COUNTING_RULE, widgetText } from '../../wording/widget-text';
import { Html, html } from './html';

export const PAGE_LOCALE = 'en-US';

/**
 * An appeal's progress, drawn with the widget's classes and words so it reads exactly like the
 * embedded widget. With `live`, /assets/live-progress.js keeps it current from the stream
 * (drafts have no public stream, so they are never live).
 */
export function progressBlock(view: ProgressView, opts: { live: boolean; rule?: boolean; label?: string }): Html {
  const t = widgetText(view, PAGE_LOCALE);
  const live = opts.live && view.status !== 'draft';
  return html`<div class="aw progress-block"${live ? html` data-live-progress data-slug="${view.slug}" data-locale="${PAGE_LOCALE}"` : ''} data-version="${view.version}" data-raised="${String(view.raised)}">
<div class="aw-bar" role="progressbar" aria-label="${opts.label ?? `Progress of ${view.title}`}" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${t.barPercent}" aria-valuetext="${t.valueText}"><div class="aw-fill" style="width:${t.barPercent}%"></div></div>
<p class="aw-amounts">${t.amounts}</p>
<p class="aw-meta"><span class="aw-donors">${t.donors}</span> · <span class="aw-percent">${t.percent}</span></p>
<p class="aw-countries"${t.countries ? '' : html` hidden`}>${t.countries ?? ''}</p>
<p class="aw-next"${t.next ? '' : html` hidden`}>${t.next ?? ''}</p>
<p class="aw-monthly"${t.monthly ? '' : html` hidden`}>${t.monthly ?? ''}</p>
${opts.rule === false ? '' : html`<p class="aw-rule">${COUNTING_RULE}</p>`}
</div>`;
}
