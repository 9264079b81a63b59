import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ActorKind } from '../actor';

/** One organiser action (table `audit_entries`). Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. */
@Entity('audit_entries')
export class AuditEntry {
  /** GENERATED ALWAYS AS IDENTITY: the keyset cursor. Read as a string (bigint). */
  @PrimaryColumn({ type: 'bigint', insert: false, update: false })
  id: string;

  @Column({ type: 'timestamptz', insert: false, update: false })
  at: Date;

  @Column({ name: 'actor_kind', type: 'varchar', length: 10 })
  actorKind: ActorKind;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_email', type: 'varchar', length: 254, nullable: true })
  actorEmail: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 120 })
  actorName: string;

  @Column({ type: 'varchar', length: 60 })
  action: string;

  @Column({ name: 'appeal_id', type: 'uuid', nullable: true })
  appealId: string | null;

  @Column({ name: 'appeal_slug', type: 'varchar', length: 64, nullable: true })
  appealSlug: string | null;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  details: Record<string, unknown>;
}
