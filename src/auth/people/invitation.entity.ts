import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A one-time link to set a password (and optionally TOTP). Only the link's keyed digest is stored. */
@Entity('organiser_invitations')
export class Invitation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organiser_id', type: 'uuid' })
  organiserId: string;

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
