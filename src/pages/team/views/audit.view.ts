import type { AuditEntryView } from '../../../team/audit-query.service';
import { Html, html } from '../../shared/html';

const WHEN = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

const who = (e: AuditEntryView): string => (e.actor.email ? `${e.actor.name} <${e.actor.email}>` : e.actor.name);

/** Details as short `key: value` pairs (the CSV and the API carry the full JSON). */
function detailText(d: Record<string, unknown>): string {
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ');
}

export function auditTable(entries: AuditEntryView[], caption: string, showAppeal: boolean): Html {
  if (!entries.length) return html`<p class="muted">Nothing recorded yet.</p>`;
  return html`<div class="table-wrap"><table class="audit-table"><caption class="visually-hidden">${caption}</caption>
<thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">Action</th>${showAppeal ? html`<th scope="col">Appeal</th>` : ''}<th scope="col">Details</th></tr></thead>
<tbody>${entries.map(
    (e) => html`<tr data-audit-id="${e.id}" data-action="${e.action}">
<td>${WHEN.format(new Date(e.at))}</td><td>${who(e)}</td><td><code>${e.action}</code></td>${showAppeal ? html`<td>${e.appeal ?? ''}</td>` : ''}<td>${detailText(e.details)}</td></tr>`,
  )}</tbody></table></div>`;
}

/** The newest entries of one appeal, on its dashboard page. */
export function auditSection(entries: AuditEntryView[], slug: string): Html {
  return html`<section class="card" id="audit" aria-labelledby="audit-heading">
<h2 id="audit-heading">Audit trail</h2>
<p>Every change to this appeal, who made it and when. <a href="/organiser/audit?appeal=${slug}">All entries</a> · <a href="/organiser/audit.csv?appeal=${slug}" download>Download CSV</a></p>
${auditTable(entries, 'Newest audit entries of this appeal', false)}
</section>`;
}

export function auditPageBody(m: { entries: AuditEntryView[]; nextCursor: string | null; appeal: string | null; owner: boolean }): Html {
  const q = m.appeal ? `appeal=${encodeURIComponent(m.appeal)}&` : '';
  return html`<h1>Audit trail${m.appeal ? html` · ${m.appeal}` : ''}</h1>
<section class="card" aria-label="Audit entries">
<p>${m.owner ? 'Every organiser action, newest first.' : 'Actions on the appeals you were given, newest first.'}
<a href="/organiser/audit.csv${m.appeal ? `?appeal=${encodeURIComponent(m.appeal)}` : ''}" download>Download CSV</a>${m.appeal ? html` · <a href="/organiser/audit">All appeals</a>` : ''}</p>
${auditTable(m.entries, 'Audit entries', !m.appeal)}
${m.nextCursor ? html`<p><a href="/organiser/audit?${q}cursor=${m.nextCursor}">Older entries</a></p>` : ''}
</section>`;
}
