import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Appeal } from '../appeals/appeal.entity';
import { bigintTransformer } from '../database/bigint.transformer';
import { Plan } from './plan.entity';

export const DONATION_STATUSES = ['pending', 'succeeded', 'failed', 'expired', 'review', 'voided', 'after_end'] as const;
export type DonationStatus = (typeof DONATION_STATUSES)[number];
export type DonationSource = 'stripe' | 'offline';

/**
 * One gift. `amount` is what was paid, in the appeal's currency; refunds and disputes never
 * change it. `refunded` is what its refunds that still count take back and `disputed` what its
 * disputes withdrew and did not reinstate (both derived by the ledger from the refunds and
 * disputes rows, each at most `amount`), so what the appeal keeps is
 * max(0, amount - refunded - disputed): a refund and a lost dispute of the same money take it
 * once. `review` holds payments that must not be counted at face value (unknown appeal, wrong
 * currency) until a person looks at them (see review_resolutions). `voided`: an offline gift
 * recorded by mistake and taken out by a row in `voids`; the row stays, it no longer counts.
 */
@Entity('donations')
@Check('CHK_donations_amount', `amount > 0`)
@Check('CHK_donations_status', `status IN ('pending', 'succeeded', 'failed', 'expired', 'review', 'voided', 'after_end')`)
@Check('CHK_donations_invoice', `stripe_invoice_id IS NULL OR source = 'stripe'`)
@Check('CHK_donations_after_end', `status <> 'after_end' OR (plan_id IS NOT NULL AND stripe_invoice_id IS NOT NULL)`)
// Only an offline gift is voided (by a row in `voids`); a Stripe gift is refunded instead.
@Check('CHK_donations_voided', `status <> 'voided' OR source = 'offline'`)
@Check('CHK_donations_source', `source IN ('stripe', 'offline')`)
@Check('CHK_donations_refunded', `refunded >= 0 AND refunded <= amount`)
@Check('CHK_donations_disputed', `disputed >= 0 AND disputed <= amount`)
@Check('CHK_donations_appeal', `appeal_id IS NOT NULL OR status = 'review'`)
@Check('CHK_donations_offline_ref', `source <> 'offline' OR offline_reference IS NOT NULL`)
// 10^12 minor units is the most one gift may count (larger payments are held for review); no
// stored amount leaves JavaScript's exact integer range, so reading a row can never fail.
@Check('CHK_donations_amount_bound', `amount <= 9007199254740991 AND (status = 'review' OR amount <= 1000000000000)`)
@Check('CHK_donations_original_amount', `original_amount IS NULL OR (original_amount > 0 AND original_amount <= 9007199254740991)`)
@Check('CHK_donations_checkout_attempt', `checkout_attempt >= 0`)
@Check('CHK_donations_country', `country IS NULL OR country ~ '^[A-Z]{2}$'`)
@Index('IDX_donations_appeal_created', ['appealId', 'createdAt', 'id'])
@Index('IDX_donations_appeal_donor', ['appealId', 'donorKey'])
// The supporters wall's keyset order (an expression index, written by its migration).
@Index('IDX_donations_wall', { synchronize: false })
@Index('IDX_donations_appeal_country', ['appealId', 'country'], { where: 'country IS NOT NULL' })
// The organiser dashboard lists payments held for review; they are few among many donations.
@Index('IDX_donations_review', ['createdAt'], { where: "status = 'review'" })
@Index('IDX_donations_plan', ['planId'], { where: 'plan_id IS NOT NULL' })
@Index('UQ_donations_offline_reference', ['appealId', 'offlineReference'], { unique: true, where: 'offline_reference IS NOT NULL' })
export class Donation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'appeal_id', type: 'uuid', nullable: true })
  appealId: string | null;

  @ManyToOne(() => Appeal, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'appeal_id', foreignKeyConstraintName: 'FK_donations_appeal' })
  appeal?: Appeal;

  /** The monthly gift this payment belongs to (one donation per paid invoice). */
  @Column({ name: 'plan_id', type: 'uuid', nullable: true })
  planId: string | null;

  @ManyToOne(() => Plan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'FK_donations_plan' })
  plan?: Plan;

  /** The Stripe invoice this payment paid: a monthly gift's payment counts once per invoice. */
  @Index('UQ_donations_invoice', { unique: true })
  @Column({ name: 'stripe_invoice_id', type: 'varchar', length: 255, nullable: true })
  stripeInvoiceId: string | null;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  amount: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'bigint', default: 0, transformer: bigintTransformer })
  refunded: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintTransformer })
  disputed: number;

  @Column({ type: 'varchar', length: 16 })
  status: DonationStatus;

  @Column({ type: 'varchar', length: 16 })
  source: DonationSource;

  @Index('UQ_donations_checkout_session', { unique: true })
  @Column({ name: 'stripe_checkout_session_id', type: 'varchar', length: 255, nullable: true })
  stripeCheckoutSessionId: string | null;

  @Index('UQ_donations_payment_intent', { unique: true })
  @Column({ name: 'stripe_payment_intent_id', type: 'varchar', length: 255, nullable: true })
  stripePaymentIntentId: string | null;

  @Index('UQ_donations_charge', { unique: true })
  @Column({ name: 'stripe_charge_id', type: 'varchar', length: 255, nullable: true })
  stripeChargeId: string | null;

  /** A client's Idempotency-Key on POST /checkout: a retried request finds the same donation. */
  @Index('UQ_donations_client_key', { unique: true })
  @Column({ name: 'client_key', type: 'varchar', length: 255, nullable: true })
  clientKey: string | null;

  /**
   * Failed calls to Stripe for this checkout so far (or, for a payment held for review, refusals of
   * its refund). Part of the Stripe idempotency key: Stripe replays a key's answer for 24 hours,
   * errors included, so a retry after a failure must use a fresh key.
   */
  @Column({ name: 'checkout_attempt', type: 'integer', default: 0 })
  checkoutAttempt: number;

  @Column({ name: 'offline_reference', type: 'varchar', length: 200, nullable: true })
  offlineReference: string | null;

  @Column({ name: 'donor_name', type: 'varchar', length: 200, nullable: true })
  donorName: string | null;

  @Column({ name: 'donor_email', type: 'varchar', length: 320, nullable: true })
  donorEmail: string | null;

  /** Who counts as the same donor for the donor count (e-mail, else name, else the gift). */
  @Column({ name: 'donor_key', type: 'varchar', length: 400, nullable: true })
  donorKey: string | null;

  @Column({ type: 'boolean', default: false })
  anonymous: boolean;

  @Column({ type: 'text', nullable: true })
  message: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /**
   * The donor chose to show their name and message on the supporters wall (the organiser, for an
   * offline gift). Without it the wall shows the gift as "Anonymous".
   */
  @Column({ type: 'boolean', default: false })
  public: boolean;

  /** An organiser took the public name and message down; it wins over `public`. */
  @Column({ type: 'boolean', default: false })
  hidden: boolean;

  /** ISO 3166-1 alpha-2 (upper case) of the payment, when Stripe or the organiser gave one. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  country: string | null;

  /** What the donor actually paid in, when it differs (offline foreign gift, Adaptive Pricing). */
  @Column({ name: 'original_amount', type: 'bigint', nullable: true, transformer: bigintTransformer })
  originalAmount: number | null;

  @Column({ name: 'original_currency', type: 'varchar', length: 3, nullable: true })
  originalCurrency: string | null;

  @Column({ name: 'recorded_by', type: 'varchar', length: 100, nullable: true })
  recordedBy: string | null;

  @Column({ name: 'review_reason', type: 'text', nullable: true })
  reviewReason: string | null;

  /** The appeal named by the payment's metadata, kept for review when no such appeal exists. */
  @Column({ name: 'appeal_slug', type: 'varchar', length: 200, nullable: true })
  appealSlug: string | null;

  @Column({ name: 'received_at', type: 'timestamptz', nullable: true })
  receivedAt: Date | null;

  @Column({ name: 'succeeded_at', type: 'timestamptz', nullable: true })
  succeededAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** What the appeal keeps of a gift: never below zero, so money refunded and lost to a dispute goes once. */
export const netOf = (d: Pick<Donation, 'amount' | 'refunded' | 'disputed'>): number => Math.max(0, d.amount - d.refunded - d.disputed);
/** A donation counts toward raised/donations/donors when it succeeded and some of it is kept. */
export const isCounted = (d: Pick<Donation, 'status' | 'amount' | 'refunded' | 'disputed'>): boolean =>
  d.status === 'succeeded' && netOf(d) > 0;
