import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Person } from './person.entity';

/** A one-time link to set a password (and optionally TOTP). Only the link's keyed digest is stored. */
@Entity('organiser_invitations')
export class Invitation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_organiser_invitations_organiser')
  @Column({ name: 'organiser_id', type: 'uuid' })
  organiserId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organiser_id', foreignKeyConstraintName: 'FK_organiser_invitations_organiser' })
  organiser?: Person;

  @Index('UQ_organiser_invitations_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  /** The TOTP secret shown on the acceptance page (sealed), enabled only once a code from it is verified. */
  @Column({ name: 'pending_totp_secret', type: 'text', nullable: true })
  pendingTotpSecret: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
