import { Html, html } from '../../shared/html';
import { formErrors } from '../../organiser/views/chrome.view';
import { PASSWORD_MIN } from '../../../auth/people/passwords';

export interface InvitationModel {
  link: string;
  email: string;
  name: string;
  role: string;
  totpSecret: string;
  totpUri: string;
  problems: Record<string, string[]>;
}

const err = (p: Record<string, string[]>, f: string): Html => html`<p class="error" id="${f}-error">${(p[f] ?? []).join(' ')}</p>`;
const invalid = (p: Record<string, string[]>, f: string): Html => (p[f]?.length ? html` aria-invalid="true"` : html``);

export function invitationBody(m: InvitationModel): Html {
  const p = m.problems;
  return html`<div class="card">
<h1>Join the organisers</h1>
<p>You were invited as <strong>${m.role}</strong> with the e-mail address <strong>${m.email}</strong>. Choose your name and password to finish.</p>
${formErrors(Object.values(p).flat())}
<form method="post" action="/organiser/invitations/${m.link}" novalidate>
<div class="field"><label for="name">Your name</label>
<input id="name" name="name" value="${m.name}" maxlength="100" required autocomplete="name" aria-describedby="name-error"${invalid(p, 'name')}>${err(p, 'name')}</div>
<div class="field"><label for="password">Password</label>
<p class="hint" id="password-hint">At least ${PASSWORD_MIN} characters, and not your e-mail address.</p>
<input id="password" name="password" type="password" minlength="${PASSWORD_MIN}" required autocomplete="new-password" aria-describedby="password-hint password-error"${invalid(p, 'password')}>${err(p, 'password')}</div>
<div class="field"><label for="confirm">Password again</label>
<input id="confirm" name="confirm" type="password" required autocomplete="new-password" aria-describedby="confirm-error"${invalid(p, 'confirm')}>${err(p, 'confirm')}</div>
<fieldset class="field"><legend>Two-step sign-in <span class="muted">(optional, recommended)</span></legend>
<p class="hint" id="code-hint">Add this key to an authenticator app (by hand, or open the link on your phone), then enter the 6-digit code it shows. Leave the code empty to sign in with your password only.</p>
<p>Key: <code id="totp-secret">${m.totpSecret}</code></p>
<p><a id="totp-uri" href="${m.totpUri}">${m.totpUri}</a></p>
<label for="code">Code from the app</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="8" aria-describedby="code-hint code-error"${invalid(p, 'code')}>${err(p, 'code')}
</fieldset>
<button type="submit">Finish</button>
</form>
</div>`;
}

export function invitationClosedBody(state: 'unknown' | 'expired' | 'used'): Html {
  const text =
    state === 'used'
      ? 'This invitation link has already been used. Sign in with your e-mail and password, or ask an owner for a new link.'
      : state === 'expired'
        ? 'This invitation link has expired (links last 72 hours). Ask an owner for a new one.'
        : 'This invitation link is not valid. Check that you copied all of it, or ask an owner for a new one.';
  return html`<div class="card"><h1>Invitation</h1><p role="alert">${text}</p><p><a href="/organiser/sign-in">Sign in</a></p></div>`;
}
