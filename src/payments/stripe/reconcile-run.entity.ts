import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One reconciliation pass, for the payments health panel and the CLI's report. */
@Entity('reconcile_runs')
export class ReconcileRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ name: 'events_found', type: 'integer', default: 0 })
  eventsFound: number;

  @Column({ name: 'events_applied', type: 'integer', default: 0 })
  eventsApplied: number;

  @Column({ name: 'pending_checked', type: 'integer', default: 0 })
  pendingChecked: number;

  @Column({ name: 'pending_resolved', type: 'integer', default: 0 })
  pendingResolved: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}
