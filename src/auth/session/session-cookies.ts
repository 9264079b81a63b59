import { timingSafeEqual } from 'node:crypto';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'organiser_session';
/** Double-submit token for the sign-in form, which has no session to hold a CSRF token yet. */
export const SIGN_IN_COOKIE = 'organiser_signin';

export const SESSION_PATH = '/organiser';
/** Proof that this browser signed in to an account before (PersonSignInService.deviceToken). */
export const DEVICE_COOKIE = 'organiser_device';

/** Parsed by @fastify/cookie (registered in create-app.ts). */
export function readCookie(req: FastifyRequest, name: string): string | undefined {
  return req.cookies[name];
}

/** Secure when the browser reached us over https (directly, or through a proxy that says so). */
export function isHttps(req: FastifyRequest, publicBaseUrl: string): boolean {
  return req.protocol === 'https' || publicBaseUrl.startsWith('https:');
}

/**
 * HttpOnly (no script can read it), SameSite=Strict (no other site can make the browser send
 * it), Secure over https. Set as options rather than @fastify/cookie's `secure: 'auto'`, which
 * looks at req.protocol only and so misses an https PUBLIC_BASE_URL.
 */
const flags = (path: string, secure: boolean): CookieSerializeOptions => ({ path, secure, httpOnly: true, sameSite: 'strict' });

/**
 * Scoped to /organiser (the JSON API never sees it). No Max-Age: it goes with the browser
 * session, and the server's expiry applies in any case.
 */
export function setSessionCookie(reply: FastifyReply, value: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, value, flags(SESSION_PATH, secure));
}

export function setSignInCookie(reply: FastifyReply, value: string, secure: boolean): void {
  reply.setCookie(SIGN_IN_COOKIE, value, { ...flags('/organiser/sign-in', secure), maxAge: 3600 });
}

/** Max-Age=0 and an Expires in 1970, with the flags it was set with. */
export function clearCookie(reply: FastifyReply, name: string, path: string, secure: boolean): void {
  reply.clearCookie(name, flags(path, secure));
}

/** Constant-time comparison of a submitted token with the expected one. */
export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** A year, sent only to the sign-in form: it separates the owner's own attempts from an attacker's. */
export function setDeviceCookie(reply: FastifyReply, value: string, secure: boolean): void {
  reply.setCookie(DEVICE_COOKIE, value, { ...flags('/organiser/sign-in', secure), maxAge: 365 * 24 * 3600 });
}
