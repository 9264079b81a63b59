import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { EntityManager } from 'typeorm';
import { LedgerService } from '../../../donations/ledger.service';
import { PaymentsError } from '../payments.error';
import { refundFacts, toCountedAmount } from '../stripe-mappers';
import { findDonation } from './donation-lookup';
import { Outcome, StripeEventHandler, UNKNOWN_PAYMENT_RETRY_WINDOW_S } from './handler';

/**
 * charge.refunded carries the cumulative amount_refunded, which the ledger applies as "at least
 * this much refunded": replays and out-of-order deliveries cannot subtract twice.
 */
@Injectable()
export class ChargeRefundedHandler implements StripeEventHandler {
  readonly types = ['charge.refunded'] as const;

  constructor(private readonly ledger: LedgerService) {}

  async handle(em: EntityManager, event: Stripe.Event): Promise<Outcome> {
    const f = refundFacts(event.data.object as Stripe.Charge);
    const donation = await findDonation(em, { chargeId: f.chargeId, paymentIntentId: f.paymentIntentId });
    if (!donation) return unknownPayment(event, f.ours, `charge ${f.chargeId}`);
    await this.ledger.linkPayment(em, donation.id, { chargeId: donation.stripeChargeId ? null : f.chargeId });
    const refunded = toCountedAmount(f.amountRefunded, f.chargeAmount, f.currency, donation);
    if (refunded === null) throw PaymentsError.badEvent(`charge ${f.chargeId} is in ${f.currency}, donation in ${donation.currency}`);
    const { changed } = await this.ledger.setRefundedTotal(em, donation, refunded, f.chargeId);
    return changed ? 'refunded' : 'unchanged';
  }
}

/**
 * An event about a payment the ledger does not know. If it is ours (or recent enough that its
 * completion may still be on its way) answer 503 so Stripe redelivers it; an old one about a
 * charge that was never ours (another product on the same account) is acknowledged.
 */
export function unknownPayment(event: Stripe.Event, ours: boolean, what: string): Outcome {
  const age = Date.now() / 1000 - event.created;
  if (ours || age < UNKNOWN_PAYMENT_RETRY_WINDOW_S) {
    throw PaymentsError.retryLater(`${what} is not in the ledger yet; Stripe will redeliver this event`);
  }
  return 'not_ours';
}
