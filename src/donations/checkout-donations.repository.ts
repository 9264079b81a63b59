import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan, Not } from 'typeorm';
import { Donation } from './donation.entity';

/**
 * The checkout's reads of donations that are not (yet) counted. Its writes (which session a
 * pending donation waits on, which attempt it is on) are the ledger's: attachCheckoutSession and
 * nextCheckoutAttempt.
 */
@Injectable()
export class CheckoutDonationsRepository {
  constructor(private readonly ds: DataSource) {}

  findByClientKey(clientKey: string): Promise<Donation | null> {
    return this.ds.getRepository(Donation).findOneBy({ clientKey });
  }

  findById(id: string): Promise<Donation> {
    return this.ds.getRepository(Donation).findOneByOrFail({ id });
  }

  /** What the thanks page shows of the gift a checkout session made for this appeal. */
  findForSession(
    sessionId: string,
    appealId: string,
  ): Promise<Pick<Donation, 'id' | 'status' | 'amount' | 'currency' | 'refunded'> | null> {
    return this.ds.getRepository(Donation).findOne({
      where: { stripeCheckoutSessionId: sessionId, appealId },
      select: { id: true, status: true, amount: true, currency: true, refunded: true },
    });
  }

  /** Stripe checkouts still pending since before `before`, for the reconciler to ask about. */
  stalePending(before: Date, limit: number): Promise<Donation[]> {
    return this.ds.getRepository(Donation).find({
      where: { status: 'pending', source: 'stripe', stripeCheckoutSessionId: Not(IsNull()), createdAt: LessThan(before) },
      take: limit,
    });
  }
}
