import { Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { AppConfig } from '../../config/app-config';
import { PlansService } from '../../donations/plans.service';
import { PaymentsError } from './payments.error';
import { StripeGateway } from './stripe-gateway';

export const CHECKOUT_SESSION_ID = /^cs_[A-Za-z0-9_]{1,250}$/;

/**
 * The donor's way to manage or cancel a monthly gift: a Stripe customer portal session for the
 * plan's customer, returning to the appeal. It is bound to the checkout session id that started
 * the plan, which only the donor holds (Stripe put it in their thanks page address), and is
 * checked here on the server: a stranger cannot name someone else's customer.
 */
@Injectable()
export class PortalService {
  private readonly logger = new Logger(PortalService.name);

  constructor(
    private readonly plans: PlansService,
    private readonly gateway: StripeGateway,
    private readonly config: AppConfig,
  ) {}

  async open(slug: string, sessionId: string | undefined): Promise<{ url: string }> {
    const unknown = PaymentsError.noPlan('no monthly gift was started by this checkout for this appeal');
    if (!sessionId || !CHECKOUT_SESSION_ID.test(sessionId)) throw unknown;
    const plan = await this.plans.forSession(slug, sessionId);
    if (!plan?.customerId) throw unknown;
    try {
      const portal = await this.gateway.stripe.billingPortal.sessions.create({
        customer: plan.customerId,
        return_url: `${this.config.publicBaseUrl}/donate/${slug}`,
      });
      return { url: portal.url };
    } catch (e) {
      const msg = e instanceof Stripe.errors.StripeError ? e.message : String(e);
      this.logger.warn(`Stripe refused a portal session for plan ${plan.id}: ${msg}`);
      throw PaymentsError.upstream(`The payment provider could not open the page to manage your monthly gift: ${msg}`);
    }
  }

  /** Where portal sessions live, for the thanks page's CSP form-action (the form redirects there). */
  portalOrigins(): string[] {
    return this.gateway.sandbox ? [new URL(this.gateway.sandbox.publicUrl()).origin] : ['https://billing.stripe.com'];
  }
}
