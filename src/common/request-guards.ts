import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MetricsService } from '../metrics/metrics.service';

/** Routes that take a larger body and read it themselves (signed raw bytes). */
const RAW_BODY_ROUTES = new Set(['/webhooks/stripe']);

/** Path of the first string (or key) holding a NUL character, which PostgreSQL text rejects. */
export function findNul(value: unknown, path = 'body', depth = 0): string | null {
  if (depth > 32) return null;
  if (typeof value === 'string') return value.includes('\0') ? path : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) { const p = findNul(v, `${path}[${i}]`, depth + 1); if (p) return p; }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\0')) return `${path} (a field name)`;
      const p = findNul(v, path === 'body' ? k : `${path}.${k}`, depth + 1);
      if (p) return p;
    }
  }
  return null;
}

/**
 * Fastify-level protections that run before Nest: a per-route body limit, refusal of NUL
 * characters anywhere in the input, and request duration metrics by route.
 */
export function installRequestGuards(fastify: FastifyInstance, opts: { bodyLimit: number; metrics: MetricsService }): void {
  fastify.addHook('onRoute', (route) => {
    if (!RAW_BODY_ROUTES.has(route.url ?? '')) route.bodyLimit = route.bodyLimit ?? opts.bodyLimit;
  });
  fastify.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    if (RAW_BODY_ROUTES.has(req.routeOptions.url ?? '')) return;
    let where = findNul(req.body) ?? findNul(req.query, 'query') ?? findNul(req.params, 'path');
    if (!where && req.url.includes('%00')) where = 'url';
    if (where) {
      return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: [`${where} must not contain the NUL character (\\u0000)`] });
    }
  });
  fastify.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    opts.metrics.httpDuration.labels(req.method, route, String(reply.statusCode)).observe(reply.elapsedTime / 1000);
  });
}
