import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from 'typeorm';
import { Appeal } from '../appeals/appeal.entity';
import { bigintTransformer } from '../database/bigint.transformer';
import { Donation } from './donation.entity';

export type ReviewAction = 'assign' | 'refund';

/**
 * How a person resolved a payment held for review, appended once and never changed (a trigger
 * refuses UPDATE and DELETE). `assign`: counted in `appealId` at `amount` (the appeal's
 * currency); `refund`: given back through Stripe's refund `stripeRefundId`.
 */
@Entity('review_resolutions')
@Check('CHK_review_resolutions_action', `action IN ('assign', 'refund')`)
@Check(
  'CHK_review_resolutions_shape',
  `(action = 'assign' AND appeal_id IS NOT NULL AND amount > 0 AND currency IS NOT NULL AND stripe_refund_id IS NULL) OR (action = 'refund' AND appeal_id IS NULL AND amount IS NULL AND stripe_refund_id IS NOT NULL)`,
)
export class ReviewResolution {
  @PrimaryColumn({ name: 'donation_id', type: 'uuid', primaryKeyConstraintName: 'PK_review_resolutions' })
  donationId: string;

  @OneToOne(() => Donation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'donation_id', foreignKeyConstraintName: 'FK_review_resolutions_donation' })
  donation?: Donation;

  @Column({ type: 'varchar', length: 16 })
  action: ReviewAction;

  @Column({ name: 'appeal_id', type: 'uuid', nullable: true })
  appealId: string | null;

  @ManyToOne(() => Appeal, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'appeal_id', foreignKeyConstraintName: 'FK_review_resolutions_appeal' })
  appeal?: Appeal;

  @Column({ type: 'bigint', nullable: true, transformer: bigintTransformer })
  amount: number | null;

  @Column({ type: 'varchar', length: 3, nullable: true })
  currency: string | null;

  @Column({ name: 'stripe_refund_id', type: 'varchar', length: 255, nullable: true })
  stripeRefundId: string | null;

  @Column({ name: 'resolved_by', type: 'varchar', length: 100 })
  resolvedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
