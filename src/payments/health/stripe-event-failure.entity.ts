import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A verified Stripe event that this service answered with a 5xx. Its own transaction rolled
 * back, so `stripe_events` never sees it; this row (written after the response, outside that
 * transaction) is what lets the payments health panel say which events Stripe still has to
 * redeliver. Once the event is applied it appears in `stripe_events` and counts as resolved.
 */
@Entity('stripe_event_failures')
@Index('IDX_stripe_event_failures_last', ['lastFailedAt'])
@Check('CHK_stripe_event_failures_status', `status >= 500 AND status <= 599`)
export class StripeEventFailure {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 255 })
  eventId: string;

  @Column({ type: 'varchar', length: 100 })
  type: string;

  /** The HTTP status of the latest failed attempt: 503 = retry later (e.g. lock timeout), 500 = fault. */
  @Column({ type: 'smallint' })
  status: number;

  @Column({ type: 'integer', default: 1 })
  attempts: number;

  @Column({ name: 'first_failed_at', type: 'timestamptz', default: () => 'now()' })
  firstFailedAt: Date;

  @Column({ name: 'last_failed_at', type: 'timestamptz', default: () => 'now()' })
  lastFailedAt: Date;
}
