import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per app instance, so tests can run several apps in one process. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly webhookEvents = new Counter({
    name: 'stripe_webhook_events_total',
    help: 'Stripe webhook deliveries by event type and outcome (applied, duplicate, ignored, rejected, failed, retry_later)',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly otherApiVersion = new Counter({
    name: 'stripe_events_other_api_version_total',
    help: 'Verified Stripe events whose api_version is not the pinned one, by version (set the endpoint version in the Stripe dashboard)',
    labelNames: ['version'] as const,
    registers: [this.registry],
  });

  readonly giftsCounted = new Counter({
    name: 'gifts_counted_total',
    help: 'Gifts added to appeal totals, by source',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly openStreams = new Gauge({
    name: 'progress_open_streams',
    help: 'Open Server-Sent Events progress streams',
    registers: [this.registry],
  });

  readonly streamsRefused = new Counter({
    name: 'progress_streams_refused_total',
    help: 'Progress streams refused over a cap: per client address (429) or per instance (503)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly connectionsRefused = new Counter({
    name: 'http_connections_refused_total',
    help: 'TCP connections closed on arrival because their client address held CONNECTIONS_PER_ADDRESS already',
    registers: [this.registry],
  });

  readonly shareCardRenders = new Counter({
    name: 'share_card_renders_total',
    help: 'Share card PNGs rendered (each state once per instance), failed, or refused because too many were waiting (busy)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
