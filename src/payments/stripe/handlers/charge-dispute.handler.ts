import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { EntityManager } from 'typeorm';
import { LedgerService } from '../../../donations/ledger.service';
import { disputeFacts } from '../stripe-mappers';
import { findDonation } from './donation-lookup';
import { Outcome, StripeEventHandler } from './handler';
import { checkCurrency, lifecycleOutcome, unknownPayment } from './unknown-payment';

/**
 * The whole dispute lifecycle, inquiries included. Every event carries the dispute with its
 * status and balance transactions, which order its snapshots (see disputeStage): the newest
 * state is kept whatever order the events arrive in, and the funds it holds come from its
 * balance transactions, so a dispute reinstated before its withdrawal was seen needs no retry.
 */
@Injectable()
export class ChargeDisputeHandler implements StripeEventHandler {
  readonly types = [
    'charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed',
    'charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated',
  ] as const;

  constructor(private readonly ledger: LedgerService) {}

  async handle(em: EntityManager, event: Stripe.Event): Promise<Outcome> {
    const f = disputeFacts(event.data.object as Stripe.Dispute, event.type);
    const donation = await findDonation(em, { chargeId: f.chargeId, paymentIntentId: f.paymentIntentId });
    if (!donation) return unknownPayment(event, false, `disputed charge ${f.chargeId}`);
    checkCurrency(f.currency, donation, `dispute ${f.disputeId}`);
    const res = await this.ledger.recordDispute(em, donation, f);
    return lifecycleOutcome(donation.disputed, res, 'disputed');
  }
}
