import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { RECORD_WEBHOOK_FAILURE } from '../payments.queries';

const WEBHOOK_ROUTE = '/webhooks/stripe';
const EVENT_ID = /^evt_[A-Za-z0-9_]{1,250}$/;
const EVENT_TYPE = /^[a-z0-9_.]{1,100}$/;

/**
 * Records every Stripe event the webhook endpoint answered with a 5xx (Stripe will redeliver
 * it). Those events leave no trace in stripe_events because their transaction rolled back, and
 * the metric counts them without saying which; this table names them for the health panel and
 * is shared by every instance (an in-memory list would show one instance's failures and forget
 * them at each deploy).
 *
 * It watches responses rather than the webhook code so the payments module stays unaware of
 * the dashboard. Only a 5xx is recorded, and the controller answers 400 to anything that fails
 * signature verification, so the body read here is always one Stripe signed (the webhook's
 * bytes are not parsed on arrival: the controller sets the verified event as the body).
 */
@Injectable()
export class WebhookFailureRecorder implements OnModuleInit {
  private readonly logger = new Logger(WebhookFailureRecorder.name);

  constructor(
    private readonly host: HttpAdapterHost,
    private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    // A callback-style hook: it runs after every response on every route, and on all but a
    // failed webhook it must cost nothing (no promise per request on the hot public reads).
    fastify?.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
      if (reply.statusCode < 500 || req.routeOptions.url !== WEBHOOK_ROUTE) return done();
      const event = req.body as { id?: unknown; type?: unknown } | undefined;
      if (typeof event?.id !== 'string' || !EVENT_ID.test(event.id)) return done();
      const type = typeof event.type === 'string' && EVENT_TYPE.test(event.type) ? event.type : 'unknown';
      this.record(event.id, type, reply.statusCode)
        .catch((e) => this.logger.warn(`could not record failed event ${event.id}: ${String(e)}`))
        .finally(done);
    });
  }

  record(eventId: string, type: string, status: number): Promise<unknown> {
    return this.ds.query(RECORD_WEBHOOK_FAILURE, [eventId, type, Math.min(Math.max(status, 500), 599)]);
  }
}
