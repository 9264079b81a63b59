import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Donation } from './donation.entity';

/**
 * The checkout's reads and writes of donations that are not (yet) counted: which Stripe session a
 * pending donation waits on, and which attempt at a session it is on (re-opening one whose session
 * expired or failed). None of these moves money, so they do not go through the ledger; every write
 * is guarded in SQL so that it can never touch a donation that has been paid.
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

  /**
   * Ties `sessionId` to the donation while it is pending and still waits on `previous` (or on
   * this session already, when two retries raced): a paid donation's session is never replaced.
   */
  async attachSession(donationId: string, sessionId: string, previous: string | null): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected] = await this.ds.query(
      `UPDATE donations SET stripe_checkout_session_id = $2, updated_at = now()
        WHERE id = $1 AND status = 'pending'
          AND (stripe_checkout_session_id IS NULL OR stripe_checkout_session_id = $2 OR stripe_checkout_session_id = $3)`,
      [donationId, sessionId, previous]) as [unknown[], number];
    return affected > 0;
  }

  /**
   * The next attempt: after a failed call to Stripe, or once the previous session is over
   * (expired, its payment failed). Stripe answers a key it has seen with its first answer, so
   * the next attempt needs a fresh key. Guarded by the attempt read, so concurrent retries move it
   * once and then share it. An expired or failed donation (never counted) is pending again.
   */
  async nextAttempt(donationId: string, attempt: number): Promise<Donation> {
    await this.ds.query(
      `UPDATE donations SET checkout_attempt = checkout_attempt + 1, updated_at = now(),
              status = CASE WHEN status IN ('expired', 'failed') THEN 'pending' ELSE status END
        WHERE id = $1 AND checkout_attempt = $2`, [donationId, attempt]);
    return this.findById(donationId);
  }
}
