import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Person } from '../people/person.entity';

/**
 * A dashboard sign-in. Kept in PostgreSQL rather than in a signed cookie so that signing out
 * really ends it and every instance sees the same sessions. Only the keyed digest (TokenDigest)
 * of the cookie value is stored, so a leaked table cannot be replayed as cookies.
 */
@Entity('organiser_sessions')
@Index('IDX_organiser_sessions_expires', ['expiresAt'])
@Check('CHK_organiser_sessions_source', `token_hash IS NOT NULL OR organiser_id IS NOT NULL`)
export class OrganiserSession {
  @PrimaryColumn({ name: 'id_hash', type: 'char', length: 64 })
  idHash: string;

  @Column({ type: 'varchar', length: 100 })
  organiser: string;

  /**
   * Keyed digest of the token used to sign in (the same value organiser_tokens holds): revoking that token, or changing ADMIN_TOKEN, ends
   * the sessions it opened.
   */
  @Column({ name: 'token_hash', type: 'char', length: 64, nullable: true })
  tokenHash: string | null;

  /** The person signed in (password, or their personal token); null for ADMIN_TOKEN and CLI tokens. */
  @Index('IDX_organiser_sessions_organiser')
  @Column({ name: 'organiser_id', type: 'uuid', nullable: true })
  organiserId: string | null;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organiser_id', foreignKeyConstraintName: 'FK_organiser_sessions_organiser' })
  person?: Person;

  /** The synchronizer token every dashboard form must echo back. */
  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' })
  lastSeenAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
