import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { EntityManager } from 'typeorm';
import { LedgerService } from '../../../donations/ledger.service';
import { PaymentsError } from '../payments.error';
import { disputeFacts, toCountedAmount } from '../stripe-mappers';
import { unknownPayment } from './charge-refunded.handler';
import { findDonation } from './donation-lookup';
import { Outcome, StripeEventHandler } from './handler';

/** Disputes take money out when funds are withdrawn and give exactly that back if reinstated. */
@Injectable()
export class ChargeDisputeHandler implements StripeEventHandler {
  readonly types = ['charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated'] as const;

  constructor(private readonly ledger: LedgerService) {}

  async handle(em: EntityManager, event: Stripe.Event): Promise<Outcome> {
    const f = disputeFacts(event.data.object as Stripe.Dispute);
    const donation = await findDonation(em, { chargeId: f.chargeId, paymentIntentId: f.paymentIntentId });
    if (!donation) return unknownPayment(event, false, `disputed charge ${f.chargeId}`);
    if (event.type === 'charge.dispute.funds_withdrawn') {
      const amount = toCountedAmount(f.amount, donation.originalAmount ?? donation.amount, f.currency, donation);
      if (amount === null) throw PaymentsError.badEvent(`dispute ${f.disputeId} is in ${f.currency}, donation in ${donation.currency}`);
      const { changed } = await this.ledger.disputeWithdrawn(em, donation, f.disputeId, amount);
      return changed ? 'disputed' : 'unchanged';
    }
    const res = await this.ledger.disputeReinstated(em, donation, f.disputeId);
    // Reinstated before withdrawn (out of order): let Stripe deliver it again after the withdrawal.
    if (!res.withdrawalSeen) throw PaymentsError.retryLater(`dispute ${f.disputeId} reinstated before its withdrawal was recorded`);
    return res.changed ? 'reinstated' : 'unchanged';
  }
}
