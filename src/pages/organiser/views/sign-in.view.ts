import { Html, html } from '../../shared/html';
import { formErrors } from './chrome.view';

export interface SignInModel {
  csrf: string;
  next: string | null;
  problem: string | null;
  signedOut: boolean;
}

export function signInBody(m: SignInModel): Html {
  return html`<div class="card">
<h1>Sign in</h1>
${m.signedOut ? html`<p class="notice" role="status">You have signed out.</p>` : ''}
${formErrors(m.problem ? [m.problem] : [])}
<form method="post" action="/organiser/sign-in">
<input type="hidden" name="_csrf" value="${m.csrf}">
${m.next ? html`<input type="hidden" name="next" value="${m.next}">` : ''}
<div class="field">
<label for="token">Organiser token</label>
<p class="hint" id="token-hint">ADMIN_TOKEN, or a token made with <code>npm run cli -- token create &lt;name&gt;</code>.</p>
<input type="password" id="token" name="token" autocomplete="current-password" required aria-describedby="token-hint"${m.problem ? html` aria-invalid="true"` : ''}>
</div>
<button type="submit">Sign in</button>
</form>
</div>`;
}
