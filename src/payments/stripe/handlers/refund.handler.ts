import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { EntityManager } from 'typeorm';
import { LedgerService } from '../../../donations/ledger.service';
import { PaymentsError } from '../payments.error';
import { RefundObjectFacts, refundObjectFacts } from '../stripe-mappers';
import { StripeGateway } from '../stripe-gateway';
import { findDonation } from './donation-lookup';
import { Outcome, StripeEventHandler } from './handler';
import { listRefunds } from './refund-list';
import { checkCurrency, lifecycleOutcome, unknownPayment } from './unknown-payment';

/**
 * refund.created, refund.updated, refund.failed and charge.refund.updated carry the refund
 * itself, with its status: its rank settles any delivery order (a late "succeeded" after
 * "failed" is stale; a failure always gives the money back), so no API call is needed. The one
 * exception is a gift whose refunds were migrated from the old cumulative model: the first
 * refund event for it reads the charge's real refunds from the API to replace the legacy row.
 */
@Injectable()
export class RefundHandler implements StripeEventHandler<RefundObjectFacts[] | null> {
  readonly types = ['refund.created', 'refund.updated', 'refund.failed', 'charge.refund.updated'] as const;

  constructor(
    private readonly ledger: LedgerService,
    private readonly gateway: StripeGateway,
  ) {}

  async prepare(em: EntityManager, event: Stripe.Event): Promise<RefundObjectFacts[] | null> {
    const f = refundObjectFacts(event.data.object as Stripe.Refund);
    const donation = await findDonation(em, f);
    if (!donation || !f.chargeId || !(await this.ledger.hasLegacyRefunds(em, donation.id))) return null;
    return listRefunds(this.gateway, f.chargeId);
  }

  async handle(em: EntityManager, event: Stripe.Event, complete?: RefundObjectFacts[] | null): Promise<Outcome> {
    const f = refundObjectFacts(event.data.object as Stripe.Refund);
    const donation = await findDonation(em, f);
    if (!donation) return unknownPayment(event, false, `refunded charge ${f.chargeId ?? f.paymentIntentId}`);
    // Legacy rows appeared after prepare looked (a migration ran meanwhile): read the list first.
    if (!complete && (await this.ledger.hasLegacyRefunds(em, donation.id))) {
      throw PaymentsError.retryLater(`charge ${f.chargeId} has migrated refunds to replace; Stripe will redeliver this event`);
    }
    const facts = complete ? [...complete, f] : [f];
    for (const r of facts) checkCurrency(r.currency, donation, `refund ${r.refundId}`);
    const res = await this.ledger.recordRefunds(em, donation, facts, { complete: !!complete, chargeId: f.chargeId });
    return lifecycleOutcome(donation.refunded, res, 'refunded');
  }
}
