import { Controller, Headers, HttpCode, Post, RawBodyRequest, Req } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type Stripe from 'stripe';
import { MetricsService } from '../../metrics/metrics.service';
import { PaymentsError } from './payments.error';
import { StripeGateway } from './stripe-gateway';
import { WebhookService } from './webhook.service';

const TOLERANCE_S = 300;
/** 9999-12-31T23:59:59Z. */
const MAX_CREATED_S = 253_402_300_799;

@Controller('webhooks')
export class WebhookController {
  constructor(
    private readonly gateway: StripeGateway,
    private readonly webhooks: WebhookService,
    private readonly metrics: MetricsService,
  ) {}

  /** 200 once the event is committed (or was already); 400 for anything not signed by Stripe. */
  @Post('stripe')
  @HttpCode(200)
  @ApiExcludeEndpoint()
  async receive(@Req() req: RawBodyRequest<FastifyRequest>, @Headers('stripe-signature') signature?: string) {
    const event = this.verify(req.rawBody, signature);
    // The body arrived as raw bytes, unparsed (common/front-door.ts); once verified, the event is
    // the request's body, which the health panel's failure recorder reads after a 5xx.
    req.body = event;
    const outcome = await this.webhooks.process(event, 'webhook');
    return { received: true, id: event.id, outcome };
  }

  /** Only the raw bytes are trusted: nothing parsed is read before the signature checks out. */
  private verify(raw: Buffer | undefined, signature: string | undefined): Stripe.Event {
    const reject = (why: string) => {
      this.metrics.webhookEvents.labels('unverified', 'rejected').inc();
      return PaymentsError.badSignature(why);
    };
    if (!raw?.length) throw reject('empty body: a Stripe event is expected');
    if (!signature) throw reject('missing Stripe-Signature header');
    const event = this.constructEvent(raw, signature, reject);
    if (
      !event ||
      typeof event.id !== 'string' ||
      typeof event.type !== 'string' ||
      typeof event.created !== 'number' ||
      !event.data?.object
    ) {
      throw reject('signed body is not a Stripe event');
    }
    // Signed but impossible for Stripe: named 400s, not a database error (a 500 Stripe retries for days).
    if (!event.id || event.id.length > 255) throw PaymentsError.badEvent('event id must be 1-255 characters');
    if (!event.type || event.type.length > 100) throw PaymentsError.badEvent('event type must be 1-100 characters');
    // Stored as a timestamp: a time no date can hold would be a database error.
    if (!Number.isSafeInteger(event.created) || event.created < 0 || event.created > MAX_CREATED_S)
      throw PaymentsError.badEvent('event created must be a Unix time in seconds');
    const version: unknown = event.api_version;
    if (version != null && (typeof version !== 'string' || version.length > 64))
      throw PaymentsError.badEvent('event api_version must be a string of at most 64 characters');
    if (Boolean(event.livemode) !== this.gateway.livemode) {
      throw reject(`event livemode=${event.livemode} does not match this service's ${this.gateway.livemode ? 'live' : 'test'} key`);
    }
    return event;
  }

  /**
   * Tries every configured secret: while a secret is rolled, or when two endpoints post here,
   * an event signed by any of them is Stripe's.
   */
  private constructEvent(raw: Buffer, signature: string, reject: (why: string) => PaymentsError): Stripe.Event {
    let failure = 'invalid';
    for (const secret of this.gateway.webhookSecrets) {
      try {
        return this.gateway.stripe.webhooks.constructEvent(raw, signature, secret, TOLERANCE_S);
      } catch (e) {
        failure = e instanceof Error ? e.message.split('\n')[0] : 'invalid';
      }
    }
    throw reject(`signature verification failed: ${failure}`);
  }
}
