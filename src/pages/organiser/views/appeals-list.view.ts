import type { OrganiserAppealView } from '../../../organiser/organiser-appeals.service';
import { Html, html } from '../../shared/html';
import { progressBlock } from '../../shared/progress-block';

const DAY = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

function dates(a: OrganiserAppealView): string {
  const from = a.startsAt ? `from ${DAY.format(new Date(a.startsAt))}` : '';
  const to = a.endsAt ? `until ${DAY.format(new Date(a.endsAt))}` : '';
  return [from, to].filter(Boolean).join(' ') || 'no dates';
}

function row(a: OrganiserAppealView, canEdit: (slug: string) => boolean): Html {
  return html`<tr data-appeal="${a.slug}">
<th scope="row"><a href="/organiser/appeals/${a.slug}">${a.title}</a><br><code class="muted">${a.slug}</code></th>
<td><span class="badge ${a.status}">${a.status}</span><br><span class="muted">${dates(a)}</span></td>
<td>${progressBlock(a, { live: true, rule: false })}</td>
<td>${canEdit(a.slug) ? html`<a href="/organiser/appeals/${a.slug}/edit">Edit</a>` : ''}${a.status === 'draft' ? '' : html`<br><a href="/donate/${a.slug}">Donate page</a>`}</td>
</tr>`;
}

export function appealsListBody(
  appeals: OrganiserAppealView[],
  notice: string | null,
  health: Html,
  canCreate = true,
  canEdit: (slug: string) => boolean = () => true,
): Html {
  const table = appeals.length
    ? html`<div class="table-wrap"><table id="appeals-table"><caption class="visually-hidden">Appeals</caption>
<thead><tr><th scope="col">Appeal</th><th scope="col">Status</th><th scope="col">Progress</th><th scope="col">Actions</th></tr></thead>
<tbody>${appeals.map((a) => row(a, canEdit))}</tbody></table></div>`
    : canCreate
      ? html`<p>No appeals yet. <a href="/organiser/appeals/new">Create the first one</a>.</p>`
      : html`<p>No appeals have been given to you yet. An owner can give you some on the Team page.</p>`;
  return html`<h1>Appeals</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<section class="card" aria-label="Appeals">${canCreate ? html`<div class="actions"><a class="button" href="/organiser/appeals/new">New appeal</a></div>` : ''}${table}</section>
${health}`;
}
