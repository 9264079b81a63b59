import { Injectable, Logger } from '@nestjs/common';
import type Stripe from 'stripe';
import { EntityManager } from 'typeorm';
import { Donation } from '../../../donations/donation.entity';
import { LedgerService } from '../../../donations/ledger.service';
import { cardCountry, countryCode, holdReason, SessionFacts, sessionFacts } from '../stripe-mappers';
import { SubscriptionFacts } from '../billing-mappers';
import { StripeGateway } from '../stripe-gateway';
import { currentSubscription } from './billing-reads';
import { findDonation } from './donation-lookup';
import { PlanTracker } from './plan-tracker';
import { Outcome, StripeEventHandler } from './handler';

/** What prepare read: a subscription session's subscription, or a one-off payment's country. */
type SessionPrepared = { sub?: SubscriptionFacts | null; country?: string | null } | null;

/**
 * checkout.session.completed and checkout.session.async_payment_succeeded: the session is
 * counted once it is paid, whichever of the two arrives (or both). A completed session whose
 * metadata names an appeal counts even without a pending donation (Payment Links, dashboard).
 */
@Injectable()
export class CheckoutSessionPaidHandler implements StripeEventHandler<SessionPrepared> {
  readonly types = ['checkout.session.completed', 'checkout.session.async_payment_succeeded'] as const;
  private readonly logger = new Logger(CheckoutSessionPaidHandler.name);

  constructor(
    private readonly ledger: LedgerService,
    private readonly tracker: PlanTracker,
    private readonly gateway: StripeGateway,
  ) {}

  /**
   * What the session alone cannot settle, read before the ledger's transaction and its locks: a
   * subscription session's subscription as Stripe holds it now (its state and next payment
   * date); for a one-off payment without a billing address (Checkout collects one only when it
   * needs it), the card's country. A failed country read costs the gift its country, not its
   * counting: it is logged, not retried. A failed subscription read is a 503.
   */
  async prepare(_em: EntityManager, event: Stripe.Event): Promise<SessionPrepared> {
    const f = sessionFacts(event.data.object as Stripe.Checkout.Session);
    if (f.mode === 'subscription') return { sub: f.subscriptionId ? await currentSubscription(this.gateway, f.subscriptionId) : null };
    const paid = f.paid || event.type === 'checkout.session.async_payment_succeeded';
    if (!paid || f.country || !f.paymentIntentId || f.mode !== 'payment' || !(f.appealSlug || f.donationId)) return null;
    try {
      const { billing, card } = await this.gateway.sessionCountry(f.sessionId);
      return { country: countryCode(billing) ?? cardCountry(card) };
    } catch (e) {
      this.logger.warn(`could not read the country of session ${f.sessionId}: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }

  async handle(em: EntityManager, event: Stripe.Event, prepared?: SessionPrepared): Promise<Outcome> {
    const facts = sessionFacts(event.data.object as Stripe.Checkout.Session);
    if (event.type === 'checkout.session.async_payment_succeeded') facts.paid = true;
    if (facts.mode === 'subscription') return this.monthly(em, facts, prepared?.sub ?? null);
    facts.country = facts.country ?? prepared?.country ?? null;
    // A setup session saves a card and moves no money.
    if (facts.mode === 'setup' || facts.amount <= 0) return 'ignored';
    const hold = holdReason(facts);
    const donation = await findDonation(em, facts);
    if (!donation) return this.fromSession(em, facts, hold);
    if (donation.status === 'review') return 'review';
    const reason =
      hold ?? (facts.currency !== donation.appealCurrency ? `paid in ${facts.currency}, appeal counts ${donation.appealCurrency}` : null);
    if (reason) {
      // What was paid, not what the checkout asked: a person assigns or refunds this payment.
      const { changed } = await this.ledger.toReview(em, donation, reason, {
        amount: facts.amount,
        currency: facts.currency,
        paymentIntentId: facts.paymentIntentId,
        donorEmail: facts.donorEmail,
        donorName: facts.donorName,
        originalAmount: facts.presentment?.amount ?? null,
        originalCurrency: facts.presentment?.currency ?? null,
      });
      return changed ? 'review' : 'unchanged';
    }
    if (!donation.stripeCheckoutSessionId) await this.ledger.linkPayment(em, donation.id, { checkoutSessionId: facts.sessionId });
    if (!facts.paid) {
      await this.ledger.linkPayment(em, donation.id, { paymentIntentId: facts.paymentIntentId });
      return 'pending';
    }
    const { changed } = await this.ledger.succeed(em, donation, {
      amount: facts.amount,
      paymentIntentId: facts.paymentIntentId,
      donorEmail: facts.donorEmail,
      donorName: facts.donorName,
      originalAmount: facts.presentment?.amount ?? null,
      originalCurrency: facts.presentment?.currency ?? null,
      country: facts.country,
    });
    return changed ? 'counted' : 'unchanged';
  }

  /**
   * A subscription session starts (or, from a recurring Payment Link naming an appeal, makes) a
   * plan and counts no money itself: each paid invoice of the subscription is counted by
   * invoice.paid, whichever arrives first. Naming an appeal that does not exist, it is held.
   */
  private async monthly(em: EntityManager, f: SessionFacts, sub: SubscriptionFacts | null): Promise<Outcome> {
    const seed = { amount: f.amount, currency: f.currency, donorName: f.donorName, donorEmail: f.donorEmail };
    const plan = await this.tracker.resolve(em, { ...f, checkoutSessionId: f.sessionId, seed: f.paid && f.amount > 0 ? seed : null }, sub);
    if (!plan) {
      if (!f.appealSlug || !f.subscriptionId) return 'not_ours';
      if (await findDonation(em, { sessionId: f.sessionId })) return 'unchanged';
      const appeal = await this.ledger.lockAppealBySlug(em, f.appealSlug);
      if (appeal) return 'ignored'; // nothing paid yet (no amount): its invoices will make the plan
      await this.ledger.insert(em, {
        ...this.base(f),
        appealId: null,
        status: 'review',
        reviewReason: `monthly gift for an unknown appeal "${f.appealSlug}"; not counted`,
      });
      return 'review';
    }
    const donation = await findDonation(em, f);
    if (donation && !donation.stripeCheckoutSessionId) await this.ledger.linkPayment(em, donation.id, { checkoutSessionId: f.sessionId });
    const fallback = f.subscriptionId && f.paid ? { state: 'active' as const, at: new Date(0), subscriptionId: f.subscriptionId } : null;
    const r = await this.tracker.report(em, plan, sub, fallback, {
      subscriptionId: f.subscriptionId,
      customerId: f.customerId,
      checkoutSessionId: f.sessionId,
    });
    return r.changed ? 'plan_updated' : 'unchanged';
  }

  private base(f: SessionFacts): Partial<Donation> {
    return {
      amount: f.amount,
      currency: f.currency,
      source: 'stripe',
      stripeCheckoutSessionId: f.sessionId,
      stripePaymentIntentId: f.paymentIntentId,
      donorEmail: f.donorEmail,
      donorName: f.donorName,
      originalAmount: f.presentment?.amount ?? null,
      originalCurrency: f.presentment?.currency ?? null,
      appealSlug: f.appealSlug,
      country: f.country,
    };
  }

  /**
   * A session we did not start (Payment Links, the dashboard): recorded for the appeal its
   * metadata names, counted at once when paid, held for review when the appeal is unknown,
   * counts another currency or `hold` says why not, pending until an async payment settles.
   */
  private async fromSession(em: EntityManager, f: SessionFacts, hold: string | null): Promise<Outcome> {
    if (!f.appealSlug) return 'not_ours';
    const base = this.base(f);
    // Locks the appeal's totals row too: a paid session is counted right after.
    const appeal = await this.ledger.lockAppealBySlug(em, f.appealSlug);
    if (!appeal) {
      await this.ledger.insert(em, { ...base, appealId: null, status: 'review', reviewReason: `no appeal with slug "${f.appealSlug}"` });
      return 'review';
    }
    const reason = hold ?? (f.currency !== appeal.currency ? `paid in ${f.currency}, appeal counts ${appeal.currency}` : null);
    if (reason) {
      await this.ledger.insert(em, { ...base, appealId: appeal.id, status: 'review', reviewReason: reason });
      return 'review';
    }
    if (!f.paid) {
      await this.ledger.insert(em, { ...base, appealId: appeal.id, status: 'pending' });
      return 'pending';
    }
    await this.ledger.insert(em, { ...base, appealId: appeal.id, status: 'succeeded' }, { totalsLocked: true });
    return 'counted';
  }
}

/** async_payment_failed and expired close a pending donation; they never touch a paid one. */
@Injectable()
export class CheckoutSessionClosedHandler implements StripeEventHandler {
  readonly types = ['checkout.session.async_payment_failed', 'checkout.session.expired'] as const;

  constructor(private readonly ledger: LedgerService) {}

  async handle(em: EntityManager, event: Stripe.Event): Promise<Outcome> {
    const facts = sessionFacts(event.data.object as Stripe.Checkout.Session);
    const donation = await findDonation(em, facts);
    if (!donation) return 'not_ours';
    const status = event.type === 'checkout.session.expired' ? 'expired' : 'failed';
    const { changed } = await this.ledger.close(em, donation, status);
    return changed ? status : 'unchanged';
  }
}
