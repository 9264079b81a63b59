import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MetricsService } from '../metrics/metrics.service';
import { RAW_BODY_ROUTES } from './front-door';

// An unpaired UTF-16 surrogate is not text: it cannot be encoded for PostgreSQL, Stripe or a
// URL (encodeURIComponent throws), so it is refused at the door like NUL.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (s: string) => s.includes('\0') || LONE_SURROGATE.test(s);

/** Path of the first string (or key) holding a NUL character or an unpaired surrogate. */
export function findNul(value: unknown, path = 'body', depth = 0): string | null {
  if (depth > 32) return null;
  if (typeof value === 'string') return unstorable(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const p = findNul(v, `${path}[${i}]`, depth + 1);
      if (p) return p;
    }
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

/**
 * Fastify-level protections that run before Nest: refusal of NUL characters anywhere in the
 * input, and request duration metrics by route. (Body limits, depth and size: front-door.ts.)
 */
export function installRequestGuards(fastify: FastifyInstance, opts: { metrics: MetricsService }): void {
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
  let where = (req.body === undefined ? null : findNul(req.body)) ?? findNul(req.query, 'query') ?? findNul(req.params, 'path');
  if (!where && req.url.includes('%00')) where = 'url';
  return where ? `${where} must not contain the NUL character (\\u0000) or an unpaired UTF-16 surrogate` : null;
}
