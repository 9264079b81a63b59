import { Html, html } from '../../shared/html';
import type { OrganiserSession } from '../../../auth/session/organiser-session.entity';
import { CSRF_FIELD } from '../../../auth/session/organiser-session.guard';
import { type Actor, hasRight } from '../../../auth/actor';

/** The hidden field every dashboard form carries. */
export const csrfField = (s: OrganiserSession): Html => html`<input type="hidden" name="${CSRF_FIELD}" value="${s.csrfToken}">`;

/** `actor` absent: pages drawn before roles (all links shown; every route checks its right anyway). */
export function organiserHeader(s: OrganiserSession | null, actor?: Actor): Html {
  const owner = !actor || hasRight(actor, 'owner');
  const nav = s
    ? html`<nav aria-label="Dashboard"><ul>
<li><a href="/organiser">Appeals</a></li>
${owner ? html`<li><a href="/organiser/appeals/new">New appeal</a></li>` : ''}
${!actor || hasRight(actor, 'edit') ? html`<li><a href="/organiser#payments-health">Payments health</a></li>` : ''}
${owner ? html`<li><a href="/organiser/team">Team</a></li>` : ''}
<li><a href="/organiser/audit">Audit</a></li>
<li><a href="/organiser/account">Account</a></li>
<li>Signed in as ${s.organiser}</li>
<li><form method="post" action="/organiser/sign-out">${csrfField(s)}<button type="submit">Sign out</button></form></li>
</ul></nav>`
    : '';
  return html`<header class="site"><div class="inner"><a href="/organiser"><strong>Appeal tracker</strong> · organiser</a>${nav}</div></header>`;
}

/** A problem list for the top of a form. */
export function formErrors(messages: string[], id = 'form-error'): Html {
  if (!messages.length) return html``;
  return html`<div id="${id}" class="form-error" role="alert" tabindex="-1"><ul>${messages.map((m) => html`<li>${m}</li>`)}</ul></div>`;
}
