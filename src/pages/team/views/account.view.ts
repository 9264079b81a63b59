import type { OrganiserSession } from '../../../auth/session/organiser-session.entity';
import type { Actor } from '../../../auth/actor';
import type { TotpState } from '../../../team/account.service';
import type { TokenView } from '../../../team/personal-tokens.service';
import { Html, html } from '../../shared/html';
import { csrfField, formErrors } from '../../organiser/views/chrome.view';

export interface AccountModel {
  session: OrganiserSession;
  actor: Actor;
  totp: TotpState | null;
  tokens: TokenView[];
  problem?: string | null;
  notice?: string | null;
  token?: { name: string; token: string } | null;
}

function totpBlock(s: OrganiserSession, t: TotpState): Html {
  if (t.enabled)
    return html`<p id="totp-status">Two-step sign-in is <strong>on</strong>.</p>
<form method="post" action="/organiser/account/totp/off">${csrfField(s)}
<div class="field"><label for="off-code">Current code from your app</label><input id="off-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="8" required></div>
<button type="submit">Turn two-step sign-in off</button></form>`;
  return html`<p id="totp-status">Two-step sign-in is <strong>off</strong>. Add this key to an authenticator app (by hand, or open the link on your phone), then enter the 6-digit code it shows.</p>
<p>Key: <code id="totp-secret">${t.secret}</code></p>
<p><a id="totp-uri" href="${t.uri}">${t.uri}</a></p>
<form method="post" action="/organiser/account/totp">${csrfField(s)}
<div class="field"><label for="on-code">Code from the app</label><input id="on-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="8" required></div>
<button type="submit">Turn two-step sign-in on</button></form>`;
}

export function accountBody(m: AccountModel): Html {
  const s = m.session;
  if (m.actor.kind !== 'person')
    return html`<h1>Your account</h1><section class="card"><p>You signed in with ${m.actor.kind === 'admin' ? 'ADMIN_TOKEN' : `the token "${m.actor.name}"`}, which acts as an owner and has no account settings.</p></section>`;
  const live = m.tokens.filter((t) => !t.revokedAt);
  return html`<h1>Your account</h1>
<p>${m.actor.name} · ${m.actor.email} · ${m.actor.role}</p>
${m.notice ? html`<p class="notice" role="status">${m.notice}</p>` : ''}
${formErrors(m.problem ? [m.problem] : [])}
${m.token ? html`<div class="notice" role="status" id="new-token"><p>Token "${m.token.name}", shown only now:</p><p><code id="token-value">${m.token.token}</code></p></div>` : ''}
<section class="card" aria-labelledby="totp-heading"><h2 id="totp-heading">Two-step sign-in</h2>${m.totp ? totpBlock(s, m.totp) : ''}</section>
<section class="card" aria-labelledby="tokens-heading"><h2 id="tokens-heading">API tokens</h2>
<p>A token acts as you, with your role, for scripts and spreadsheets.</p>
<ul>${live.map(
    (t) => html`<li>${t.name} <span class="muted">created ${t.createdAt.slice(0, 10)}</span>
<form method="post" action="/organiser/account/tokens/${t.id}/revoke" class="inline">${csrfField(s)}<button type="submit">Revoke</button></form></li>`,
  )}</ul>
<form method="post" action="/organiser/account/tokens">${csrfField(s)}<div class="field"><label for="token-name">New token name</label><input id="token-name" name="name" maxlength="100" required></div><button type="submit">Create token</button></form>
</section>`;
}
