import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'organiser_session';
/** Double-submit token for the sign-in form, which has no session to hold a CSRF token yet. */
export const SIGN_IN_COOKIE = 'organiser_signin';

/**
 * The two cookies this module reads and writes hold base64url values only, so a few lines do
 * (@fastify/cookie's parser loads its ESM dependency only once the plugin is registered).
 */
export function readCookie(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

interface CookieOptions { path: string; secure: boolean; maxAge?: number }

function serialize(name: string, value: string, o: CookieOptions): string {
  const parts = [`${name}=${value}`];
  if (o.maxAge !== undefined) parts.push(`Max-Age=${o.maxAge}`);
  if (o.maxAge === 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  parts.push(`Path=${o.path}`, 'HttpOnly', 'SameSite=Strict');
  if (o.secure) parts.push('Secure');
  return parts.join('; ');
}

/** Secure when the browser reached us over https (directly, or through a proxy that says so). */
export function isHttps(req: FastifyRequest, publicBaseUrl: string): boolean {
  return req.protocol === 'https' || publicBaseUrl.startsWith('https:');
}

/**
 * HttpOnly (no script can read it), SameSite=Strict (no other site can make the browser send
 * it), scoped to /organiser (the JSON API never sees it), Secure over https. No Max-Age: it
 * goes with the browser session, and the server's expiry applies in any case.
 */
export function sessionCookie(value: string, secure: boolean): string {
  return serialize(SESSION_COOKIE, value, { path: '/organiser', secure });
}

export function signInCookie(value: string, secure: boolean): string {
  return serialize(SIGN_IN_COOKIE, value, { path: '/organiser/sign-in', secure, maxAge: 3600 });
}

export function clearCookie(name: string, path: string, secure: boolean): string {
  return serialize(name, '', { path, secure, maxAge: 0 });
}

/** Constant-time comparison of a submitted token with the expected one. */
export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}
