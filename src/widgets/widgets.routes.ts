import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { EMBEDDABLE } from '../common/security-headers';
import { fastifyOf } from '../progress/progress.routes';
import { WidgetRoute, WidgetsHttp } from './widgets-http.service';

/**
 * Widget routes on Fastify itself, without the global security headers, like the progress reads (see
 * progress.routes.ts for why). The static /widgets/embed.js wins over /widgets/:slug.
 */
@Injectable()
export class WidgetsRoutes implements OnModuleInit {
  constructor(
    private readonly host: HttpAdapterHost,
    private readonly widgets: WidgetsHttp,
  ) {}

  onModuleInit(): void {
    const fastify = fastifyOf(this.host);
    if (!fastify) return;
    const w = this.widgets;
    fastify.route({ ...EMBEDDABLE, method: 'GET', url: '/widgets/embed.js', handler: (_req, reply) => w.embed(reply) });
    fastify.route<WidgetRoute>({ ...EMBEDDABLE, method: 'GET', url: '/widgets/:slug.svg', handler: (req, reply) => w.badge(req, reply) });
    fastify.route<WidgetRoute>({ ...EMBEDDABLE, method: 'GET', url: '/widgets/:slug.png', handler: (req, reply) => w.card(req, reply) });
    fastify.route<WidgetRoute>({ ...EMBEDDABLE, method: 'GET', url: '/widgets/:slug', handler: (req, reply) => w.page(req, reply) });
  }
}
