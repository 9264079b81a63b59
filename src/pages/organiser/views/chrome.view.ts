import { Html, html } from '../../shared/html';
import type { OrganiserSession } from '../../../auth/session/organiser-session.entity';
import { CSRF_FIELD } from '../../../auth/session/organiser-session.guard';

/** The hidden field every dashboard form carries. */
export const csrfField = (s: OrganiserSession): Html => html`<input type="hidden" name="${CSRF_FIELD}" value="${s.csrfToken}">`;

export function organiserHeader(s: OrganiserSession | null): Html {
  const nav = s
    ? html`<nav aria-label="Dashboard"><ul>
<li><a href="/organiser">Appeals</a></li>
<li><a href="/organiser/appeals/new">New appeal</a></li>
<li><a href="/organiser#payments-health">Payments health</a></li>
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
