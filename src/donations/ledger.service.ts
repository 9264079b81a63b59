import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { MetricsService } from '../metrics/metrics.service';
import { Adjustment, AdjustmentKind } from './adjustment.entity';
import { Donation, isCounted, netOf } from './donation.entity';
import { donorKeyOf } from './donor-key';

export const PROGRESS_CHANNEL = 'appeal_progress';

type Snapshot = Pick<Donation, 'status' | 'amount' | 'refunded' | 'disputed'>;

export interface SettleFacts {
  amount: number;
  paymentIntentId?: string | null;
  chargeId?: string | null;
  donorEmail?: string | null;
  donorName?: string | null;
  originalAmount?: number | null;
  originalCurrency?: string | null;
}

/**
 * The only writer of money. Every change to a donation that can move an appeal's totals goes
 * through `mutate`, which locks the appeal's totals row first (so concurrent changes to one
 * appeal serialise and the donor count cannot race), applies the change, updates the totals
 * in the same transaction and queues a NOTIFY that PostgreSQL delivers only on commit.
 */
@Injectable()
export class LedgerService {
  constructor(readonly ds: DataSource, private readonly metrics: MetricsService) {}

  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  /** Marks a donation paid and counts it, once: a second call for a succeeded donation is a no-op. */
  succeed(em: EntityManager, donationId: string, facts: SettleFacts): Promise<{ donation: Donation; changed: boolean }> {
    return this.mutate(em, donationId, (d) => {
      if (d.status === 'succeeded' || d.status === 'review') return false;
      Object.assign(d, {
        status: 'succeeded', amount: facts.amount, succeededAt: new Date(),
        stripePaymentIntentId: facts.paymentIntentId ?? d.stripePaymentIntentId,
        stripeChargeId: facts.chargeId ?? d.stripeChargeId,
        donorEmail: d.donorEmail ?? facts.donorEmail ?? null,
        donorName: d.donorName ?? facts.donorName ?? null,
        originalAmount: facts.originalAmount ?? d.originalAmount,
        originalCurrency: facts.originalCurrency ?? d.originalCurrency,
      });
      d.donorKey = d.donorKey ?? donorKeyFrom(d);
      this.metrics.giftsCounted.labels(d.source).inc();
      return true;
    });
  }

  /** pending -> failed or expired; anything else stays as it is. */
  close(em: EntityManager, donationId: string, status: 'failed' | 'expired'): Promise<{ donation: Donation; changed: boolean }> {
    return this.mutate(em, donationId, (d) => {
      if (d.status !== 'pending') return false;
      d.status = status;
      return true;
    });
  }

  /** Holds a payment that must not count at face value until a person looks at it. */
  toReview(em: EntityManager, donationId: string, reason: string): Promise<{ donation: Donation; changed: boolean }> {
    return this.mutate(em, donationId, (d) => {
      if (d.status !== 'pending') return false;
      d.status = 'review';
      d.reviewReason = reason;
      return true;
    });
  }

  /** Records payment references learnt before the money arrives (delayed methods). */
  async linkPayment(em: EntityManager, donationId: string, refs: { paymentIntentId?: string | null; chargeId?: string | null }): Promise<void> {
    const set: Partial<Donation> = {};
    if (refs.paymentIntentId) set.stripePaymentIntentId = refs.paymentIntentId;
    if (refs.chargeId) set.stripeChargeId = refs.chargeId;
    if (Object.keys(set).length) await em.update(Donation, { id: donationId }, set);
  }

  /**
   * Stripe reports refunds as the charge's cumulative amount_refunded, so applying the larger
   * figure is idempotent and order-free: a replay or an older event changes nothing.
   */
  setRefundedTotal(em: EntityManager, donationId: string, cumulative: number, chargeRef: string): Promise<{ donation: Donation; changed: boolean }> {
    return this.mutate(em, donationId, async (d) => {
      const target = Math.min(cumulative, d.amount - d.disputed);
      if (target <= d.refunded) return false;
      await this.adjust(em, d, 'refund', -(target - d.refunded), `${chargeRef}:refunded:${target}`);
      d.refunded = target;
      return true;
    });
  }

  disputeWithdrawn(em: EntityManager, donationId: string, disputeId: string, amount: number): Promise<{ donation: Donation; changed: boolean }> {
    return this.mutate(em, donationId, async (d) => {
      const take = Math.min(amount, d.amount - d.refunded - d.disputed);
      if (take <= 0 || !(await this.adjust(em, d, 'dispute_withdrawal', -take, `${disputeId}:funds_withdrawn`))) return false;
      d.disputed += take;
      return true;
    });
  }

  /** Gives back exactly what the matching withdrawal took; false when there was none yet. */
  async disputeReinstated(em: EntityManager, donationId: string, disputeId: string): Promise<{ donation: Donation; changed: boolean; withdrawalSeen: boolean }> {
    const withdrawal = await em.findOneBy(Adjustment, { externalId: `${disputeId}:funds_withdrawn` });
    if (!withdrawal) return { donation: await em.findOneByOrFail(Donation, { id: donationId }), changed: false, withdrawalSeen: false };
    const res = await this.mutate(em, donationId, async (d) => {
      const giveBack = Math.min(-withdrawal.amount, d.disputed);
      if (giveBack <= 0 || !(await this.adjust(em, d, 'dispute_reinstatement', giveBack, `${disputeId}:funds_reinstated`))) return false;
      d.disputed -= giveBack;
      return true;
    });
    return { ...res, withdrawalSeen: true };
  }

  /** Inserts a new donation and, if it is born succeeded, counts it in the same transaction. */
  async insert(em: EntityManager, values: Partial<Donation>): Promise<Donation> {
    const final = { ...values };
    const born = em.create(Donation, { ...values, status: values.status === 'succeeded' ? 'pending' : values.status });
    born.donorKey = born.donorKey ?? donorKeyFrom(born);
    const saved = await em.save(born);
    if (final.status !== 'succeeded') return saved;
    const { donation } = await this.succeed(em, saved.id, {
      amount: saved.amount, paymentIntentId: saved.stripePaymentIntentId, chargeId: saved.stripeChargeId,
    });
    return donation;
  }

  /** Inserts an adjustment unless its external id is already there; false for a replay. */
  private async adjust(em: EntityManager, d: Donation, kind: AdjustmentKind, amount: number, externalId: string): Promise<boolean> {
    const res = await em.createQueryBuilder().insert().into(Adjustment)
      .values({ donationId: d.id, kind, amount, externalId }).orIgnore().execute();
    return (res.raw as unknown[]).length > 0;
  }

  private async mutate(
    em: EntityManager, donationId: string, change: (d: Donation) => boolean | Promise<boolean>,
  ): Promise<{ donation: Donation; changed: boolean }> {
    const [peek] = await em.query('SELECT appeal_id FROM donations WHERE id = $1', [donationId]) as Array<{ appeal_id: string | null }>;
    if (!peek) throw new Error(`donation ${donationId} does not exist`);
    if (peek.appeal_id) await em.query('SELECT 1 FROM appeal_totals WHERE appeal_id = $1 FOR UPDATE', [peek.appeal_id]);
    const d = await em.findOneOrFail(Donation, { where: { id: donationId }, lock: { mode: 'pessimistic_write' } });
    const before: Snapshot = { status: d.status, amount: d.amount, refunded: d.refunded, disputed: d.disputed };
    if (!(await change(d))) return { donation: d, changed: false };
    // A plain UPDATE of the fields a change may touch (save() would SELECT the row again first).
    await em.update(Donation, { id: d.id }, {
      status: d.status, amount: d.amount, refunded: d.refunded, disputed: d.disputed, succeededAt: d.succeededAt,
      stripePaymentIntentId: d.stripePaymentIntentId, stripeChargeId: d.stripeChargeId, donorEmail: d.donorEmail,
      donorName: d.donorName, donorKey: d.donorKey, originalAmount: d.originalAmount, originalCurrency: d.originalCurrency,
      reviewReason: d.reviewReason,
    });
    if (d.appealId) await this.applyToTotals(em, d, before);
    return { donation: d, changed: true };
  }

  private async applyToTotals(em: EntityManager, d: Donation, before: Snapshot): Promise<void> {
    const wasCounted = isCounted(before);
    const nowCounted = isCounted(d);
    const raised = (nowCounted ? netOf(d) : 0) - (wasCounted ? netOf(before) : 0);
    const count = Number(nowCounted) - Number(wasCounted);
    let donors = count;
    if (count !== 0 && d.donorKey) {
      const [other] = await em.query(
        `SELECT 1 FROM donations WHERE appeal_id = $1 AND donor_key = $2 AND id <> $3
           AND status = 'succeeded' AND amount - refunded - disputed > 0 LIMIT 1`, [d.appealId, d.donorKey, d.id]);
      if (other) donors = 0;
    }
    if (raised === 0 && count === 0) return;
    const [row] = await em.query(
      `UPDATE appeal_totals SET raised = raised + $2, donation_count = donation_count + $3,
         donor_count = donor_count + $4, version = version + 1, updated_at = now()
       WHERE appeal_id = $1 RETURNING version`, [d.appealId, raised, count, donors]);
    // TypeORM returns [rows, affected] for UPDATE ... RETURNING on PostgreSQL.
    const version = Number((row as Array<{ version: string }>)[0].version);
    await em.query('SELECT pg_notify($1, $2)', [PROGRESS_CHANNEL, JSON.stringify({ appealId: d.appealId, version })]);
  }
}

const donorKeyFrom = (d: Pick<Donation, 'donorEmail' | 'donorName'>) => donorKeyOf(d.donorEmail, d.donorName);
