import { Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import { EntityManager } from 'typeorm';
import { LedgerService } from '../../../donations/ledger.service';
import { PaymentsError } from '../payments.error';
import { disputeFacts } from '../stripe-mappers';
import { StripeGateway } from '../stripe-gateway';
import { findDonation } from './donation-lookup';
import { Outcome, StripeEventHandler, UNKNOWN_PAYMENT_RETRY_WINDOW_S } from './handler';
import { checkCurrency, lifecycleOutcome, unknownPayment } from './unknown-payment';

/**
 * The whole dispute lifecycle, inquiries included. Every event carries the dispute with its
 * status and balance transactions, which order its snapshots (see disputeStage): the newest
 * state is kept whatever order the events arrive in, and the funds it holds come from its
 * balance transactions, so a dispute reinstated before its withdrawal was seen needs no retry.
 */
@Injectable()
export class ChargeDisputeHandler implements StripeEventHandler<boolean> {
  readonly types = [
    'charge.dispute.created',
    'charge.dispute.updated',
    'charge.dispute.closed',
    'charge.dispute.funds_withdrawn',
    'charge.dispute.funds_reinstated',
  ] as const;

  constructor(
    private readonly ledger: LedgerService,
    private readonly gateway: StripeGateway,
  ) {}

  /**
   * Whether the disputed charge is ours, asked only when the payment is unknown and the event is
   * past the retry window: a dispute carries no metadata of ours, and acknowledging one that
   * overtook its payment's completion (Stripe's retries after a long outage) would drop it.
   */
  async prepare(em: EntityManager, event: Stripe.Event): Promise<boolean> {
    const f = disputeFacts(event.data.object as Stripe.Dispute, event.type);
    if (!f.chargeId || Date.now() / 1000 - event.created < UNKNOWN_PAYMENT_RETRY_WINDOW_S) return false;
    if (await findDonation(em, { chargeId: f.chargeId, paymentIntentId: f.paymentIntentId })) return false;
    try {
      const c = await this.gateway.stripe.charges.retrieve(f.chargeId);
      return !!(c.metadata?.appeal || c.metadata?.donation_id);
    } catch (e) {
      if (e instanceof Stripe.errors.StripeInvalidRequestError && e.statusCode === 404) return false;
      throw PaymentsError.retryLater(
        `could not read disputed charge ${f.chargeId} from Stripe (${e instanceof Error ? e.message : 'error'})`,
      );
    }
  }

  async handle(em: EntityManager, event: Stripe.Event, ours?: boolean): Promise<Outcome> {
    const f = disputeFacts(event.data.object as Stripe.Dispute, event.type);
    const donation = await findDonation(em, { chargeId: f.chargeId, paymentIntentId: f.paymentIntentId });
    if (!donation) return unknownPayment(event, !!ours, `disputed charge ${f.chargeId}`);
    checkCurrency(f.currency, donation, `dispute ${f.disputeId}`);
    const res = await this.ledger.recordDispute(em, donation, f);
    return lifecycleOutcome(donation.disputed, res, 'disputed');
  }
}
