import { BadRequestException, HttpException, Injectable, NotFoundException } from '@nestjs/common';
import type Stripe from 'stripe';
import {
  ORGANISER_ACTIONS,
  SandboxApiError,
  isSandboxAction,
  runAction,
  type PaymentRecord,
  type StripeSandbox,
} from '../../payments/stripe/sandbox';
import { StripeGateway } from '../../payments/stripe/stripe-gateway';

/**
 * The sandbox's state and controls as the service's own pages and API reach them. The module
 * holding this is imported only in sandbox mode, so with a Stripe key none of it exists.
 */
@Injectable()
export class SandboxPagesService {
  constructor(private readonly gateway: StripeGateway) {}

  private get sandbox(): StripeSandbox {
    if (!this.gateway.sandbox) throw new NotFoundException('The Stripe sandbox runs only without STRIPE_SECRET_KEY');
    return this.gateway.sandbox;
  }

  sessions(): PaymentRecord[] {
    return this.sandbox.ledger.allSessions();
  }

  record(sessionId: string): PaymentRecord {
    return this.translate(() => this.sandbox.ledger.sessionRecord(sessionId));
  }

  /** The current objects, as the Stripe API would answer for them now. */
  state(sessionId: string): {
    session: Stripe.Checkout.Session;
    payment_intent: Stripe.PaymentIntent | null;
    charge: Stripe.Charge | null;
    refunds: Stripe.Refund[];
    dispute: Stripe.Dispute | null;
  } {
    const r = this.record(sessionId);
    return {
      session: r.session,
      payment_intent: r.payment?.intent ?? null,
      charge: r.payment?.charge ?? null,
      refunds: [...r.refunds].reverse(),
      dispute: r.dispute ?? null,
    };
  }

  async pay(sessionId: string, outcome: string): Promise<Stripe.Event[]> {
    if (outcome !== 'paid' && outcome !== 'declined' && outcome !== 'delayed') {
      throw new BadRequestException('outcome must be one of paid, declined, delayed');
    }
    return this.translateAsync(() => this.sandbox.pay(sessionId, outcome));
  }

  /** An organiser's action; the events it sent (already stored, delivered in order). */
  async act(sessionId: string, action: string, input: Record<string, unknown>): Promise<Stripe.Event[]> {
    if (!isSandboxAction(action, ORGANISER_ACTIONS)) {
      throw new NotFoundException(`Unknown sandbox action "${action}"; use one of ${ORGANISER_ACTIONS.join(', ')}`);
    }
    this.record(sessionId); // 404 for an unknown session before anything else
    return this.translateAsync(() => runAction(this.sandbox, sessionId, action, input));
  }

  private translate<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw toHttp(e);
    }
  }

  private async translateAsync<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toHttp(e);
    }
  }
}

/** The sandbox answers like Stripe (400 or 404 with a message naming the param); so does the service. */
function toHttp(e: unknown): unknown {
  if (!(e instanceof SandboxApiError)) return e;
  const message = e.body.param ? `${e.body.param}: ${e.body.message}` : e.body.message;
  return e.status === 404 ? new NotFoundException(message) : new HttpException(message, e.status);
}
