import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppealsService } from '../appeals/appeals.service';
import { LIST_PLANS, MONTHLY_TOTALS, PLAN_FOR_SESSION, PLAN_SUMMARY } from './plans.queries';
import type { PlanState } from './plan.entity';

/** The organiser's view of one monthly gift. Never served publicly. */
export interface PlanView {
  id: string;
  amount: number;
  currency: string;
  interval: string;
  intervalCount: number;
  state: PlanState;
  donorName: string | null;
  donorEmail: string | null;
  anonymous: boolean;
  stripeSubscriptionId: string | null;
  startedAt: string | null;
  cancelledAt: string | null;
  nextPaymentAt: string | null;
  /** Payments made (counted ones and those after the appeal's end). */
  payments: number;
  /** What its counted payments gave the appeal, net of refunds and disputes. */
  given: number;
  /** Payments after the appeal's end: recorded, not counted toward it. */
  afterEndPayments: number;
  afterEndGiven: number;
}

export interface PlansSummary {
  plans: PlanView[];
  /** Plans giving now (active or retrying), monthly, in the appeal's currency. */
  monthlyDonors: number;
  monthlyAmount: number;
  currency: string;
  started: number;
  cancelled: number;
  pastDue: number;
  /** cancelled / started, in whole percent (0 when none started). */
  churnPercent: number;
}

const MAX_PLANS = 1000;

/** Reads of plans: the organiser's list and the donor's own plan behind a checkout session. */
@Injectable()
export class PlansService {
  constructor(
    private readonly ds: DataSource,
    private readonly appeals: AppealsService,
  ) {}

  async list(slug: string): Promise<PlansSummary> {
    const appeal = await this.appeals.findBySlug(slug);
    const [rows, [summary], [totals]] = await Promise.all([
      this.ds.query(LIST_PLANS, [appeal.id, MAX_PLANS]) as Promise<PlanRow[]>,
      this.ds.query(PLAN_SUMMARY, [appeal.id]) as Promise<Array<{ started: number; cancelled: number; past_due: number }>>,
      this.ds.query(MONTHLY_TOTALS, [appeal.id]) as Promise<Array<{ monthly_donors: number; monthly_amount: string }>>,
    ]);
    return {
      plans: rows.map(toPlanView),
      monthlyDonors: totals?.monthly_donors ?? 0,
      monthlyAmount: Number(totals?.monthly_amount ?? 0),
      currency: appeal.currency,
      started: summary.started,
      cancelled: summary.cancelled,
      pastDue: summary.past_due,
      churnPercent: summary.started ? Math.round((summary.cancelled * 100) / summary.started) : 0,
    };
  }

  /**
   * The plan a checkout session started for this appeal: the session id is what only the donor
   * holds (Stripe put it in their thanks page URL), so it is what binds a portal link to them.
   */
  async forSession(
    slug: string,
    sessionId: string,
  ): Promise<{
    id: string;
    state: PlanState;
    amount: number;
    currency: string;
    customerId: string | null;
    nextPaymentAt: Date | null;
  } | null> {
    const [row] = (await this.ds.query(PLAN_FOR_SESSION, [sessionId, slug])) as Array<{
      id: string;
      state: PlanState;
      amount: string;
      currency: string;
      stripe_customer_id: string | null;
      next_payment_at: string | null;
    }>;
    if (!row) return null;
    return {
      id: row.id,
      state: row.state,
      amount: Number(row.amount),
      currency: row.currency,
      customerId: row.stripe_customer_id ?? null,
      nextPaymentAt: row.next_payment_at ? new Date(row.next_payment_at) : null,
    };
  }
}

const iso = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null);

interface PlanRow {
  id: string;
  amount: string;
  currency: string;
  interval: string;
  interval_count: number;
  state: PlanState;
  donor_name: string | null;
  donor_email: string | null;
  anonymous: boolean;
  stripe_subscription_id: string | null;
  started_at: string | null;
  cancelled_at: string | null;
  next_payment_at: string | null;
  payments: number;
  given: string;
  after_end_payments: number;
  after_end_given: string;
}

function toPlanView(r: PlanRow): PlanView {
  return {
    id: r.id,
    amount: Number(r.amount),
    currency: r.currency,
    interval: r.interval,
    intervalCount: r.interval_count,
    state: r.state,
    donorName: r.donor_name,
    donorEmail: r.donor_email,
    anonymous: r.anonymous,
    stripeSubscriptionId: r.stripe_subscription_id,
    startedAt: iso(r.started_at),
    cancelledAt: iso(r.cancelled_at),
    nextPaymentAt: iso(r.next_payment_at),
    payments: r.payments,
    given: Number(r.given),
    afterEndPayments: r.after_end_payments,
    afterEndGiven: Number(r.after_end_given),
  };
}
