import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { EntityManager } from 'typeorm';
import { LedgerService } from '../../../donations/ledger.service';
import { PaymentsError } from '../payments.error';
import { RefundObjectFacts, refundFacts } from '../stripe-mappers';
import { StripeGateway } from '../stripe-gateway';
import { findDonation } from './donation-lookup';
import { Outcome, StripeEventHandler } from './handler';
import { checkCurrency, lifecycleOutcome, unknownPayment } from './unknown-payment';
import { listRefunds } from './refund-list';

/**
 * charge.refunded carries only the charge's cumulative amount_refunded (the pinned API version
 * embeds no refunds), which cannot say which refund changed or whether an earlier one failed.
 * So the charge's refunds are read from the Stripe API, the source of truth, and recorded one by
 * one: the list is complete and current, and each refund still only moves forward.
 */
@Injectable()
export class ChargeRefundedHandler implements StripeEventHandler<RefundObjectFacts[] | null> {
  readonly types = ['charge.refunded'] as const;

  constructor(
    private readonly ledger: LedgerService,
    private readonly gateway: StripeGateway,
  ) {}

  async prepare(em: EntityManager, event: Stripe.Event): Promise<RefundObjectFacts[] | null> {
    const f = refundFacts(event.data.object as Stripe.Charge);
    // An unknown payment is answered without asking Stripe anything (see handle).
    if (!(await findDonation(em, { chargeId: f.chargeId, paymentIntentId: f.paymentIntentId }))) return null;
    return listRefunds(this.gateway, f.chargeId);
  }

  async handle(em: EntityManager, event: Stripe.Event, refunds?: RefundObjectFacts[] | null): Promise<Outcome> {
    const f = refundFacts(event.data.object as Stripe.Charge);
    const donation = await findDonation(em, { chargeId: f.chargeId, paymentIntentId: f.paymentIntentId });
    if (!donation) return unknownPayment(event, f.ours, `charge ${f.chargeId}`);
    // Recorded between prepare and now: the refunds were not read; ask for a redelivery.
    if (!refunds) throw PaymentsError.retryLater(`charge ${f.chargeId} was recorded while this event was read; Stripe will redeliver it`);
    checkCurrency(f.currency, donation, `charge ${f.chargeId}`);
    for (const r of refunds) checkCurrency(r.currency, donation, `refund ${r.refundId}`);
    const res = await this.ledger.recordRefunds(em, donation, refunds, { complete: true, chargeId: f.chargeId });
    return lifecycleOutcome(donation.refunded, res, 'refunded');
  }
}
