import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EMBEDDABLE } from '../common/security-headers';
import { clientKey } from '../common/client-address';
import { ProgressHttp } from './progress-http.service';
import { ProgressStreams } from './progress-streams.service';
import { SupportersHttp } from './supporters-http.service';
import { notFoundMessage, PREFLIGHT_HEADERS, sendJsonError } from './public-http';

/** The Fastify instance under Nest, or undefined in a testing module without HTTP. */
export function fastifyOf(host: HttpAdapterHost): FastifyInstance | undefined {
  return host.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
}

export function preflight(_req: FastifyRequest, reply: FastifyReply): void {
  reply.code(204).headers(PREFLIGHT_HEADERS).send();
}

/**
 * The hot public reads are registered on Fastify itself rather than as Nest controllers: a read
 * is a map lookup and a write of ready bytes, and Nest's pipeline and security headers cost more than that
 * (see README, "Live progress and widgets"). These handlers stay one line each; the work is in
 * ProgressHttp and ProgressStreams. Documented in OpenAPI by progress.openapi.ts.
 */
@Injectable()
export class ProgressRoutes implements OnModuleInit {
  constructor(
    private readonly host: HttpAdapterHost,
    private readonly http: ProgressHttp,
    private readonly streams: ProgressStreams,
    private readonly supporters: SupportersHttp,
  ) {}

  onModuleInit(): void {
    const fastify = fastifyOf(this.host);
    if (!fastify) return;
    const { http, streams } = this;
    // The public face of an appeal is the same cached bytes as its progress.
    for (const url of ['/api/appeals/:slug/progress', '/api/appeals/:slug']) {
      fastify.route<{ Params: { slug: string } }>({
        ...EMBEDDABLE,
        method: 'GET',
        url,
        handler: (req, reply) => http.sendJson(req, reply),
      });
    }
    fastify.route<{ Params: { slug: string } }>({
      // No automatic HEAD twin: a HEAD would open a stream that never sends anything.
      ...EMBEDDABLE,
      method: 'GET',
      url: '/api/appeals/:slug/progress/stream',
      exposeHeadRoute: false,
      handler: (req, reply) =>
        http.withEntry(
          req.params.slug,
          reply,
          // req.ip: the socket's address, or the client's as the trusted proxies report it; counted
          // under the rate limits' key (an IPv6 client by its /64), else one client rotates addresses.
          (entry) => {
            reply.hijack();
            streams.open(entry, reply.raw, clientKey(req.ip));
          },
          () => sendJsonError(reply, 404, notFoundMessage(req.params.slug)),
        ),
    });
    fastify.route<{ Params: { slug: string }; Querystring: Record<string, unknown> }>({
      ...EMBEDDABLE,
      method: 'GET',
      url: '/api/appeals/:slug/supporters',
      handler: (req, reply) => this.supporters.send(req, reply),
    });
    for (const url of [
      '/api/appeals/:slug',
      '/api/appeals/:slug/progress',
      '/api/appeals/:slug/progress/stream',
      '/api/appeals/:slug/supporters',
    ]) {
      fastify.route({ ...EMBEDDABLE, method: 'OPTIONS', url, handler: preflight });
    }
  }
}
