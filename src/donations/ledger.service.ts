import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { MetricsService } from '../metrics/metrics.service';
import { AppealTotals } from './appeal-totals.entity';
import { AfterCommit } from './after-commit';
import { donationRows } from './donation-rows';
import { Donation, isCounted } from './donation.entity';
import { DonationsError } from './donations.error';
import { GiftVoid } from './gift-void.entity';
import { AssignTarget, assignedValues } from './held-assignment';
import { donorKeyOf } from './donor-key';
import { countedTotal, REFUND_RANK } from './lifecycle';
import { DisputeFact, lifecycleRows, RefundFact } from './lifecycle-rows';
import { Snapshot, totalsChange } from './totals-change';
import { PROGRESS_CHANNEL } from './progress-channel';
import { NOTIFY_WALL_CHANGED, SET_DONATION_PUBLIC } from './supporters.queries';
import {
  ATTACH_CHECKOUT_SESSION,
  INSERT_REVIEW_RESOLUTION,
  INSERT_VOID,
  LOCK_APPEAL_BY_SLUG,
  LOCK_TOTALS,
  NEXT_CHECKOUT_ATTEMPT,
  PEEK_DONATION_APPEAL,
  UPDATE_DONATION,
} from './donations.queries';

export interface SettleFacts {
  amount: number;
  paymentIntentId?: string | null;
  chargeId?: string | null;
  donorEmail?: string | null;
  donorName?: string | null;
  originalAmount?: number | null;
  originalCurrency?: string | null;
  /** A monthly gift's payment: the invoice it paid (a payment counts once per invoice). */
  invoiceId?: string | null;
  /** Paid after the appeal's end: recorded (status after_end) but never counted. */
  afterEnd?: boolean;
  /** ISO 3166-1 alpha-2 of the payment (billing address, else card), when Stripe gave one. */
  country?: string | null;
}

/**
 * The only writer of money. Every change to a donation that can move an appeal's totals goes
 * through `mutate`, which locks the appeal's totals row first (so concurrent changes to one
 * appeal serialise and the donor count cannot race), applies the change, updates the totals
 * in the same transaction and queues a NOTIFY that PostgreSQL delivers only on commit.
 */
@Injectable()
export class LedgerService {
  private readonly afterCommit: AfterCommit;

  constructor(
    private readonly ds: DataSource,
    private readonly metrics: MetricsService,
  ) {
    this.afterCommit = AfterCommit.on(ds);
  }

  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  /** Creates an appeal's totals row, in the transaction that creates the appeal. */
  async openTotals(em: EntityManager, appealId: string): Promise<void> {
    await em.insert(AppealTotals, { appealId });
  }

  totalsOf(appealId: string): Promise<AppealTotals | null> {
    return this.ds.getRepository(AppealTotals).findOneBy({ appealId });
  }

  allTotals(): Promise<AppealTotals[]> {
    return this.ds.getRepository(AppealTotals).find();
  }

  /** Marks a donation paid and counts it, once: a second call for a succeeded donation is a no-op. */
  succeed(em: EntityManager, donation: DonationRef, facts: SettleFacts): Promise<{ donation: Donation; changed: boolean }> {
    return this.mutate(em, donation, (d) => {
      if (d.status === 'succeeded' || d.status === 'review' || d.status === 'after_end') return false;
      Object.assign(d, {
        status: facts.afterEnd ? 'after_end' : 'succeeded',
        stripeInvoiceId: facts.invoiceId ?? d.stripeInvoiceId,
        amount: facts.amount,
        succeededAt: new Date(),
        stripePaymentIntentId: facts.paymentIntentId ?? d.stripePaymentIntentId,
        stripeChargeId: facts.chargeId ?? d.stripeChargeId,
        donorEmail: d.donorEmail ?? facts.donorEmail ?? null,
        donorName: d.donorName ?? facts.donorName ?? null,
        originalAmount: facts.originalAmount ?? d.originalAmount,
        originalCurrency: facts.originalCurrency ?? d.originalCurrency,
        country: d.country ?? facts.country ?? null,
      });
      // Recomputed, not kept: a checkout started with only a name gets its e-mail from Stripe here.
      d.donorKey = donorKeyFrom(d);
      if (!facts.afterEnd) this.countOnCommit(em, d.source);
      return true;
    });
  }

  /** pending -> failed or expired; anything else stays as it is. */
  close(em: EntityManager, donation: DonationRef, status: 'failed' | 'expired'): Promise<{ donation: Donation; changed: boolean }> {
    return this.mutate(em, donation, (d) => {
      if (d.status !== 'pending') return false;
      d.status = status;
      return true;
    });
  }

  /**
   * Holds a payment that must not count at face value until a person looks at it. `paid`: what
   * was actually paid (amount, currency, payment ids), kept so a person can assign or refund it.
   */
  toReview(em: EntityManager, donation: DonationRef, reason: string, paid?: HeldFacts): Promise<{ donation: Donation; changed: boolean }> {
    return this.mutate(em, donation, (d) => {
      if (d.status !== 'pending') return false;
      d.status = 'review';
      d.reviewReason = reason;
      if (paid) {
        Object.assign(d, {
          amount: paid.amount,
          currency: paid.currency,
          stripePaymentIntentId: paid.paymentIntentId ?? d.stripePaymentIntentId,
          donorEmail: d.donorEmail ?? paid.donorEmail ?? null,
          donorName: d.donorName ?? paid.donorName ?? null,
          originalAmount: paid.originalAmount ?? null,
          originalCurrency: paid.originalCurrency ?? null,
        });
        d.donorKey = donorKeyFrom(d);
      }
      return true;
    });
  }

  /**
   * Voids an offline gift: appends its `voids` row and marks it `voided` (it stops counting; its
   * row stays). A gift already voided is answered with its void, unchanged (`created` false).
   */
  async voidOffline(em: EntityManager, donation: DonationRef, v: { reason: string; by: string }): Promise<VoidChange> {
    let created = false;
    const before = { status: '' as Donation['status'] };
    const res = await this.mutate(em, donation, async (d) => {
      before.status = d.status;
      if (d.source !== 'offline') throw DonationsError.notOffline(d.id);
      if (d.status === 'voided') return false;
      if (d.status !== 'succeeded') throw DonationsError.notVoidable(d.id, d.status);
      const rows = (await em.query(INSERT_VOID, [d.id, d.amount, d.currency, v.reason, v.by])) as unknown[];
      created = rows.length > 0;
      d.status = 'voided';
      return true;
    });
    const gv = await em.getRepository(GiftVoid).findOneByOrFail({ donationId: res.donation.id });
    return { donation: res.donation, void: gv, created, statusBefore: before.status };
  }

  /**
   * Counts a payment held for review in `target` (which may be another appeal than the one it
   * named): at its own amount when the currencies agree, else at `amount`, the appeal-currency
   * value a person entered, with what was paid kept as the original amount. Refunds and disputes
   * already recorded against the payment keep taking their share, converted the same way.
   * Appends the resolution; a payment no longer held (or already resolved) is left unchanged.
   */
  assignHeld(em: EntityManager, donationId: string, target: AssignTarget, by: string): Promise<{ donation: Donation; changed: boolean }> {
    return this.mutate(
      em,
      donationId,
      async (d) => {
        if (d.status !== 'review') return false;
        const values = assignedValues(d, target);
        const rows = (await em.query(INSERT_REVIEW_RESOLUTION, [
          d.id,
          'assign',
          target.appealId,
          values.amount,
          target.currency,
          null,
          by,
        ])) as unknown[];
        if (!rows.length) return false;
        Object.assign(d, values, { appealId: target.appealId, currency: target.currency, status: 'succeeded', succeededAt: new Date() });
        d.refunded = countedTotal(await lifecycleRows.countingRefunds(em, d.id), d);
        d.disputed = countedTotal(await lifecycleRows.withdrawnByDisputes(em, d.id), d, true);
        d.donorKey = donorKeyFrom(d);
        this.countOnCommit(em, d.source);
        return true;
      },
      target.appealId,
    );
  }

  /**
   * Records the refund an organiser made of a held payment (created at Stripe before this
   * transaction) as any refund is recorded, by its Stripe id, so the webhooks that follow find it
   * already there; and appends the resolution. `resolved` is false when it was resolved already.
   */
  async recordHeldRefund(
    em: EntityManager,
    donationId: string,
    refund: RefundFact,
    opts: { chargeId: string | null; by: string },
  ): Promise<LifecycleChange & { resolved: boolean }> {
    const res = await this.recordRefunds(em, donationId, [refund], { chargeId: opts.chargeId });
    const rows = (await em.query(INSERT_REVIEW_RESOLUTION, [
      donationId,
      'refund',
      null,
      null,
      null,
      refund.refundId,
      opts.by,
    ])) as unknown[];
    return { ...res, resolved: rows.length > 0 };
  }

  /** Records payment references learnt before the money arrives (delayed methods). */
  async linkPayment(
    em: EntityManager,
    donationId: string,
    refs: { paymentIntentId?: string | null; chargeId?: string | null; checkoutSessionId?: string },
  ): Promise<void> {
    const set: Partial<Donation> = {};
    if (refs.checkoutSessionId) set.stripeCheckoutSessionId = refs.checkoutSessionId;
    if (refs.paymentIntentId) set.stripePaymentIntentId = refs.paymentIntentId;
    if (refs.chargeId) set.stripeChargeId = refs.chargeId;
    if (Object.keys(set).length) await em.update(Donation, { id: donationId }, set);
  }

  /**
   * Records refunds of a donation's payment in their current state and sets `refunded` to what
   * those that count take back. Each refund moves only forward (see REFUND_RANK), so a stale
   * report changes nothing and a failure always gives the money back. `complete`: the list is
   * every refund of the payment (read from the provider), which replaces migrated legacy rows.
   */
  recordRefunds(
    em: EntityManager,
    donation: DonationRef,
    facts: RefundFact[],
    opts: { complete?: boolean; chargeId?: string | null } = {},
  ): Promise<LifecycleChange> {
    let recorded = 0;
    let moved = false;
    return this.mutate(em, donation, async (d) => {
      if (opts.complete) recorded += await lifecycleRows.dropLegacyRefunds(em, d.id);
      recorded += await lifecycleRows.upsertRefunds(em, d.id, newestPerId(facts));
      const refunded = countedTotal(await lifecycleRows.countingRefunds(em, d.id), d);
      // The charge id is written here, under the ledger's locks (totals, then donation): written
      // before them it would take the donation's row lock first and deadlock with other events.
      const link = !!opts.chargeId && !d.stripeChargeId;
      if (link) d.stripeChargeId = opts.chargeId!;
      moved = refunded !== d.refunded;
      d.refunded = refunded;
      return moved || link;
    }).then((r) => ({ ...r, changed: moved, recorded: recorded > 0 || moved }));
  }

  /**
   * Checkout writes that move no money, guarded in SQL so they never touch a paid donation.
   * Ties `sessionId` to the donation while it is pending and still waits on `previous` (or on
   * this session already, when two retries raced): a paid donation's session is never replaced.
   */
  async attachCheckoutSession(donationId: string, sessionId: string, previous: string | null): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected] = (await this.ds.query(ATTACH_CHECKOUT_SESSION, [donationId, sessionId, previous])) as [unknown[], number];
    return affected > 0;
  }

  /**
   * The checkout's next attempt at a pending donation: after a failed call to Stripe, or once the previous session is over
   * (expired, its payment failed). Stripe answers a key it has seen with its first answer, so
   * the next attempt needs a fresh key. Guarded by the attempt read, so concurrent retries move it
   * once and then share it. An expired or failed donation (never counted) is pending again.
   */
  async nextCheckoutAttempt(donationId: string, attempt: number): Promise<Donation> {
    await this.ds.query(NEXT_CHECKOUT_ATTEMPT, [donationId, attempt]);
    return this.ds.getRepository(Donation).findOneByOrFail({ id: donationId });
  }

  /** True while a donation still has a refund row migrated from the old cumulative model. */
  async hasLegacyRefunds(em: EntityManager, donationId: string): Promise<boolean> {
    return lifecycleRows.hasLegacyRefunds(em, donationId);
  }

  /**
   * Records a dispute snapshot (ignored when a later stage is stored) and sets `disputed` to the
   * funds the donation's disputes withdrew and did not reinstate.
   */
  recordDispute(em: EntityManager, donation: DonationRef, fact: DisputeFact): Promise<LifecycleChange> {
    let recorded = false;
    return this.mutate(em, donation, async (d) => {
      recorded = await lifecycleRows.upsertDispute(em, d.id, fact);
      if (!recorded) return false;
      const disputed = countedTotal(await lifecycleRows.withdrawnByDisputes(em, d.id), d, true);
      if (disputed === d.disputed) return false;
      d.disputed = disputed;
      return true;
    }).then((r) => ({ ...r, recorded: recorded || r.changed }));
  }

  /**
   * Inserts a new donation. One born succeeded is counted in the same statement that inserts it,
   * after its appeal's totals row is locked (pass `totalsLocked` when the caller locked it
   * already, e.g. with `lockAppealBySlug`).
   */
  async insert(em: EntityManager, values: Partial<Donation>, opts: { totalsLocked?: boolean } = {}): Promise<Donation> {
    const born = em.create(Donation, values);
    born.donorKey = born.donorKey ?? donorKeyFrom(born);
    if (born.status !== 'succeeded') return em.save(born);
    if (!born.appealId) throw new Error('a succeeded donation needs an appeal');
    born.succeededAt = born.succeededAt ?? new Date();
    born.refunded = born.refunded ?? 0;
    born.disputed = born.disputed ?? 0;
    // Made here rather than by the database, so the donor check can leave this gift out by id.
    born.id = born.id ?? randomUUID();
    if (!opts.totalsLocked) await this.lockTotals(em, born.appealId);
    const rows = donationRows(em);
    const insert = rows.insert(born);
    const notCounted: Snapshot = { status: 'pending', amount: born.amount, refunded: 0, disputed: 0 };
    const totals = totalsChange(born, notCounted, insert.params.length + 1);
    const [row] = (await em.query(
      `WITH d AS (${insert.sql}), ${totals.cte}
      SELECT d.*, n.version FROM d LEFT JOIN (${totals.select}) n ON true`,
      [...insert.params, ...totals.params],
    )) as Array<Record<string, unknown>>;
    if (row.version === null || row.version === undefined) throw new Error(`appeal ${born.appealId} has no totals row`);
    this.countOnCommit(em, born.source);
    return rows.hydrate(row);
  }

  /**
   * Finds an appeal by slug and locks its totals row, in one statement: what a payment for an
   * appeal without a pending donation needs before it inserts a counted one.
   */
  async lockAppealBySlug(em: EntityManager, slug: string): Promise<{ id: string; currency: string } | null> {
    const [row] = (await em.query(LOCK_APPEAL_BY_SLUG, [slug])) as Array<{ id: string; currency: string }>;
    return row ?? null;
  }

  /**
   * Records the payment references of a monthly gift's payment learnt after it was counted
   * (invoice_payment.paid), under the ledger's locks, so refunds and disputes find it. Only
   * fills what is missing; moves no money.
   */
  linkInvoicePayment(
    em: EntityManager,
    donation: DonationRef,
    refs: { paymentIntentId?: string | null; chargeId?: string | null },
  ): Promise<{ donation: Donation; changed: boolean }> {
    return this.mutate(em, donation, (d) => {
      const pi = !d.stripePaymentIntentId && !!refs.paymentIntentId;
      const ch = !d.stripeChargeId && !!refs.chargeId;
      if (pi) d.stripePaymentIntentId = refs.paymentIntentId!;
      if (ch) d.stripeChargeId = refs.chargeId!;
      return pi || ch;
    });
  }

  /**
   * An organiser shows or hides a gift's public name and message (see SET_DONATION_PUBLIC). No
   * money moves; the NOTIFY, delivered on commit, makes every instance re-read the wall and tell
   * its streams at once. False when the appeal has no such donation.
   */
  /** `also` runs in the same transaction once the row changed (the caller's audit entry). */
  async setPublic(appealId: string, donationId: string, visible: boolean, also?: (em: EntityManager) => Promise<void>): Promise<boolean> {
    return this.ds.transaction(async (em) => {
      const [rows] = (await em.query(SET_DONATION_PUBLIC, [donationId, appealId, visible])) as [unknown[], number];
      if (!rows.length) return false;
      await also?.(em);
      await em.query(NOTIFY_WALL_CHANGED, [PROGRESS_CHANNEL, appealId]);
      return true;
    });
  }

  /** A gift rolled back is not a gift: the counter moves only once the transaction commits. */
  private countOnCommit(em: EntityManager, source: Donation['source']): void {
    this.afterCommit.run(em, () => this.metrics.giftsCounted.labels(source).inc());
  }

  private async lockTotals(em: EntityManager, appealId: string): Promise<void> {
    await em.query(LOCK_TOTALS, [appealId]);
  }

  /**
   * Locks the appeal's totals row, then the donation, applies `change`, and writes the donation,
   * the totals and the NOTIFY in one statement. Given a donation the caller has just read
   * rather than an id, it skips the query that finds the appeal (a donation never changes
   * appeal; the row read under the lock is checked against it anyway).
   */
  private async mutate(
    em: EntityManager,
    ref: DonationRef,
    change: (d: Donation) => boolean | Promise<boolean>,
    moveTo?: string,
  ): Promise<{ donation: Donation; changed: boolean }> {
    const donationId = idOf(ref);
    // Moving a donation that does not count (a held payment) into an appeal locks only that
    // appeal's totals: its old appeal's totals never counted it, so they do not move.
    let locked = moveTo ?? (typeof ref === 'string' ? undefined : ref.appealId);
    if (locked === undefined) {
      const [peek] = (await em.query(PEEK_DONATION_APPEAL, [donationId])) as Array<{ appeal_id: string | null }>;
      if (!peek) throw new Error(`donation ${donationId} does not exist`);
      locked = peek.appeal_id;
    }
    if (locked) await this.lockTotals(em, locked);
    const rows = donationRows(em);
    const [row] = (await em.query(`SELECT ${rows.select('d')} FROM donations d WHERE d.id = $1 FOR UPDATE`, [donationId])) as Array<
      Record<string, unknown>
    >;
    if (!row) throw new Error(`donation ${donationId} does not exist`);
    const d = rows.hydrate(row);
    // A held payment assigned to an appeal after we looked (a donation moves only that way): its
    // new appeal's totals are not locked, and taking that lock now would invert the lock order.
    // The caller tries again (a webhook answers 503, so Stripe redelivers).
    if (!moveTo && d.appealId !== locked) throw DonationsError.movedMeanwhile(donationId);
    const before: Snapshot = { status: d.status, amount: d.amount, refunded: d.refunded, disputed: d.disputed };
    if (!(await change(d))) return { donation: d, changed: false };
    if (moveTo && isCounted(before)) throw new Error(`donation ${donationId} counts already; it cannot move to appeal ${moveTo}`);
    const update = [
      d.id,
      d.status,
      d.amount,
      d.refunded,
      d.disputed,
      d.succeededAt,
      d.stripePaymentIntentId,
      d.stripeChargeId,
      d.donorEmail,
      d.donorName,
      d.donorKey,
      d.originalAmount,
      d.originalCurrency,
      d.reviewReason,
      d.country,
      d.appealId,
      d.currency,
      d.stripeInvoiceId,
    ];
    const totals = d.appealId ? totalsChange(d, before, update.length + 1) : null;
    if (!totals?.moves) {
      await em.query(UPDATE_DONATION, update);
      return { donation: d, changed: true };
    }
    const [result] = (await em.query(`WITH d AS (${UPDATE_DONATION} RETURNING 1), ${totals.cte} ${totals.select}`, [
      ...update,
      ...totals.params,
    ])) as Array<{ version: string }>;
    if (!result) throw new Error(`appeal ${d.appealId} has no totals row`);
    return { donation: d, changed: true };
  }
}

/** What a held payment's facts are, as the payment provider reported the payment. */
export interface HeldFacts extends Partial<SettleFacts> {
  amount: number;
  currency: string;
}

/** A void as the ledger answers it: the gift after, its void, and whether this call made it. */
export type VoidChange = { donation: Donation; void: GiftVoid; created: boolean; statusBefore: Donation['status'] };

/** `changed`: the donation's counted money moved; `recorded`: some refund or dispute row changed. */
export type LifecycleChange = { donation: Donation; changed: boolean; recorded: boolean };

/** One row per refund id (a list may repeat one): the most advanced report of it. */
function newestPerId(facts: RefundFact[]): RefundFact[] {
  const byId = new Map<string, RefundFact>();
  for (const f of facts) {
    const seen = byId.get(f.refundId);
    if (!seen || REFUND_RANK[f.status] > REFUND_RANK[seen.status]) byId.set(f.refundId, f);
  }
  return [...byId.values()];
}

/** A donation id, or a donation just read (its appeal is then known without a query). */
export type DonationRef = string | Pick<Donation, 'id' | 'appealId'>;
const idOf = (ref: DonationRef): string => (typeof ref === 'string' ? ref : ref.id);

const donorKeyFrom = (d: Pick<Donation, 'donorEmail' | 'donorName'>) => donorKeyOf(d.donorEmail, d.donorName);
