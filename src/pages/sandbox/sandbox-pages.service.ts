import { BadRequestException, HttpException, Injectable, NotFoundException } from '@nestjs/common';
import type Stripe from 'stripe';
import {
  ORGANISER_ACTIONS,
  SandboxApiError,
  isSandboxAction,
  months,
  runAction,
  type PaymentRecord,
  type StripeSandbox,
  type SubscriptionRecord,
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

  /** A subscription-mode session's subscription, once paid. */
  subscriptionOf(sessionId: string): SubscriptionRecord | null {
    return this.sandbox.ledger.billing.forSession(sessionId) ?? null;
  }

  /** The checkout session a session, PaymentIntent, charge or subscription id belongs to (for redirects). */
  sessionIdOf(id: string): string {
    return this.translate(() => {
      try {
        return this.sandbox.ledger.findRecord(id).session.id;
      } catch {
        return this.sandbox.ledger.billing.find(id).session.id;
      }
    });
  }

  /** The sandbox's test clock (every Checkout subscription is on it); null until the first subscription or advance. */
  clock(): Stripe.TestHelpers.TestClock | null {
    return this.sandbox.ledger.billing.clocks.sandboxClockIfAny();
  }

  /** The months field of a clock control (1 to 24), with the sandbox's 400 for anything else. */
  months(input: Record<string, unknown>): number {
    return this.translate(() => months(input));
  }

  async advance(months: number): Promise<Stripe.Event[]> {
    return this.translateAsync(() => this.sandbox.advanceMonths(months));
  }

  /** A customer portal session and the customer's plans; 404 for an unknown one. */
  portal(id: string): { portal: Stripe.BillingPortal.Session; plans: SubscriptionRecord[] } {
    return this.translate(() => {
      const portal = this.sandbox.ledger.billing.portalSession(id);
      return { portal, plans: this.sandbox.ledger.billing.subscriptionsOf(portal.customer) };
    });
  }

  /** The donor cancels (at period end, as the portal does by default) or keeps a plan of their own. */
  async portalChange(id: string, subscriptionId: string, change: 'cancel' | 'renew'): Promise<Stripe.Event[]> {
    const { plans } = this.portal(id);
    const plan = plans.find((p) => p.sub.id === subscriptionId);
    if (!plan) throw new NotFoundException('No such plan for this customer');
    const billing = this.sandbox.ledger.billing;
    return this.translateAsync(async () =>
      change === 'cancel' ? billing.cancel(plan.sub.id, { atPeriodEnd: true }) : billing.renew(plan.sub.id),
    );
  }

  /** The current objects, as the Stripe API would answer for them now. */
  state(sessionId: string): {
    session: Stripe.Checkout.Session;
    payment_intent: Stripe.PaymentIntent | null;
    charge: Stripe.Charge | null;
    refunds: Stripe.Refund[];
    dispute: Stripe.Dispute | null;
    subscription: Stripe.Subscription | null;
    invoices: Array<{
      invoice: Stripe.Invoice;
      invoice_payment: Stripe.InvoicePayment;
      payment_intent: Stripe.PaymentIntent;
      charge: Stripe.Charge;
    }>;
  } {
    const r = this.record(sessionId);
    const plan = this.subscriptionOf(sessionId);
    return {
      session: r.session,
      payment_intent: r.payment?.intent ?? null,
      charge: r.payment?.charge ?? null,
      refunds: [...r.refunds].reverse(),
      dispute: r.dispute ?? null,
      subscription: plan?.sub ?? null,
      invoices: (plan?.invoices ?? []).map((e) => ({
        invoice: e.invoice,
        invoice_payment: e.invoicePayment,
        payment_intent: e.record.payment!.intent,
        charge: e.record.payment!.charge,
      })),
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
    this.sessionIdOf(sessionId); // 404 for an unknown session, payment or subscription before anything else
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
