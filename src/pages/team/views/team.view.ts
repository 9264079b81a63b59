import type { OrganiserSession } from '../../../auth/session/organiser-session.entity';
import { ROLES } from '../../../auth/actor';
import type { PersonView } from '../../../team/people.service';
import type { TokenView } from '../../../team/personal-tokens.service';
import { attr, Html, html } from '../../shared/html';
import { csrfField, formErrors } from '../../organiser/views/chrome.view';

export interface TeamModel {
  session: OrganiserSession;
  people: Array<PersonView & { tokens: TokenView[] }>;
  appeals: string[];
  /** After an invitation or a new link: the link, shown to copy. */
  invite?: { email: string; url: string; mail: string } | null;
  /** After a token was created: shown once. */
  token?: { name: string; token: string } | null;
  problems?: string[];
  notice?: string | null;
  form?: { email: string; name: string; role: string; appeals: string[] };
}

const roleSelect = (id: string, value: string): Html =>
  html`<select id="${id}" name="role">${ROLES.map((r) => html`<option value="${r}"${attr('selected', r === value)}>${r}</option>`)}</select>`;

function appealBoxes(prefix: string, all: string[], chosen: string[]): Html {
  if (!all.length) return html`<p class="muted">No appeals yet.</p>`;
  return html`<fieldset class="appeal-boxes"><legend>Appeals (editors and viewers)</legend>${all.map(
    (slug) =>
      html`<label><input type="checkbox" name="appeals" value="${slug}" id="${prefix}-${slug}"${attr('checked', chosen.includes(slug))}> ${slug}</label> `,
  )}</fieldset>`;
}

function tokensBlock(s: OrganiserSession, p: PersonView & { tokens: TokenView[] }): Html {
  const live = p.tokens.filter((t) => !t.revokedAt);
  return html`<details><summary>API tokens (${live.length})</summary>
<ul>${live.map(
    (
      t,
    ) => html`<li>${t.name} <span class="muted">created ${t.createdAt.slice(0, 10)}${t.lastUsedAt ? `, last used ${t.lastUsedAt.slice(0, 10)}` : ''}</span>
<form method="post" action="/organiser/team/${p.id}/tokens/${t.id}/revoke" class="inline">${csrfField(s)}<button type="submit">Revoke</button></form></li>`,
  )}</ul>
${p.status === 'disabled' ? '' : html`<form method="post" action="/organiser/team/${p.id}/tokens" class="inline">${csrfField(s)}<label for="token-${p.id}">New token name</label> <input id="token-${p.id}" name="name" maxlength="100" required> <button type="submit">Create token</button></form>`}
</details>`;
}

function personRow(s: OrganiserSession, p: PersonView & { tokens: TokenView[] }, all: string[]): Html {
  return html`<tr data-person="${p.email}">
<th scope="row">${p.name}<br><span class="muted">${p.email}</span></th>
<td><span class="badge">${p.status}</span>${p.totp ? html`<br><span class="muted">two-step on</span>` : ''}</td>
<td><form method="post" action="/organiser/team/${p.id}">${csrfField(s)}
<label for="role-${p.id}">Role</label> ${roleSelect(`role-${p.id}`, p.role)}
${appealBoxes(`appeal-${p.id}`, all, p.appeals)}
<button type="submit">Save role and appeals</button></form></td>
<td><form method="post" action="/organiser/team/${p.id}/${p.status === 'disabled' ? 'enable' : 'disable'}" class="inline">${csrfField(s)}<button type="submit">${p.status === 'disabled' ? 'Enable' : 'Disable'}</button></form>
${p.status === 'disabled' ? '' : html`<form method="post" action="/organiser/team/${p.id}/invitation" class="inline">${csrfField(s)}<button type="submit">New sign-up link</button></form>`}
${tokensBlock(s, p)}</td>
</tr>`;
}

export function teamBody(m: TeamModel): Html {
  const f = m.form ?? { email: '', name: '', role: 'editor', appeals: [] };
  return html`<h1>Team</h1>
${m.notice ? html`<p class="notice" role="status">${m.notice}</p>` : ''}
${m.invite ? html`<div class="notice" role="status" id="invite-link"><p>Invitation for ${m.invite.email}: ${m.invite.mail === 'sent' ? 'sent by e-mail, and here to copy' : m.invite.mail === 'failed' ? 'the e-mail could not be sent; copy this link to them' : 'copy this link to them'} (valid 72 hours, works once):</p><p><code id="invite-url">${m.invite.url}</code></p></div>` : ''}
${m.token ? html`<div class="notice" role="status" id="new-token"><p>Token "${m.token.name}", shown only now:</p><p><code id="token-value">${m.token.token}</code></p></div>` : ''}
<section class="card" aria-labelledby="people-heading"><h2 id="people-heading">People</h2>
${
  m.people.length
    ? html`<div class="table-wrap"><table id="people-table"><caption class="visually-hidden">People</caption>
<thead><tr><th scope="col">Person</th><th scope="col">Status</th><th scope="col">Role and appeals</th><th scope="col">Access</th></tr></thead>
<tbody>${m.people.map((p) => personRow(m.session, p, m.appeals))}</tbody></table></div>`
    : html`<p>Nobody yet: invite the first person below.</p>`
}
</section>
<section class="card" aria-labelledby="invite-heading"><h2 id="invite-heading">Invite someone</h2>
${formErrors(m.problems ?? [], 'invite-error')}
<form method="post" action="/organiser/team/invite" novalidate>${csrfField(m.session)}
<div class="row">
<div class="field"><label for="invite-email">E-mail</label><input id="invite-email" name="email" type="email" value="${f.email}" required autocomplete="off"></div>
<div class="field"><label for="invite-name">Name</label><input id="invite-name" name="name" value="${f.name}" maxlength="100" required autocomplete="off"></div>
<div class="field"><label for="invite-role">Role</label>${roleSelect('invite-role', f.role)}</div>
</div>
${appealBoxes('invite-appeal', m.appeals, f.appeals)}
<button type="submit">Invite</button>
</form>
<p class="hint">Owners can do everything, including this page. Editors edit the appeals they are given, record gifts and act on held payments. Viewers read the dashboard of their appeals and export CSV.</p>
</section>`;
}
