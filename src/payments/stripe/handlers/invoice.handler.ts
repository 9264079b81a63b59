import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { EntityManager } from 'typeorm';
import { LedgerService } from '../../../donations/ledger.service';
import { FoundPlan } from '../../../donations/plan-ledger.service';
import { MAX_GIFT_MINOR } from '../../../money';
import { InvoiceFacts, invoiceFacts, InvoicePaymentFacts, invoicePaymentFacts, SubscriptionFacts } from '../billing-mappers';
import { StripeGateway } from '../stripe-gateway';
import { currentSubscription, paidInvoicePayment } from './billing-reads';
import { findDonation } from './donation-lookup';
import { Outcome, StripeEventHandler } from './handler';
import { PlanTracker } from './plan-tracker';
import { unknownPayment } from './unknown-payment';

interface PaidPrepared {
  sub: SubscriptionFacts | null;
  payment: InvoicePaymentFacts | null;
}

/**
 * invoice.paid: each paid invoice of a monthly gift is one donation, counted once (the invoice
 * id is unique on donations), whatever order and however often the events arrive. The first
 * invoice pays the donation our checkout made; later ones are new donations of the plan. A
 * payment after the appeal's end is recorded as `after_end` and never counted. The invoice's
 * own payment (read from the API here, or from invoice_payment.paid) is stored so its refunds
 * and disputes find the donation.
 */
@Injectable()
export class InvoicePaidHandler implements StripeEventHandler<PaidPrepared> {
  readonly types = ['invoice.paid'] as const;

  constructor(
    private readonly ledger: LedgerService,
    private readonly tracker: PlanTracker,
    private readonly gateway: StripeGateway,
  ) {}

  async prepare(_em: EntityManager, event: Stripe.Event): Promise<PaidPrepared> {
    const f = invoiceFacts(event.data.object as Stripe.Invoice);
    if (!f.subscriptionId) return { sub: null, payment: null };
    const [sub, payment] = await Promise.all([
      currentSubscription(this.gateway, f.subscriptionId),
      f.amountPaid > 0 ? paidInvoicePayment(this.gateway, f.invoiceId) : null,
    ]);
    return { sub, payment };
  }

  async handle(em: EntityManager, event: Stripe.Event, prepared?: PaidPrepared): Promise<Outcome> {
    const f = invoiceFacts(event.data.object as Stripe.Invoice);
    // An invoice outside any subscription (sent by hand from the dashboard) is not a monthly gift.
    if (!f.subscriptionId) return 'ignored';
    const { sub = null, payment = null } = prepared ?? {};
    const plan = await this.tracker.resolve(
      em,
      { ...f, seed: { amount: f.amountPaid, currency: f.currency, donorName: f.donorName, donorEmail: f.donorEmail } },
      sub,
    );
    if (!plan) return this.unattributed(em, event, f, payment);
    const paidAt = f.paidAt ?? new Date(event.created * 1000);
    await this.tracker.report(em, plan, sub, { state: 'active', at: new Date(event.created * 1000), subscriptionId: f.subscriptionId });
    if (f.amountPaid <= 0) return 'ignored'; // a free trial or fully discounted month gives nothing
    const existing = await findDonation(em, { invoiceId: f.invoiceId });
    if (existing) {
      const linked = await this.ledger.linkInvoicePayment(em, existing, payment ?? {});
      return linked.changed ? 'recorded' : 'unchanged';
    }
    const hold = holdReason(f, plan);
    const afterEnd = !!plan.appealEndsAt && paidAt > plan.appealEndsAt;
    const refs = { paymentIntentId: payment?.paymentIntentId ?? null, chargeId: payment?.chargeId ?? null };
    if (hold) {
      await this.ledger.insert(em, { ...this.values(f, plan, refs, paidAt), status: 'review', reviewReason: hold });
      return 'review';
    }
    const first = f.billingReason === 'subscription_create' ? await this.tracker.firstDonation(em, plan.id) : null;
    if (first) {
      await this.ledger.succeed(em, first, {
        amount: f.amountPaid,
        ...refs,
        invoiceId: f.invoiceId,
        afterEnd,
        donorEmail: f.donorEmail,
        donorName: f.donorName,
      });
    } else {
      await this.ledger.insert(em, { ...this.values(f, plan, refs, paidAt), status: afterEnd ? 'after_end' : 'succeeded' });
    }
    return afterEnd ? 'after_end' : 'counted';
  }

  private values(f: InvoiceFacts, plan: FoundPlan, refs: { paymentIntentId: string | null; chargeId: string | null }, paidAt: Date) {
    return {
      appealId: plan.appealId,
      planId: plan.id,
      amount: f.amountPaid,
      currency: f.currency,
      source: 'stripe' as const,
      stripeInvoiceId: f.invoiceId,
      stripePaymentIntentId: refs.paymentIntentId,
      stripeChargeId: refs.chargeId,
      donorName: plan.donorName ?? f.donorName,
      donorEmail: plan.donorEmail ?? f.donorEmail,
      anonymous: plan.anonymous,
      appealSlug: plan.appealSlug,
      succeededAt: paidAt,
    };
  }

  /**
   * A paid invoice of a subscription no plan is known for. Naming an appeal that does not exist,
   * it is held for review (once: the invoice id is unique); naming nothing, it may be a Payment
   * Link's whose checkout has not been recorded yet, so Stripe is asked to redeliver it for a while.
   */
  private async unattributed(
    em: EntityManager,
    event: Stripe.Event,
    f: InvoiceFacts,
    payment: InvoicePaymentFacts | null,
  ): Promise<Outcome> {
    if (!f.appealSlug || f.planId || f.amountPaid <= 0)
      return unknownPayment(event, false, `invoice ${f.invoiceId} of ${f.subscriptionId}`);
    if (await findDonation(em, { invoiceId: f.invoiceId })) return 'unchanged';
    await this.ledger.insert(em, {
      appealId: null,
      amount: f.amountPaid,
      currency: f.currency,
      source: 'stripe',
      status: 'review',
      reviewReason: `monthly gift payment for an unknown appeal "${f.appealSlug}"; not counted`,
      stripeInvoiceId: f.invoiceId,
      stripePaymentIntentId: payment?.paymentIntentId ?? null,
      stripeChargeId: payment?.chargeId ?? null,
      donorName: f.donorName,
      donorEmail: f.donorEmail,
      appealSlug: f.appealSlug,
    });
    return 'review';
  }
}

function holdReason(f: InvoiceFacts, plan: FoundPlan): string | null {
  if (f.currency !== plan.appealCurrency) return `monthly gift paid in ${f.currency}, appeal counts ${plan.appealCurrency}`;
  if (f.amountPaid > MAX_GIFT_MINOR)
    return `amount ${f.amountPaid} is above the largest single gift counted (${MAX_GIFT_MINOR} minor units); not counted`;
  return null;
}

/**
 * invoice.payment_failed: a renewal that did not go through. The plan's state comes from the
 * subscription as Stripe holds it now (past_due while it retries); nothing is counted.
 */
@Injectable()
export class InvoiceFailedHandler implements StripeEventHandler<SubscriptionFacts | null> {
  readonly types = ['invoice.payment_failed'] as const;

  constructor(
    private readonly tracker: PlanTracker,
    private readonly gateway: StripeGateway,
  ) {}

  async prepare(_em: EntityManager, event: Stripe.Event): Promise<SubscriptionFacts | null> {
    const f = invoiceFacts(event.data.object as Stripe.Invoice);
    return f.subscriptionId ? currentSubscription(this.gateway, f.subscriptionId) : null;
  }

  async handle(em: EntityManager, event: Stripe.Event, sub?: SubscriptionFacts | null): Promise<Outcome> {
    const f = invoiceFacts(event.data.object as Stripe.Invoice);
    if (!f.subscriptionId) return 'ignored';
    const plan = await this.tracker.resolve(em, f, sub ?? null);
    if (!plan) return 'ignored';
    const r = await this.tracker.report(em, plan, sub ?? null, null, { subscriptionId: f.subscriptionId });
    return r.changed ? 'plan_updated' : 'unchanged';
  }
}

/**
 * invoice_payment.paid: which PaymentIntent or charge paid an invoice. Stored on the invoice's
 * donation when it is already recorded; otherwise invoice.paid reads it from the API itself.
 */
@Injectable()
export class InvoicePaymentHandler implements StripeEventHandler {
  readonly types = ['invoice_payment.paid'] as const;

  constructor(private readonly ledger: LedgerService) {}

  async handle(em: EntityManager, event: Stripe.Event): Promise<Outcome> {
    const p = invoicePaymentFacts(event.data.object as Stripe.InvoicePayment);
    if (!p.paid) return 'ignored';
    const donation = await findDonation(em, { invoiceId: p.invoiceId });
    if (!donation) return 'ignored';
    const { changed } = await this.ledger.linkInvoicePayment(em, donation, p);
    return changed ? 'recorded' : 'unchanged';
  }
}
