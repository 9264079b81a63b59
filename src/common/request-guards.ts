import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MetricsService } from '../metrics/metrics.service';

/** Routes that take a larger body and read it themselves (signed raw bytes). */
const RAW_BODY_ROUTES = new Set(['/webhooks/stripe']);

// An unpaired UTF-16 surrogate is not text: it cannot be encoded for PostgreSQL, Stripe or a
// URL (encodeURIComponent throws), so it is refused at the door like NUL.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (s: string) => s.includes('\0') || LONE_SURROGATE.test(s);

/** Path of the first string (or key) holding a NUL character or an unpaired surrogate. */
export function findNul(value: unknown, path = 'body', depth = 0): string | null {
  if (depth > 32) return null;
  if (typeof value === 'string') return unstorable(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) { const p = findNul(v, `${path}[${i}]`, depth + 1); if (p) return p; }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (unstorable(k)) return `${path} (a field name)`;
      const p = findNul(v, path === 'body' ? k : `${path}.${k}`, depth + 1);
      if (p) return p;
    }
  }
  return null;
}

/** No request body of this API nests deeper than a few levels; validation recurses per level. */
export const MAX_BODY_DEPTH = 32;

/**
 * True when `value` nests deeper than `max` arrays/objects. It stops descending at the limit, so
 * it cannot itself overflow the stack the way class-transformer did on `[[[[...]]]]` (a 500).
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  if (!value || typeof value !== 'object') return false;
  if (max <= 0) return true;
  return Object.values(value).some((v) => nestsDeeperThan(v, max - 1));
}

/**
 * Fastify-level protections that run before Nest: a per-route body limit, refusal of NUL
 * characters anywhere in the input, and request duration metrics by route.
 */
export function installRequestGuards(fastify: FastifyInstance, opts: { bodyLimit: number; metrics: MetricsService }): void {
  fastify.addHook('onRoute', (route) => {
    if (!RAW_BODY_ROUTES.has(route.url ?? '')) route.bodyLimit = route.bodyLimit ?? opts.bodyLimit;
  });
  // Callback-style hooks: they run on every request, including the hot public reads, where a
  // promise per hook per request is measurable.
  fastify.addHook('preHandler', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const problem = inputProblem(req);
    if (!problem) return done();
    reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: [problem] });
  });
  fastify.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const route = req.routeOptions.url ?? 'unmatched';
    opts.metrics.httpDuration.labels(req.method, route, String(reply.statusCode)).observe(reply.elapsedTime / 1000);
    done();
  });
}

/** What is wrong with a request's input before validation, or null. */
function inputProblem(req: FastifyRequest): string | null {
  if (RAW_BODY_ROUTES.has(req.routeOptions.url ?? '')) return null;
  if (req.body !== undefined && nestsDeeperThan(req.body, MAX_BODY_DEPTH)) return `body nests more than ${MAX_BODY_DEPTH} levels of arrays or objects`;
  let where = (req.body === undefined ? null : findNul(req.body)) ?? findNul(req.query, 'query') ?? findNul(req.params, 'path');
  if (!where && req.url.includes('%00')) where = 'url';
  return where ? `${where} must not contain the NUL character (\\u0000) or an unpaired UTF-16 surrogate` : null;
}
