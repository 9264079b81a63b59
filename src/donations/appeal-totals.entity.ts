import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Appeal } from '../appeals/appeal.entity';
import { bigintTransformer, exactBigintTransformer } from '../database/bigint.transformer';

/**
 * The read model of an appeal's progress: one row per appeal, written only by the donations
 * ledger in the same transaction as the ledger row that changes it. `version` only grows; it is
 * the ETag and the SSE event id.
 */
@Entity('appeal_totals')
@Check('CHK_appeal_totals_counts', `raised >= 0 AND donation_count >= 0 AND donor_count >= 0 AND version > 0`)
@Check('CHK_appeal_totals_donors', `donor_count <= donation_count`)
@Check('CHK_appeal_totals_monthly', `monthly_donors >= 0 AND monthly_amount >= 0`)
@Check('CHK_appeal_totals_countries', `countries >= 0 AND countries <= donation_count`)
export class AppealTotals {
  @PrimaryColumn({ name: 'appeal_id', type: 'uuid' })
  appealId: string;

  @OneToOne(() => Appeal, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'appeal_id', foreignKeyConstraintName: 'FK_appeal_totals_appeal' })
  appeal?: Appeal;

  /** Exact whatever its size: a sum of many gifts may pass 2^53. */
  @Column({ type: 'bigint', default: 0, transformer: exactBigintTransformer })
  raised: bigint;

  @Column({ name: 'donation_count', type: 'integer', default: 0 })
  donationCount: number;

  @Column({ name: 'donor_count', type: 'integer', default: 0 })
  donorCount: number;

  /** Monthly gifts giving now (active or retrying a payment), monthly, in the appeal's currency. */
  @Column({ name: 'monthly_donors', type: 'integer', default: 0 })
  monthlyDonors: number;

  /** What those plans give each month, in the appeal's currency (exact, like raised). */
  @Column({ name: 'monthly_amount', type: 'bigint', default: 0, transformer: exactBigintTransformer })
  monthlyAmount: bigint;
  /** Distinct countries among the counted gifts (a gift without one adds none). */
  @Column({ type: 'integer', default: 0 })
  countries: number;

  @Column({ type: 'bigint', default: 1, transformer: bigintTransformer })
  version: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
