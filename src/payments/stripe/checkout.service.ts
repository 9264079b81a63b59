import { Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { appealClosed } from '../../appeals/appeal-open';
import { Appeal } from '../../appeals/appeal.entity';
import { AppealsService } from '../../appeals/appeals.service';
import { isUniqueViolation } from '../../database/unique-violation';
import { AppConfig } from '../../config/app-config';
import { CheckoutDonationsRepository } from '../../donations/checkout-donations.repository';
import { Donation } from '../../donations/donation.entity';
import { LedgerService } from '../../donations/ledger.service';
import { PlanLedger } from '../../donations/plan-ledger.service';
import type { Plan } from '../../donations/plan.entity';
import { checkAmount } from '../../money';
import { checkoutIdempotencyKey, checkoutSessionParams, thanksUrl } from './checkout-session-params';
import { CreateCheckoutDto } from './dto/create-checkout.dto';
import { PaymentsError } from './payments.error';
import { StripeGateway } from './stripe-gateway';

/** Why an appeal does not take money right now, or null when it does. */
export function closedReason(appeal: Pick<Appeal, 'status' | 'startsAt' | 'endsAt'>, now = new Date()): string | null {
  const closed = appealClosed(appeal, now);
  switch (closed?.why) {
    case undefined:
      return null;
    case 'closed':
      return 'this appeal is closed and no longer takes gifts';
    case 'not-active':
      return 'this appeal is not open for gifts';
    case 'not-yet':
      return `this appeal opens on ${closed.at.toISOString()}`;
    case 'ended':
      return `this appeal ended on ${closed.at.toISOString()}`;
  }
}

/**
 * A checkout to send the donor to (`status` absent: 201 `{id, url}`), or, for a retry of a
 * gift already paid, the thanks page (`status` present: 200), so nobody pays twice.
 */
export interface CheckoutAnswer {
  id: string;
  url: string;
  /** succeeded: counted; processing: paid at Stripe, not counted yet (delayed method, review). */
  status?: 'succeeded' | 'processing';
}

@Injectable()
export class CheckoutService {
  private readonly logger = new Logger(CheckoutService.name);

  constructor(
    private readonly appeals: AppealsService,
    private readonly ledger: LedgerService,
    private readonly donations: CheckoutDonationsRepository,
    private readonly plans: PlanLedger,
    private readonly gateway: StripeGateway,
    private readonly config: AppConfig,
  ) {}

  async start(slug: string, dto: CreateCheckoutDto, clientKey?: string): Promise<CheckoutAnswer> {
    const appeal = await this.appeals.findPublicAppeal(slug);
    const closed = closedReason(appeal);
    if (closed) throw PaymentsError.notOpen(closed);
    const problem = checkAmount(dto.amount, appeal.currency, { max: this.config.DONATION_MAX_AMOUNT });
    if (problem) throw PaymentsError.invalid([problem]);
    if (dto.frequency === 'monthly' && !appeal.monthlyEnabled)
      throw PaymentsError.invalid(['frequency: this appeal does not take monthly gifts']);
    const donation = await this.pendingDonation(appeal, dto, clientKey);
    return this.sessionFor(appeal, donation);
  }

  /** A client's Idempotency-Key finds the donation of its first attempt, so a retry reuses it. */
  private async pendingDonation(appeal: Appeal, dto: CreateCheckoutDto, clientKey?: string): Promise<Donation> {
    const key = clientKey ? `${appeal.id}:${clientKey}` : null;
    if (key) {
      const existing = await this.donations.findByClientKey(key);
      if (existing) return this.sameRequest(existing, dto);
    }
    try {
      return await this.ledger.transaction(async (em) => {
        // A monthly gift is a plan (pending until Stripe's subscription starts) and this donation,
        // which the plan's first invoice pays.
        const plan = dto.frequency === 'monthly' ? await this.plans.open(em, planValues(appeal, dto)) : null;
        return this.ledger.insert(em, {
          appealId: appeal.id,
          planId: plan?.id ?? null,
          amount: dto.amount,
          currency: appeal.currency,
          status: 'pending',
          source: 'stripe',
          donorName: dto.donorName?.trim() || null,
          donorEmail: dto.donorEmail?.trim() || null,
          anonymous: dto.anonymous ?? false,
          // Only an explicit choice puts a name on the wall; "anonymous" always wins.
          public: dto.public === true && dto.anonymous !== true,
          message: dto.message?.trim() || null,
          clientKey: key,
        });
      });
    } catch (e) {
      if (key && isUniqueViolation(e, 'UQ_donations_client_key'))
        return this.sameRequest((await this.donations.findByClientKey(key))!, dto);
      throw e;
    }
  }

  private sameRequest(existing: Donation, dto: CreateCheckoutDto): Donation {
    if (existing.amount !== dto.amount) throw PaymentsError.conflict('Idempotency-Key was already used for a different amount');
    if (!!existing.planId !== (dto.frequency === 'monthly'))
      throw PaymentsError.conflict('Idempotency-Key was already used for a different frequency');
    return existing;
  }

  /**
   * A paid donation gets the thanks page; a session still open is returned as it is; otherwise
   * (none yet, or it expired) a new one is made and tied to the donation only while it is pending.
   */
  private async sessionFor(appeal: Appeal, donation: Donation): Promise<CheckoutAnswer> {
    const paid = this.paidAnswer(appeal, donation);
    if (paid) return paid;
    const previous = donation.stripeCheckoutSessionId;
    let current = donation;
    if (previous) {
      // An expired or failed donation's session is over (a failed one may still read `complete`).
      const stored = donation.status === 'pending' ? await this.retrieve(previous) : null;
      if (stored?.status === 'open' && stored.url) return { id: stored.id, url: stored.url };
      if (stored?.status === 'complete') return this.thanks(appeal, stored.id, 'processing');
      current = await this.ledger.nextCheckoutAttempt(donation.id, donation.checkoutAttempt);
    }
    const session = await this.create(appeal, current);
    if (!(await this.ledger.attachCheckoutSession(donation.id, session.id, previous))) {
      // Paid (or held) while we were creating: this session must not take a second payment.
      await this.gateway.stripe.checkout.sessions.expire(session.id).catch(() => undefined);
      return this.paidAnswer(appeal, await this.donations.findById(donation.id)) ?? this.thanks(appeal, session.id, 'processing');
    }
    if (!session.url) throw PaymentsError.upstream('Stripe returned a session without a URL');
    return { id: session.id, url: session.url };
  }

  private paidAnswer(appeal: Appeal, d: Donation): CheckoutAnswer | null {
    if (!d.stripeCheckoutSessionId || (d.status !== 'succeeded' && d.status !== 'review')) return null;
    return this.thanks(appeal, d.stripeCheckoutSessionId, d.status === 'succeeded' ? 'succeeded' : 'processing');
  }

  private thanks(appeal: Appeal, sessionId: string, status: 'succeeded' | 'processing'): CheckoutAnswer {
    return { id: sessionId, url: thanksUrl(this.config.publicBaseUrl, appeal.slug, sessionId), status };
  }

  /** The stored session, or null when Stripe no longer knows it (then a new one is made). */
  private async retrieve(sessionId: string): Promise<Stripe.Checkout.Session | null> {
    try {
      return await this.gateway.stripe.checkout.sessions.retrieve(sessionId);
    } catch (e) {
      if (e instanceof Stripe.errors.StripeInvalidRequestError && e.statusCode === 404) return null;
      throw this.upstream(e, `Stripe could not read checkout session ${sessionId}`);
    }
  }

  private async create(appeal: Appeal, donation: Donation): Promise<Stripe.Checkout.Session> {
    const params = checkoutSessionParams({ appeal, donation, publicBaseUrl: this.config.publicBaseUrl });
    const idempotencyKey = checkoutIdempotencyKey(donation.id, donation.checkoutAttempt, params);
    try {
      return await this.gateway.stripe.checkout.sessions.create(params, { idempotencyKey });
    } catch (e) {
      await this.ledger.nextCheckoutAttempt(donation.id, donation.checkoutAttempt);
      throw this.upstream(e, `Stripe refused a checkout session for donation ${donation.id}`);
    }
  }

  private upstream(e: unknown, what: string): PaymentsError {
    const msg = e instanceof Stripe.errors.StripeError ? e.message : String(e);
    this.logger.warn(`${what}: ${msg}`);
    return PaymentsError.upstream(`The payment provider could not start the checkout: ${msg}`);
  }
}

function planValues(appeal: Appeal, dto: CreateCheckoutDto): Partial<Plan> {
  return {
    appealId: appeal.id,
    amount: dto.amount,
    currency: appeal.currency,
    interval: 'month',
    intervalCount: 1,
    donorName: dto.donorName?.trim() || null,
    donorEmail: dto.donorEmail?.trim() || null,
    anonymous: dto.anonymous ?? false,
  };
}
