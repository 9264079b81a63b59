import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintTransformer } from '../database/bigint.transformer';
import { Donation } from './donation.entity';

export const REFUND_STATUSES = ['requires_action', 'pending', 'succeeded', 'failed', 'canceled'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/**
 * One refund of a donation's payment, by the payment provider's own refund id. `amount` is in
 * the currency of the charge it refunds (the donor's currency under Adaptive Pricing); the
 * ledger converts the sum into the donation's `refunded` column. A refund whose status is
 * failed or canceled gives the money back to the appeal.
 */
@Entity('refunds')
@Check('CHK_refunds_amount', `amount > 0`)
@Check('CHK_refunds_amount_bound', `amount <= 9007199254740991`)
@Check('CHK_refunds_status', `status IN ('requires_action', 'pending', 'succeeded', 'failed', 'canceled')`)
export class Refund {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_refunds_donation')
  @Column({ name: 'donation_id', type: 'uuid' })
  donationId: string;

  @ManyToOne(() => Donation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'donation_id', foreignKeyConstraintName: 'FK_refunds_donation' })
  donation?: Donation;

  @Index('UQ_refunds_stripe_refund', { unique: true })
  @Column({ name: 'stripe_refund_id', type: 'varchar', length: 255 })
  stripeRefundId: string;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  amount: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 16 })
  status: RefundStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
