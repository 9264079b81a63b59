import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../database/bigint.transformer';
import { Donation } from './donation.entity';

export const ADJUSTMENT_KINDS = ['refund', 'dispute_withdrawal', 'dispute_reinstatement'] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

/**
 * A change to a donation's kept amount. `externalId` (unique) is what makes it idempotent:
 * a replayed refund or dispute event finds its row already there.
 */
@Entity('adjustments')
@Check('CHK_adjustments_kind', `kind IN ('refund', 'dispute_withdrawal', 'dispute_reinstatement')`)
@Check('CHK_adjustments_sign', `(kind = 'dispute_reinstatement' AND amount > 0) OR (kind <> 'dispute_reinstatement' AND amount < 0)`)
@Check('CHK_adjustments_amount_bound', `amount BETWEEN -1000000000000 AND 1000000000000`)
export class Adjustment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_adjustments_donation')
  @Column({ name: 'donation_id', type: 'uuid' })
  donationId: string;

  @ManyToOne(() => Donation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'donation_id', foreignKeyConstraintName: 'FK_adjustments_donation' })
  donation?: Donation;

  @Column({ type: 'varchar', length: 32 })
  kind: AdjustmentKind;

  /** Signed, minor units of the donation's currency: negative takes money out of the total. */
  @Column({ type: 'bigint', transformer: bigintTransformer })
  amount: number;

  @Index('UQ_adjustments_external_id', { unique: true })
  @Column({ name: 'external_id', type: 'varchar', length: 255 })
  externalId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
