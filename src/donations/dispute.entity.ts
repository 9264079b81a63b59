import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintTransformer } from '../database/bigint.transformer';
import { Donation } from './donation.entity';

export const DISPUTE_STATUSES = [
  'warning_needs_response',
  'warning_under_review',
  'warning_closed',
  'needs_response',
  'under_review',
  'won',
  'lost',
] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];
/** Final states: an inquiry closed without a chargeback, or a dispute decided. */
export const CLOSED_DISPUTE_STATUSES: readonly DisputeStatus[] = ['warning_closed', 'won', 'lost'];

/**
 * A dispute (or inquiry) on a donation's payment, in its latest known state. `withdrawn` is what
 * it has taken from the balance net of what was reinstated, in the dispute's currency; `stage`
 * orders snapshots of it (how many balance movements it had, then how far its status got) so
 * that a stale event never overwrites a newer state.
 */
@Entity('disputes')
@Check('CHK_disputes_amount', `amount > 0`)
@Check('CHK_disputes_amount_bound', `amount <= 9007199254740991`)
@Check('CHK_disputes_withdrawn', `withdrawn >= 0 AND withdrawn <= amount`)
@Check('CHK_disputes_stage', `stage >= 0`)
@Check(
  'CHK_disputes_status',
  `status IN ('warning_needs_response', 'warning_under_review', 'warning_closed', 'needs_response', 'under_review', 'won', 'lost')`,
)
@Check('CHK_disputes_closed', `(closed_at IS NOT NULL) = (status IN ('warning_closed', 'won', 'lost'))`)
export class Dispute {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_disputes_donation')
  @Column({ name: 'donation_id', type: 'uuid' })
  donationId: string;

  @ManyToOne(() => Donation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'donation_id', foreignKeyConstraintName: 'FK_disputes_donation' })
  donation?: Donation;

  @Index('UQ_disputes_stripe_dispute', { unique: true })
  @Column({ name: 'stripe_dispute_id', type: 'varchar', length: 255 })
  stripeDisputeId: string;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  amount: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 32 })
  status: DisputeStatus;

  @Column({ type: 'varchar', length: 64, nullable: true })
  reason: string | null;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  withdrawn: number;

  @Column({ type: 'integer' })
  stage: number;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
