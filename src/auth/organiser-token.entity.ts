import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Person } from './people/person.entity';

/** An organiser API token. Only its keyed digest (TokenDigest) is stored; the token itself is shown once. */
@Entity('organiser_tokens')
export class OrganiserToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index('UQ_organiser_tokens_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  /** False only for rows from before keyed digests, until TokensService.rekeyLegacy converts them. */
  @Column({ type: 'boolean', default: true })
  keyed: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  /** A personal token acts as this person, with their role; null: a CLI token (acts as owner). */
  @Index('IDX_organiser_tokens_organiser')
  @Column({ name: 'organiser_id', type: 'uuid', nullable: true })
  organiserId: string | null;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organiser_id', foreignKeyConstraintName: 'FK_organiser_tokens_organiser' })
  organiser?: Person;
}
