import { BadRequestException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parse as parseQueryString } from 'fast-querystring';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config';
import { formShapeProblem, jsonShapeProblem } from './json-shape';

type Done = (err: Error | null, body?: unknown) => void;

/** Routes that take a larger body and read it themselves (signed raw bytes). */
export const RAW_BODY_ROUTES = new Set(['/webhooks/stripe']);
/** Stripe's events are far smaller; its documentation allows for large ones. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

type Limits = Pick<AppConfig, 'BODY_LIMIT' | 'REQUEST_TIMEOUT_MS' | 'HEADERS_TIMEOUT_MS' | 'KEEP_ALIVE_TIMEOUT_MS'>;

/**
 * Fastify server options that bound what a client can make the process hold: the body limit
 * every route (404s included) starts from, and the socket timeouts.
 *
 * Node checks the header and request timeouts only every `connectionsCheckingInterval` (30 s by
 * default), so a 30 s timeout could take a minute to bite, and a short one in a test looked as if
 * it never did. The check runs over open requests only (not idle keep-alive sockets or streams
 * whose request has arrived), so checking often is cheap.
 */
export function frontDoorServerOptions(config: Limits) {
  const shortest = Math.min(config.HEADERS_TIMEOUT_MS, config.REQUEST_TIMEOUT_MS);
  return {
    bodyLimit: config.BODY_LIMIT,
    // Until the whole request has arrived; a late one gets 408 and its socket is closed.
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    keepAliveTimeout: config.KEEP_ALIVE_TIMEOUT_MS,
    http: {
      headersTimeout: config.HEADERS_TIMEOUT_MS,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(shortest / 4))),
    },
  };
}

/**
 * Bodies are bounded before any work is done on them:
 * - the webhook route alone accepts 1 MiB, and its bytes are not parsed here at all: the
 *   controller verifies the signature over them and only then does Stripe's SDK parse them;
 * - a 404 never parses its body (nobody reads it);
 * - every other JSON body is scanned for depth and member count before JSON.parse, whose cost
 *   on a deeply nested body is what let one client stall the event loop.
 * Must run before app.init(), which registers the routes and Nest's default parsers.
 */
export function installBodyParsing(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route) => {
    if (RAW_BODY_ROUTES.has(route.url ?? '')) route.bodyLimit = WEBHOOK_BODY_LIMIT;
  });
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', {}, (req: FastifyRequest, body: Buffer, done: Done) => {
    if (req.is404 || RAW_BODY_ROUTES.has(req.routeOptions.url ?? '')) return done(null, undefined);
    const problem = jsonShapeProblem(body);
    if (problem) return done(new BadRequestException([problem]));
    // Fastify's own JSON parser (secure-json-parse, prototype poisoning refused) takes a Buffer
    // as well, though its type says string.
    parseJson(req, body as unknown as string, done);
  });
  app.useBodyParser('application/x-www-form-urlencoded', {}, (req: FastifyRequest, body: Buffer, done: Done) => {
    // Not on the webhook either: decoding its 1 MiB of percent-escapes costs 30-60 ms.
    if (req.is404 || RAW_BODY_ROUTES.has(req.routeOptions.url ?? '')) return done(null, undefined);
    // fast-querystring spends ~7 ms on 64 KB of `a=1&b=1&...`: count the fields first.
    const problem = formShapeProblem(body);
    if (problem) return done(new BadRequestException([problem]));
    // As Nest's default form parser (the same fast-querystring), which a custom one replaces: a
    // `__proto__` field is refused like one in JSON (copied onto an object, it would replace
    // that object's prototype).
    const form = parseQueryString(body.toString()) as Record<string, unknown>;
    if (Object.hasOwn(form, '__proto__')) return done(new BadRequestException('Object contains forbidden prototype property'));
    done(null, form);
  });
}
