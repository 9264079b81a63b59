import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FoundPlan, PlanLedger, PlanReport } from '../../../donations/plan-ledger.service';
import { LedgerService } from '../../../donations/ledger.service';
import { PlanRefs, SubscriptionFacts } from '../billing-mappers';

/** What identifies a plan in a Stripe object, and what a new plan would be made of. */
export interface PlanLookup extends PlanRefs {
  subscriptionId: string | null;
  checkoutSessionId?: string | null;
  customerId?: string | null;
  /** For a plan we did not start (a recurring Payment Link naming an appeal). */
  seed?: { amount: number; currency: string; donorName: string | null; donorEmail: string | null } | null;
}

/**
 * Finds the plan a subscription, invoice or checkout session belongs to, making one for a
 * recurring payment we did not start whose metadata names a known appeal (a Payment Link),
 * and keeps its state as Stripe's current subscription says.
 */
@Injectable()
export class PlanTracker {
  constructor(
    private readonly plans: PlanLedger,
    private readonly ledger: LedgerService,
  ) {}

  async resolve(em: EntityManager, q: PlanLookup, sub: SubscriptionFacts | null): Promise<FoundPlan | null> {
    const refs = {
      subscriptionId: q.subscriptionId,
      planId: q.planId ?? sub?.planId ?? null,
      checkoutSessionId: q.checkoutSessionId ?? null,
    };
    const found = await this.plans.find(em, refs);
    if (found) return found;
    // Our own checkout always finds its plan above; only a plan we did not start is made here.
    const slug = q.appealSlug ?? sub?.appealSlug ?? null;
    if (!slug || refs.planId || !q.subscriptionId) return null;
    const seed = sub?.amount ? { amount: sub.amount, currency: sub.currency } : q.seed;
    if (!seed?.amount || !seed.currency) return null;
    const appeal = await this.ledger.lockAppealBySlug(em, slug);
    if (!appeal) return null;
    await this.plans.open(em, {
      appealId: appeal.id,
      amount: seed.amount,
      currency: seed.currency,
      interval: sub?.interval ?? 'month',
      intervalCount: sub?.intervalCount ?? 1,
      donorName: q.seed?.donorName ?? null,
      donorEmail: q.seed?.donorEmail ?? null,
      stripeSubscriptionId: q.subscriptionId,
      stripeCustomerId: q.customerId ?? sub?.customerId ?? null,
      stripeCheckoutSessionId: q.checkoutSessionId ?? null,
    });
    return this.plans.find(em, { subscriptionId: q.subscriptionId });
  }

  firstDonation(em: EntityManager, planId: string): Promise<string | null> {
    return this.plans.firstDonation(em, planId);
  }

  /**
   * Applies Stripe's current subscription to the plan (read from the API just now), or, without
   * one, only what the event itself proves (`fallback`, dated by the event: a paid invoice proves
   * the plan is giving). With neither, only the ids are linked.
   */
  report(
    em: EntityManager,
    plan: FoundPlan,
    sub: SubscriptionFacts | null,
    fallback: PlanReport | null,
    links: { subscriptionId?: string | null; customerId?: string | null; checkoutSessionId?: string | null } = {},
  ) {
    const r: PlanReport = sub ? reportOf(sub, new Date()) : (fallback ?? { state: plan.state, at: new Date(0) });
    return this.plans.report(em, plan.id, {
      ...r,
      subscriptionId: r.subscriptionId ?? links.subscriptionId,
      customerId: r.customerId ?? links.customerId,
      checkoutSessionId: links.checkoutSessionId,
    });
  }
}

/** A subscription snapshot as a plan report, `at` the time it was true. */
export function reportOf(sub: SubscriptionFacts, at: Date): PlanReport {
  return {
    state: sub.state,
    at,
    subscriptionId: sub.subscriptionId,
    customerId: sub.customerId,
    amount: sub.amount || undefined,
    currency: sub.currency || undefined,
    interval: sub.interval,
    intervalCount: sub.intervalCount,
    startedAt: sub.startedAt,
    cancelledAt: sub.cancelledAt,
    nextPaymentAt: sub.nextPaymentAt,
  };
}
