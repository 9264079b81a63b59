import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LOCK_TOTALS } from './donations.queries';
import { monthlyShare, Plan, PlanState } from './plan.entity';
import { PROGRESS_CHANNEL } from './progress-channel';
import { FIND_PLAN, LOCK_PLAN, MOVE_MONTHLY, PEEK_PLAN_APPEAL, PLAN_FIRST_DONATION, UPDATE_PLAN } from './plans.queries';

/** What the payment provider's current object says about a plan (its subscription). */
export interface PlanReport {
  state: PlanState;
  /** When the provider's object was in this state: an older report never overrides a newer one. */
  at: Date;
  subscriptionId?: string | null;
  customerId?: string | null;
  checkoutSessionId?: string | null;
  amount?: number;
  currency?: string;
  interval?: string;
  intervalCount?: number;
  startedAt?: Date | null;
  cancelledAt?: Date | null;
  nextPaymentAt?: Date | null;
}

/** A plan as the payment handlers find it, with its appeal's currency and end. */
export interface FoundPlan {
  id: string;
  appealId: string;
  appealSlug: string;
  appealCurrency: string;
  appealEndsAt: Date | null;
  stripeSubscriptionId: string | null;
  state: PlanState;
  amount: number;
  currency: string;
  donorName: string | null;
  donorEmail: string | null;
  anonymous: boolean;
}

type LockedPlan = Pick<
  Plan,
  | 'id'
  | 'appealId'
  | 'amount'
  | 'currency'
  | 'interval'
  | 'intervalCount'
  | 'state'
  | 'stateAt'
  | 'stripeSubscriptionId'
  | 'stripeCustomerId'
  | 'stripeCheckoutSessionId'
  | 'startedAt'
  | 'cancelledAt'
  | 'nextPaymentAt'
>;

/**
 * The ledger's side of monthly gifts: plans and the appeal's monthly figures (monthly donors and
 * amount on the totals row), changed together under the appeal's totals lock, with the NOTIFY
 * that moves every instance's progress. A plan moves no money; its payments are donations
 * written by LedgerService.
 */
@Injectable()
export class PlanLedger {
  /** The plan a provider object names: by subscription id, else our plan id (not yet tied to another subscription), else the checkout. */
  async find(
    em: EntityManager,
    refs: { subscriptionId?: string | null; planId?: string | null; checkoutSessionId?: string | null },
  ): Promise<FoundPlan | null> {
    if (!refs.subscriptionId && !refs.planId && !refs.checkoutSessionId) return null;
    const [r] = (await em.query(FIND_PLAN, [refs.subscriptionId ?? null, refs.planId ?? null, refs.checkoutSessionId ?? null])) as Array<
      Record<string, unknown>
    >;
    if (!r) return null;
    return {
      id: r.id as string,
      appealId: r.appeal_id as string,
      appealSlug: r.appeal_slug as string,
      appealCurrency: r.appeal_currency as string,
      appealEndsAt: r.appeal_ends_at ? new Date(r.appeal_ends_at as string) : null,
      stripeSubscriptionId: (r.stripe_subscription_id as string | null) ?? null,
      state: r.state as PlanState,
      amount: Number(r.amount),
      currency: r.currency as string,
      donorName: (r.donor_name as string | null) ?? null,
      donorEmail: (r.donor_email as string | null) ?? null,
      anonymous: r.anonymous as boolean,
    };
  }

  /** The checkout's own donation of a plan, still waiting for the plan's first invoice to pay it. */
  async firstDonation(em: EntityManager, planId: string): Promise<string | null> {
    const [r] = (await em.query(PLAN_FIRST_DONATION, [planId])) as Array<{ id: string }>;
    return r?.id ?? null;
  }

  /** A plan waiting for its checkout (or created from a subscription we did not start). */
  async open(em: EntityManager, values: Partial<Plan>): Promise<Plan> {
    return em.save(em.create(Plan, { ...values, state: 'pending' }));
  }

  /**
   * Applies the provider's report to a plan. `cancelled` is final (Stripe never revives a
   * cancelled subscription), and a report older than the one applied is stale: both only link
   * ids the plan did not know yet. Returns whether the appeal's monthly figures moved.
   */
  async report(em: EntityManager, planId: string, r: PlanReport): Promise<{ changed: boolean; moved: boolean; state: PlanState }> {
    const [peek] = (await em.query(PEEK_PLAN_APPEAL, [planId])) as Array<{ appeal_id: string; currency: string }>;
    if (!peek) throw new Error(`plan ${planId} does not exist`);
    await em.query(LOCK_TOTALS, [peek.appeal_id]);
    const [row] = (await em.query(LOCK_PLAN, [planId])) as Array<Record<string, unknown>>;
    const p = hydrate(row);
    const before = monthlyShare(p, peek.currency);
    const next: LockedPlan = { ...p };
    next.stripeSubscriptionId ??= r.subscriptionId ?? null;
    next.stripeCustomerId ??= r.customerId ?? null;
    next.stripeCheckoutSessionId ??= r.checkoutSessionId ?? null;
    const stale = p.state === 'cancelled' || (p.stateAt !== null && r.at < p.stateAt);
    if (!stale) applyReport(next, r);
    // A newer report of the same state only moves state_at: written, but not a change of the plan.
    const changed = JSON.stringify({ ...next, stateAt: null }) !== JSON.stringify({ ...p, stateAt: null });
    if (!changed && next.stateAt?.getTime() === p.stateAt?.getTime()) return { changed: false, moved: false, state: p.state };
    await em.query(UPDATE_PLAN, [
      next.id,
      next.amount,
      next.currency,
      next.interval,
      next.intervalCount,
      next.state,
      next.stateAt,
      next.stripeSubscriptionId,
      next.stripeCustomerId,
      next.stripeCheckoutSessionId,
      next.startedAt,
      next.cancelledAt,
      next.nextPaymentAt,
    ]);
    const after = monthlyShare(next, peek.currency);
    const moved = after.donors !== before.donors || after.amount !== before.amount;
    if (moved) await this.moveMonthly(em, peek.appeal_id, after.donors - before.donors, after.amount - before.amount);
    return { changed, moved, state: next.state };
  }

  private async moveMonthly(em: EntityManager, appealId: string, donors: number, amount: number): Promise<void> {
    await em.query(MOVE_MONTHLY, [appealId, donors, amount, PROGRESS_CHANNEL]);
  }
}

function applyReport(p: LockedPlan, r: PlanReport): void {
  p.state = r.state;
  p.stateAt = r.at;
  if (r.amount !== undefined) p.amount = r.amount;
  if (r.currency !== undefined) p.currency = r.currency;
  if (r.interval !== undefined) p.interval = r.interval;
  if (r.intervalCount !== undefined) p.intervalCount = r.intervalCount;
  if (r.nextPaymentAt !== undefined) p.nextPaymentAt = r.nextPaymentAt;
  if (r.state === 'active' || r.state === 'past_due') p.startedAt ??= r.startedAt ?? r.at;
  if (r.state === 'cancelled') {
    p.cancelledAt = r.cancelledAt ?? r.at;
    p.nextPaymentAt = null;
  }
}

function hydrate(row: Record<string, unknown>): LockedPlan {
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    id: row.id as string,
    appealId: row.appeal_id as string,
    amount: Number(row.amount),
    currency: row.currency as string,
    interval: row.interval as string,
    intervalCount: row.interval_count as number,
    state: row.state as PlanState,
    stateAt: date(row.state_at),
    stripeSubscriptionId: (row.stripe_subscription_id as string | null) ?? null,
    stripeCustomerId: (row.stripe_customer_id as string | null) ?? null,
    stripeCheckoutSessionId: (row.stripe_checkout_session_id as string | null) ?? null,
    startedAt: date(row.started_at),
    cancelledAt: date(row.cancelled_at),
    nextPaymentAt: date(row.next_payment_at),
  };
}
