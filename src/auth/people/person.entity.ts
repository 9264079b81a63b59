import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintTransformer } from '../../database/bigint.transformer';
import type { Role } from '../actor';

/**
 * A named organiser (table `organisers`). The e-mail is stored trimmed and lower-cased, and is
 * unique that way. Only an argon2id hash of the password is kept; the TOTP secret is sealed with
 * SECRET_KEY (SecretBox), so a copy of the database alone yields neither.
 */
@Entity('organisers')
@Check('CHK_organisers_role', `role IN ('owner', 'editor', 'viewer')`)
@Check('CHK_organisers_email', `email = lower(btrim(email)) AND email LIKE '%_@_%'`)
@Check('CHK_organisers_totp', `totp_enabled_at IS NULL OR totp_secret IS NOT NULL`)
export class Person {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_organisers_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 10 })
  role: Role;

  /** Null until the invitation is accepted. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true, select: false })
  passwordHash: string | null;

  @Column({ name: 'totp_secret', type: 'text', nullable: true, select: false })
  totpSecret: string | null;

  @Column({ name: 'totp_enabled_at', type: 'timestamptz', nullable: true })
  totpEnabledAt: Date | null;

  /** The last TOTP time step accepted: a code is never accepted twice. */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true, transformer: bigintTransformer, select: false })
  totpLastStep: number | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
