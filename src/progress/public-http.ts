import { createHash } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A response serialised once and served many times: bytes, ETag and complete headers. */
export interface CachedBody {
  bytes: Buffer;
  etag: string;
  ok: OutgoingHttpHeaders;
  notModified: OutgoingHttpHeaders;
}

/** Short enough that a CDN in front follows the total closely, long enough to absorb a rush. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=30';

/**
 * Headers every public read sets itself. These routes are registered EMBEDDABLE, without the
 * global security headers (their X-Frame-Options, frame-ancestors 'self' and
 * Cross-Origin-Resource-Policy: same-origin would break embedding), so what matters is here.
 */
export const PUBLIC_JSON_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': PUBLIC_CACHE_CONTROL,
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'ETag',
  'cross-origin-resource-policy': 'cross-origin',
  'x-content-type-options': 'nosniff',
};

export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, OPTIONS',
  'access-control-allow-headers': 'If-None-Match, Last-Event-ID, Cache-Control',
  'access-control-max-age': '86400',
};

/** If-None-Match per RFC 9110: a list, weak comparison, or "*". */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header === etag) return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === bare;
  });
}

/**
 * The ETag starts with the totals version (what moves when money moves) and adds a digest of the
 * bytes, because an organiser's edit (title, target, status) changes the body without changing
 * the version, and a 304 must never hide that.
 */
export function etagOf(version: number, bytes: Buffer | string): string {
  const digest = createHash('sha1').update(bytes).digest('base64url').slice(0, 12);
  return `"${version}-${digest}"`;
}

export function cachedBody(version: number, content: string | Buffer, headers: Readonly<Record<string, string>>): CachedBody {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  const etag = etagOf(version, bytes);
  return {
    bytes,
    etag,
    ok: { ...headers, etag, 'content-length': String(bytes.length) },
    notModified: { ...headers, etag },
  };
}

/**
 * Sends ready bytes, or 304 when the client already holds them. Written straight to the socket:
 * on a read this small, Fastify's reply pipeline (header normalisation, onSend, serialisation)
 * would be most of the cost. onResponse hooks (request metrics) still run on 'finish'.
 */
export function sendCached(req: FastifyRequest, reply: FastifyReply, body: CachedBody): void {
  const fresh = matchesEtag(req.headers['if-none-match'], body.etag);
  reply.hijack();
  reply.raw.writeHead(fresh ? 304 : 200, fresh ? body.notModified : body.ok);
  reply.raw.end(fresh ? undefined : body.bytes);
}

/** The same {statusCode, error, message} shape as every other error of the API. */
export function sendJsonError(reply: FastifyReply, statusCode: 400 | 404 | 503, message: string | string[]): void {
  const error = statusCode === 404 ? 'Not Found' : statusCode === 400 ? 'Bad Request' : 'Service Unavailable';
  reply
    .code(statusCode)
    .headers({
      ...PUBLIC_JSON_HEADERS,
      'cache-control': statusCode === 503 ? 'no-store' : 'public, max-age=5',
    })
    .send(JSON.stringify({ statusCode, error, message }));
}

export const notFoundMessage = (slug: string): string => `No appeal with slug "${slug}"`;
