import { ADMIN_TOKEN, TestApp } from './app';

/** Form posts and cookies for the donor page and dashboard specs, without a browser. */

export interface PageResponse {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
  setCookies: string[];
}

/** A browser-like request: form posts, cookies, and redirects left to the test to see. */
export async function page(
  t: TestApp,
  method: 'GET' | 'POST',
  path: string,
  opts: { cookie?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<PageResponse> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: string | undefined;
  if (opts.form) {
    body = new URLSearchParams(opts.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const res = await fetch(t.url + path, { method, headers, body, redirect: 'manual' });
  return {
    status: res.status,
    headers: res.headers,
    text: await res.text(),
    location: res.headers.get('location'),
    setCookies: res.headers.getSetCookie(),
  };
}

/** The value of a hidden input in a rendered form. */
export function hiddenValue(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no hidden field ${name}`);
  return m[1];
}

export const cookiePair = (setCookie: string): string => setCookie.split(';')[0];

/** The text inside the element with this id (tags stripped), e.g. a field's error slot. */
export function textOf(html: string, id: string): string {
  const m = new RegExp(`<(\\w+)(?=[^>]*\\bid="${id}")[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return m
    ? unescape(
        m[2]
          .replace(/<[^>]+>/g, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
    : '';
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);

export interface Signed {
  cookie: string;
  csrf: string;
}

/** Signs in through the real form (double-submit cookie included) and returns the session. */
export async function signIn(t: TestApp, token = ADMIN_TOKEN): Promise<Signed> {
  const form = await page(t, 'GET', '/organiser/sign-in');
  const signInCookie = cookiePair(form.setCookies.find((c) => c.startsWith('organiser_signin='))!);
  const res = await page(t, 'POST', '/organiser/sign-in', {
    cookie: signInCookie,
    form: { _csrf: hiddenValue(form.text, '_csrf'), token },
  });
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status} ${res.text.slice(0, 300)}`);
  const cookie = cookiePair(res.setCookies.find((c) => c.startsWith('organiser_session='))!);
  const dash = await page(t, 'GET', '/organiser', { cookie });
  return { cookie, csrf: hiddenValue(dash.text, '_csrf') };
}
