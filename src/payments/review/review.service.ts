import { Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { AppealsService } from '../../appeals/appeals.service';
import { assertRight } from '../../auth/access';
import { Actor, actorLabel } from '../../auth/actor';
import { AuditService } from '../../auth/audit/audit.service';
import { AppealsError } from '../../appeals/appeals.error';
import { UUID } from '../../common/uuid';
import type { DonationView } from '../../donations/donation-view';
import type { Donation } from '../../donations/donation.entity';
import { DonationsService } from '../../donations/donations.service';
import { LedgerService } from '../../donations/ledger.service';
import { HELD_PAYMENTS } from '../payments.queries';
import { PaymentsError } from '../stripe/payments.error';
import { StripeGateway } from '../stripe/stripe-gateway';
import { refundObjectFacts } from '../stripe/stripe-mappers';
import { ResolveHeldDto } from './dto/resolve-held.dto';
import { HeldPayment, toHeldPayment } from './held-payment';

/** What resolving a held payment did: the payment before and after, and whether this call changed it. */
export interface ReviewOutcome {
  action: 'assign' | 'refund';
  changed: boolean;
  before: DonationView;
  after: DonationView;
}

/**
 * Payments held for review (unknown appeal, another currency, above the largest gift...): listed
 * for a person, who assigns each to an appeal (counted through the ledger) or refunds it through
 * Stripe. Repeating the same resolution answers it again; any other on a resolved payment is a 409.
 */
@Injectable()
export class ReviewService {
  constructor(
    private readonly ds: DataSource,
    private readonly donations: DonationsService,
    private readonly appeals: AppealsService,
    private readonly ledger: LedgerService,
    private readonly gateway: StripeGateway,
    private readonly audit: AuditService,
  ) {}

  async list(limit = 50): Promise<{ count: number; data: HeldPayment[] }> {
    const rows = (await this.ds.query(HELD_PAYMENTS, [limit])) as Array<Record<string, unknown>>;
    return { count: rows.length ? Number(rows[0].total) : 0, data: rows.map(toHeldPayment) };
  }

  /** Assigning needs editor rights on the chosen appeal; refunding, editor rights on any (the route's). */
  async resolve(id: string, dto: ResolveHeldDto, actor: Actor): Promise<ReviewOutcome> {
    if (dto.action === 'assign' && dto.appeal !== undefined) assertRight(actor, 'edit', dto.appeal);
    if (!UUID.test(id)) throw PaymentsError.heldInvalid(['id must be the id (a UUID) of a payment held for review']);
    if (dto.action === 'refund' && (dto.appeal !== undefined || dto.amount !== undefined)) {
      throw PaymentsError.heldInvalid(['appeal and amount are only for action "assign"; a refund gives back the whole payment']);
    }
    const held = await this.donations.findById(id);
    if (!held || held.source !== 'stripe') throw PaymentsError.heldNotFound(id);
    const before = await this.donations.view(held);
    const done = await this.alreadyDone(held, before, dto);
    if (done) return { action: dto.action, changed: false, before, after: before };
    return dto.action === 'assign' ? this.assign(held, before, dto, actor) : this.refund(held, before, actor);
  }

  private async assign(held: Donation, before: DonationView, dto: ResolveHeldDto, actor: Actor): Promise<ReviewOutcome> {
    const appeal = await this.appeals.findBySlug(dto.appeal!).catch((e: unknown) => {
      if (e instanceof AppealsError && e.kind === 'not_found')
        throw PaymentsError.heldInvalid([`appeal: no appeal with slug "${dto.appeal}"`]);
      throw e;
    });
    const target = { appealId: appeal.id, currency: appeal.currency, amount: dto.amount };
    const res = await this.ledger.transaction(async (em) => {
      const change = await this.ledger.assignHeld(em, held.id, target, actorLabel(actor));
      if (change.changed) {
        const d = change.donation;
        const details = { donationId: held.id, amount: d.amount, currency: d.currency, paid: held.amount, paidCurrency: held.currency };
        await this.audit.record({ actor, action: 'held-payment.assigned', appeal, details }, em);
      }
      return change;
    });
    const out = await this.outcome('assign', res.changed, held, before);
    // Assigned by someone else meanwhile, elsewhere or at another amount: not this request's result.
    const other = res.donation.appealId !== appeal.id || (dto.amount !== undefined && out.after.resolution?.amount !== dto.amount);
    if (!res.changed && other)
      throw PaymentsError.alreadyResolved(`payment ${held.id} ${describe(out.after)}; it is no longer held for review`);
    return out;
  }

  /**
   * Stripe first, outside any transaction (no row lock is held across HTTP), with an idempotency
   * key derived from the payment and its failed attempts: a retried or repeated request within an
   * attempt is answered with Stripe's first answer, never a second refund. Stripe keeps a key's
   * answer for 24 hours, errors included, so after Stripe refused (a 4xx: no refund was made) the
   * next attempt takes a fresh key; after a network failure or a 5xx (the outcome is unknown) the
   * key stays, so a refund Stripe did make is found again, not made twice. Then the refund is
   * recorded by its Stripe id, which the refund webhooks that follow find already there.
   */
  private async refund(held: Donation, before: DonationView, actor: Actor): Promise<ReviewOutcome> {
    const organiser = actorLabel(actor);
    if (!held.stripeChargeId && !held.stripePaymentIntentId) {
      throw PaymentsError.cannotRefund(
        `payment ${held.id} has no Stripe charge or payment intent recorded; refund it in the Stripe dashboard`,
      );
    }
    let refund;
    try {
      refund = await this.gateway.stripe.refunds.create(
        {
          ...(held.stripeChargeId ? { charge: held.stripeChargeId } : { payment_intent: held.stripePaymentIntentId! }),
          metadata: { donation_id: held.id, resolved_by: organiser.slice(0, 100), held_for_review: 'true' },
        },
        { idempotencyKey: heldRefundKey(held) },
      );
    } catch (e) {
      const status = (e as { statusCode?: number }).statusCode;
      if (e instanceof Stripe.errors.StripeError && status !== undefined && status >= 400 && status < 500) {
        await this.ledger.nextCheckoutAttempt(held.id, held.checkoutAttempt);
      }
      throw PaymentsError.upstream(`Stripe did not refund the payment (${e instanceof Error ? e.message : 'error'}); it is still held`);
    }
    const fact = refundObjectFacts(refund);
    const res = await this.ledger.transaction(async (em) => {
      const change = await this.ledger.recordHeldRefund(em, held.id, fact, { chargeId: fact.chargeId, by: organiser });
      if (change.resolved) {
        const details = { donationId: held.id, amount: held.amount, currency: held.currency, stripeRefundId: refund.id };
        await this.audit.record({ actor, action: 'held-payment.refunded', details }, em);
      }
      return change;
    });
    return this.outcome('refund', res.resolved, held, before);
  }

  private async outcome(action: 'assign' | 'refund', changed: boolean, held: Donation, before: DonationView): Promise<ReviewOutcome> {
    const now = (await this.donations.findById(held.id))!;
    const after = await this.donations.view(now);
    // Resolved by someone else meanwhile: the same resolution is that one; another is a conflict.
    if (!changed) this.assertSame(after, action);
    return { action, changed, before, after };
  }

  /** True when this very resolution was made already (answer it again); a 409 for any other state. */
  private async alreadyDone(held: Donation, view: DonationView, dto: ResolveHeldDto): Promise<boolean> {
    const r = view.resolution;
    if (!r && held.status === 'review') return false;
    if (r?.action === 'refund' && dto.action === 'refund') return true;
    if (r?.action === 'assign' && dto.action === 'assign') {
      // Read again: the resolution may have committed between reading the payment and its view.
      const [appeal, now] = await Promise.all([this.appeals.findBySlug(dto.appeal!).catch(() => null), this.donations.findById(held.id)]);
      if (appeal?.id === now?.appealId && (dto.amount === undefined || dto.amount === r.amount)) return true;
    }
    throw PaymentsError.alreadyResolved(`payment ${held.id} ${describe(view)}; it is no longer held for review`);
  }

  private assertSame(view: DonationView, action: 'assign' | 'refund'): void {
    if (view.resolution?.action !== action) throw PaymentsError.alreadyResolved(`payment ${view.id} ${describe(view)}`);
  }
}

/** One key per payment and failed attempt (`checkout_attempt` counts a donation's refused Stripe calls). */
export const heldRefundKey = (held: Pick<Donation, 'id' | 'checkoutAttempt'>): string =>
  `held-payment-refund:${held.id}:${held.checkoutAttempt}`;

function describe(view: DonationView): string {
  const r = view.resolution;
  if (!r) return `is ${view.status}, not held for review`;
  const how = r.action === 'assign' ? `was assigned (counted as ${r.amount} ${r.currency})` : `was refunded (${r.stripeRefundId})`;
  return `${how} by ${r.by} at ${r.at}`;
}
