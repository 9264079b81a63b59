import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Every Stripe event applied (or deliberately ignored), so a redelivery is recognised. */
@Entity('stripe_events')
@Index('IDX_stripe_events_created', ['created'])
@Index('IDX_stripe_events_other_api_version', ['receivedAt'], { where: 'other_api_version IS NOT NULL' })
export class StripeEvent {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  type: string;

  /** The event's own `created` (Stripe time); reconciliation resumes from the newest. */
  @Column({ type: 'timestamptz' })
  created: Date;

  @Column({ type: 'varchar', length: 32 })
  outcome: string;

  /** webhook or reconcile */
  @Column({ type: 'varchar', length: 16 })
  via: string;

  /** The event's api_version, kept only when it is not the pinned one (the health panel shows the last). */
  @Column({ name: 'other_api_version', type: 'varchar', length: 64, nullable: true })
  otherApiVersion: string | null;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;
}
