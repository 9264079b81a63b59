import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../database/bigint.transformer';
import { Donation } from './donation.entity';

/**
 * The adjustment that voids an offline gift recorded by mistake: appended, never changed. The
 * gift's row stays (its status becomes `voided`, so it no longer counts); this row says how much
 * came off, why, who did it and when. One per gift; a trigger (migration 1795833000000) refuses
 * a void of a Stripe gift or of any amount other than the gift's, and any UPDATE or DELETE.
 */
@Entity('voids')
@Check('CHK_voids_amount', `amount > 0`)
@Check('CHK_voids_reason', `char_length(reason) BETWEEN 1 AND 500`)
export class GiftVoid {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_voids_donation', { unique: true })
  @Column({ name: 'donation_id', type: 'uuid' })
  donationId: string;

  @ManyToOne(() => Donation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'donation_id', foreignKeyConstraintName: 'FK_voids_donation' })
  donation?: Donation;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  amount: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'voided_by', type: 'varchar', length: 100 })
  voidedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
