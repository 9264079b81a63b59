import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ActorKind } from '../actor';

/** One organiser action (table `audit_entries`). Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. */
@Entity('audit_entries')
@Check('CHK_audit_entries_actor_kind', `actor_kind IN ('person', 'admin', 'token', 'anonymous')`)
@Index('IDX_audit_entries_appeal', ['appealId', 'id'])
@Index('IDX_audit_entries_actor', ['actorId', 'id'])
export class AuditEntry {
  /** GENERATED ALWAYS AS IDENTITY: the keyset cursor. Read as a string (bigint). */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'PK_audit_entries' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()', insert: false, update: false })
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
