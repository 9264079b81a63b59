import { generateSync } from 'otplib';
import { ADMIN_TOKEN, TestApp } from './app';
import { cookiePair, hiddenValue, page, PageResponse, Signed } from './pages';

/** Organiser teams through the real routes: invite (API), accept (the invitation page), sign in (the form). */

export const PASSWORD = 'correct horse battery staple';

let seq = 0;
export const uniqueEmail = (prefix: string) => `${prefix}-${process.pid}-${++seq}@example.org`;

export interface Invited {
  id: string;
  email: string;
  role: string;
  appeals: string[];
  inviteUrl: string;
}

export async function invite(
  t: TestApp,
  body: { email?: string; name?: string; role: string; appeals?: string[] },
  token = ADMIN_TOKEN,
): Promise<Invited> {
  const res = await t.request('POST', '/api/organisers', {
    token,
    body: { email: body.email ?? uniqueEmail(body.role), name: body.name ?? `The ${body.role}`, role: body.role, appeals: body.appeals },
  });
  if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${res.text}`);
  return res.body;
}

/** The path of an invitation link (the test app's PUBLIC_BASE_URL may name another port). */
export const linkPath = (inviteUrl: string) => new URL(inviteUrl).pathname;

/** The TOTP secret the invitation page shows. */
export function secretOn(html: string): string {
  const m = /<code id="totp-secret">([A-Z2-7]+)<\/code>/.exec(html);
  if (!m) throw new Error('no TOTP secret on the page');
  return m[1];
}

export async function accept(
  t: TestApp,
  inviteUrl: string,
  form: { name?: string; password?: string; confirm?: string; code?: string } = {},
): Promise<PageResponse> {
  const password = form.password ?? PASSWORD;
  return page(t, 'POST', linkPath(inviteUrl), {
    form: { name: form.name ?? 'Invited Person', password, confirm: form.confirm ?? password, code: form.code ?? '' },
  });
}

/** Accepts with TOTP turned on; answers the secret so the test can make codes. */
export async function acceptWithTotp(t: TestApp, inviteUrl: string): Promise<string> {
  const shown = await page(t, 'GET', linkPath(inviteUrl));
  const secret = secretOn(shown.text);
  const res = await accept(t, inviteUrl, { code: generateSync({ secret }) });
  if (res.status !== 303) throw new Error(`accept failed: ${res.status} ${res.text.slice(0, 500)}`);
  return secret;
}

/** One attempt at the password sign-in form; the raw answer. */
export async function passwordSignIn(
  t: TestApp,
  email: string,
  password = PASSWORD,
  code = '',
  extraCookie?: string,
): Promise<PageResponse> {
  const form = await page(t, 'GET', '/organiser/sign-in', { cookie: extraCookie });
  const pre = cookiePair(form.setCookies.find((c) => c.startsWith('organiser_signin='))!);
  return page(t, 'POST', '/organiser/sign-in', {
    cookie: [pre, extraCookie].filter(Boolean).join('; '),
    form: { _csrf: hiddenValue(form.text, '_csrf'), email, password, code },
  });
}

export async function signInAs(t: TestApp, email: string, password = PASSWORD, code = ''): Promise<Signed> {
  const res = await passwordSignIn(t, email, password, code);
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status} ${res.text.slice(0, 300)}`);
  const cookie = cookiePair(res.setCookies.find((c) => c.startsWith('organiser_session='))!);
  const dash = await page(t, 'GET', '/organiser', { cookie });
  return { cookie, csrf: hiddenValue(dash.text, '_csrf') };
}

export interface Member extends Invited {
  token: string;
  tokenId: string;
  session: Signed;
}

/** A person who accepted their invitation, with a personal API token and a dashboard session. */
export async function member(t: TestApp, role: string, appeals: string[] = []): Promise<Member> {
  const inv = await invite(t, { role, appeals });
  const res = await accept(t, inv.inviteUrl);
  if (res.status !== 303) throw new Error(`accept failed: ${res.status} ${res.text.slice(0, 500)}`);
  const tok = await t.request('POST', `/api/organisers/${inv.id}/tokens`, { body: { name: `${role} script` } });
  if (tok.status !== 201) throw new Error(`token failed: ${tok.status} ${tok.text}`);
  return { ...inv, token: tok.body.token, tokenId: tok.body.id, session: await signInAs(t, inv.email) };
}
