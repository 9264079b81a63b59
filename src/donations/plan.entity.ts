import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Appeal } from '../appeals/appeal.entity';
import { bigintTransformer } from '../database/bigint.transformer';

export const PLAN_STATES = ['pending', 'active', 'past_due', 'cancelled'] as const;
export type PlanState = (typeof PLAN_STATES)[number];

/**
 * A monthly gift: a donor's recurring payment to an appeal (a Stripe subscription). The plan
 * itself moves no money; each paid invoice of it is a donation of its own (see Donation.planId).
 * `pending` until the subscription exists and is paid for, `active` while payments arrive,
 * `past_due` while Stripe retries a failed payment, `cancelled` for good. Written only by the
 * ledger (PlanLedger), with the appeal's monthly totals in the same transaction.
 */
@Entity('plans')
@Check('CHK_plans_amount', `amount > 0 AND amount <= 1000000000000`)
@Check('CHK_plans_currency', `currency ~ '^[a-z]{3}$'`)
@Check('CHK_plans_interval', `"interval" IN ('day', 'week', 'month', 'year') AND interval_count > 0`)
@Check('CHK_plans_state', `state IN ('pending', 'active', 'past_due', 'cancelled')`)
@Check('CHK_plans_started', `state IN ('pending', 'cancelled') OR (started_at IS NOT NULL AND stripe_subscription_id IS NOT NULL)`)
@Check('CHK_plans_cancelled', `(state = 'cancelled') = (cancelled_at IS NOT NULL)`)
@Index('IDX_plans_appeal_created', ['appealId', 'createdAt', 'id'])
export class Plan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'appeal_id', type: 'uuid' })
  appealId: string;

  @ManyToOne(() => Appeal, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'appeal_id', foreignKeyConstraintName: 'FK_plans_appeal' })
  appeal?: Appeal;

  /** Each payment, in minor units of `currency`. */
  @Column({ type: 'bigint', transformer: bigintTransformer })
  amount: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 8, default: 'month' })
  interval: string;

  @Column({ name: 'interval_count', type: 'integer', default: 1 })
  intervalCount: number;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  state: PlanState;

  /** When Stripe's object said so: an older report never overrides a newer one. */
  @Column({ name: 'state_at', type: 'timestamptz', nullable: true })
  stateAt: Date | null;

  @Column({ name: 'donor_name', type: 'varchar', length: 200, nullable: true })
  donorName: string | null;

  @Column({ name: 'donor_email', type: 'varchar', length: 320, nullable: true })
  donorEmail: string | null;

  @Column({ type: 'boolean', default: false })
  anonymous: boolean;

  @Index('UQ_plans_subscription', { unique: true })
  @Column({ name: 'stripe_subscription_id', type: 'varchar', length: 255, nullable: true })
  stripeSubscriptionId: string | null;

  @Column({ name: 'stripe_customer_id', type: 'varchar', length: 255, nullable: true })
  stripeCustomerId: string | null;

  /** The checkout that started it: what the donor holds (thanks page URL) to manage the plan. */
  @Index('UQ_plans_checkout_session', { unique: true })
  @Column({ name: 'stripe_checkout_session_id', type: 'varchar', length: 255, nullable: true })
  stripeCheckoutSessionId: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'next_payment_at', type: 'timestamptz', nullable: true })
  nextPaymentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** What a plan adds to its appeal's monthly figures: giving (or retrying), monthly, in the appeal's currency. */
export function monthlyShare(
  p: Pick<Plan, 'state' | 'amount' | 'currency' | 'interval' | 'intervalCount'>,
  appealCurrency: string,
): { donors: number; amount: number } {
  const gives = (p.state === 'active' || p.state === 'past_due') && p.interval === 'month' && p.intervalCount === 1;
  if (!gives || p.currency !== appealCurrency) return { donors: 0, amount: 0 };
  return { donors: 1, amount: p.amount };
}
