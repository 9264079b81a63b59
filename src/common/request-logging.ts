import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Params } from 'nestjs-pino';
import { stdSerializers, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** The caller's X-Request-Id when it is a sane token, otherwise a new UUID. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
}

/**
 * Routes with no access log line. The public reads are what an embedded widget fetches on every
 * page view of an article: at tens of thousands a second, a JSON line each would cost more than
 * the read itself and drown the lines that matter. The request metrics still count every one
 * (`http_request_duration_seconds`), and their handlers log their own failures. Probes and the
 * metrics scrape are left out for the same reason.
 */
export const UNLOGGED_ROUTES: ReadonlySet<string> = new Set([
  '/api/appeals/:slug/progress',
  '/api/appeals/:slug',
  '/widgets/:slug.svg',
  '/widgets/:slug',
  '/widgets/embed.js',
  '/health',
  '/health/ready',
  '/metrics',
]);

/**
 * nestjs-pino builds the root logger (level, redaction) that the application logs through. Its
 * own HTTP middleware is not mounted: under NestJS 12 on Fastify its default route pattern
 * matched no request at all (nothing was ever access-logged), and a matching one runs through
 * @fastify/middie on every request, which more than halved the throughput of the public reads.
 * `installRequestLogging` logs from a Fastify hook instead.
 */
export function loggerParams(level: string): Params {
  return {
    forRoutes: [],
    pinoHttp: {
      level,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["stripe-signature"]'],
    },
  };
}

/**
 * One "request completed" line per request (warn for 4xx, error for 5xx), carrying Fastify's
 * request id, which the response repeats in X-Request-Id; on UNLOGGED_ROUTES the hook returns
 * after one set lookup.
 */
export function installRequestLogging(fastify: FastifyInstance, root: Logger): void {
  const log = pinoHttp({
    logger: root,
    genReqId: (req) => req.id as string,
    // The response headers are the same security headers on every line: the status is what matters.
    // pino-http makes an Error (with a stack) for every 5xx without one; only its message says anything.
    serializers: {
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: (e: Error) => (/^failed with status code \d+$/.test(e.message) ? { message: e.message } : stdSerializers.err(e)),
    },
    customLogLevel: (_req, res, err) => {
      // A 503 with Retry-After is load shed on purpose (the stream cap): a client can cause any
      // number of them, so they must not flood the error log or page anyone.
      if (!err && res.statusCode === 503 && res.getHeader('retry-after') !== undefined) return 'warn';
      return err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
    },
  });
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (UNLOGGED_ROUTES.has(req.routeOptions.url ?? '')) return done();
    (req.raw as IncomingMessage & { id?: string }).id = req.id;
    // The id in the log line, handed back so a caller (or Stripe's dashboard) can quote it.
    reply.raw.setHeader('x-request-id', req.id);
    log(req.raw, reply.raw as ServerResponse);
    done();
  });
}
