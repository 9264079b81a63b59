import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintArrayTransformer, bigintTransformer } from '../database/bigint.transformer';

export const APPEAL_STATUSES = ['draft', 'active', 'closed'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

@Entity('appeals')
@Check('CHK_appeals_slug', `slug ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$'`)
@Check('CHK_appeals_currency', `currency ~ '^[a-z]{3}$'`)
@Check('CHK_appeals_target', `target > 0`)
@Check('CHK_appeals_status', `status IN ('draft', 'active', 'closed')`)
@Check('CHK_appeals_dates', `ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at`)
@Check('CHK_appeals_preset_amounts', `cardinality(preset_amounts) <= 6 AND 0 < ALL (preset_amounts)`)
// The API's own bound (10^15 minor units), so every amount an appeal stores reads back exactly.
@Check(
  'CHK_appeals_amount_bounds',
  `target <= 1000000000000000 AND 1000000000000000 >= ALL (stretch_targets) AND 1000000000000000 >= ALL (preset_amounts)`,
)
@Check(
  'CHK_appeals_monthly_presets',
  `cardinality(monthly_preset_amounts) <= 6 AND 0 < ALL (monthly_preset_amounts) AND 1000000000000000 >= ALL (monthly_preset_amounts)`,
)
export class Appeal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_appeals_slug', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  slug: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  target: number;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status: AppealStatus;

  @Column({ name: 'starts_at', type: 'timestamptz', nullable: true })
  startsAt: Date | null;

  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  @Column({ name: 'stretch_targets', type: 'bigint', array: true, default: () => "'{}'", transformer: bigintArrayTransformer })
  stretchTargets: number[];

  /** Amounts offered as one-click choices on the donate page; empty = the currency's defaults. */
  @Column({ name: 'preset_amounts', type: 'bigint', array: true, default: () => "'{}'", transformer: bigintArrayTransformer })
  presetAmounts: number[];

  /** Whether the donate page offers monthly gifts for this appeal. */
  @Column({ name: 'monthly_enabled', type: 'boolean', default: true })
  monthlyEnabled: boolean;

  /** One-click amounts for monthly gifts; empty = a third of the currency's one-off defaults. */
  @Column({ name: 'monthly_preset_amounts', type: 'bigint', array: true, default: () => "'{}'", transformer: bigintArrayTransformer })
  monthlyPresetAmounts: number[];
  /** Whether the supporters wall shows each gift's amount (names and messages follow their own rules). */
  @Column({ name: 'show_amounts', type: 'boolean', default: true })
  showAmounts: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
