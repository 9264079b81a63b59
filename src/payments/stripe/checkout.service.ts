import { Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { Appeal } from '../../appeals/appeal.entity';
import { AppealsService } from '../../appeals/appeals.service';
import { isUniqueViolation } from '../../appeals/appeals.service';
import { AppConfig } from '../../config/app-config';
import { Donation } from '../../donations/donation.entity';
import { LedgerService } from '../../donations/ledger.service';
import { checkAmount } from '../../money';
import { CreateCheckoutDto } from './dto/create-checkout.dto';
import { PaymentsError } from './payments.error';
import { StripeGateway } from './stripe-gateway';

/** Why an appeal does not take money right now, or null when it does. */
export function closedReason(appeal: Pick<Appeal, 'status' | 'startsAt' | 'endsAt'>, now = new Date()): string | null {
  if (appeal.status === 'closed') return 'this appeal is closed and no longer takes gifts';
  if (appeal.status !== 'active') return 'this appeal is not open for gifts';
  if (appeal.startsAt && now < appeal.startsAt) return `this appeal opens on ${appeal.startsAt.toISOString()}`;
  if (appeal.endsAt && now >= appeal.endsAt) return `this appeal ended on ${appeal.endsAt.toISOString()}`;
  return null;
}

@Injectable()
export class CheckoutService {
  private readonly logger = new Logger(CheckoutService.name);

  constructor(
    private readonly appeals: AppealsService,
    private readonly ledger: LedgerService,
    private readonly gateway: StripeGateway,
    private readonly config: AppConfig,
  ) {}

  async start(slug: string, dto: CreateCheckoutDto, clientKey?: string): Promise<{ id: string; url: string }> {
    const appeal = await this.appeals.findPublicAppeal(slug);
    const closed = closedReason(appeal);
    if (closed) throw PaymentsError.notOpen(closed);
    const problem = checkAmount(dto.amount, appeal.currency, { max: this.config.DONATION_MAX_AMOUNT });
    if (problem) throw PaymentsError.invalid([problem]);
    const donation = await this.pendingDonation(appeal, dto, clientKey);
    const session = await this.createSession(appeal, donation);
    await this.ledger.ds.getRepository(Donation).update({ id: donation.id }, { stripeCheckoutSessionId: session.id });
    if (!session.url) throw PaymentsError.upstream('Stripe returned a session without a URL');
    return { id: session.id, url: session.url };
  }

  /** A client's Idempotency-Key finds the donation of its first attempt, so a retry reuses it. */
  private async pendingDonation(appeal: Appeal, dto: CreateCheckoutDto, clientKey?: string): Promise<Donation> {
    const repo = this.ledger.ds.getRepository(Donation);
    const key = clientKey ? `${appeal.id}:${clientKey}` : null;
    if (key) {
      const existing = await repo.findOneBy({ clientKey: key });
      if (existing) return this.sameRequest(existing, dto);
    }
    try {
      return await this.ledger.transaction((em) => this.ledger.insert(em, {
        appealId: appeal.id, amount: dto.amount, currency: appeal.currency, status: 'pending', source: 'stripe',
        donorName: dto.donorName?.trim() || null, donorEmail: dto.donorEmail?.trim() || null,
        anonymous: dto.anonymous ?? false, message: dto.message?.trim() || null, clientKey: key,
      }));
    } catch (e) {
      if (key && isUniqueViolation(e, 'UQ_donations_client_key')) return this.sameRequest(await repo.findOneByOrFail({ clientKey: key }), dto);
      throw e;
    }
  }

  private sameRequest(existing: Donation, dto: CreateCheckoutDto): Donation {
    if (existing.amount !== dto.amount) throw PaymentsError.conflict('Idempotency-Key was already used for a different amount');
    return existing;
  }

  private async createSession(appeal: Appeal, donation: Donation): Promise<Stripe.Checkout.Session> {
    const base = this.config.publicBaseUrl;
    const metadata = { appeal: appeal.slug, donation_id: donation.id };
    try {
      return await this.gateway.stripe.checkout.sessions.create({
        mode: 'payment',
        submit_type: 'donate',
        line_items: [{ quantity: 1, price_data: { currency: appeal.currency, unit_amount: donation.amount, product_data: { name: `Gift to ${appeal.title}`.slice(0, 250) } } }],
        metadata,
        // Only payment_intent_data.metadata reaches the charge, which refunds and disputes carry.
        payment_intent_data: { metadata, description: `Gift to ${appeal.title}`.slice(0, 250) },
        client_reference_id: donation.id,
        success_url: `${base}/donate/${appeal.slug}/thanks?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${base}/donate/${appeal.slug}?cancelled=1&amount=${donation.amount}`,
        ...(donation.donorEmail ? { customer_email: donation.donorEmail } : {}),
      }, { idempotencyKey: `checkout-${donation.id}` });
    } catch (e) {
      const msg = e instanceof Stripe.errors.StripeError ? e.message : String(e);
      this.logger.warn(`Stripe refused a checkout session for donation ${donation.id}: ${msg}`);
      throw PaymentsError.upstream(`The payment provider could not start the checkout: ${msg}`);
    }
  }
}
