import { Html, html } from '../../shared/html';
import { formErrors } from './chrome.view';

export interface SignInModel {
  csrf: string;
  next: string | null;
  problem: string | null;
  signedOut: boolean;
  welcome?: boolean;
  email?: string;
  byToken?: boolean;
}

export function signInBody(m: SignInModel): Html {
  return html`<div class="card">
<h1>Sign in</h1>
${m.signedOut ? html`<p class="notice" role="status">You have signed out.</p>` : ''}
${m.welcome ? html`<p class="notice" role="status">Your account is ready: sign in with your e-mail and password.</p>` : ''}
${formErrors(m.problem ? [m.problem] : [])}
<form method="post" action="/organiser/sign-in" id="password-sign-in">
<input type="hidden" name="_csrf" value="${m.csrf}">
${m.next ? html`<input type="hidden" name="next" value="${m.next}">` : ''}
<div class="field"><label for="email">E-mail</label>
<input type="email" id="email" name="email" value="${m.email ?? ''}" autocomplete="username" maxlength="254"></div>
<div class="field"><label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password"></div>
<div class="field"><label for="code">Code from your authenticator app <span class="muted">(if you turned on two-step sign-in)</span></label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="8"></div>
<button type="submit">Sign in</button>
</form>
<h2>Or with an organiser token</h2>
<form method="post" action="/organiser/sign-in" id="token-sign-in">
<input type="hidden" name="_csrf" value="${m.csrf}">
${m.next ? html`<input type="hidden" name="next" value="${m.next}">` : ''}
<div class="field">
<label for="token">Organiser token</label>
<p class="hint" id="token-hint">ADMIN_TOKEN, or a token made with <code>npm run cli -- token create &lt;name&gt;</code>.</p>
<input type="password" id="token" name="token" autocomplete="off" required aria-describedby="token-hint"${m.problem && m.byToken ? html` aria-invalid="true"` : ''}>
</div>
<button type="submit">Sign in with token</button>
</form>
</div>`;
}
