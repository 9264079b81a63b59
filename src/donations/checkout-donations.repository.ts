import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Donation } from './donation.entity';

/**
 * The checkout's reads and writes of donations that are not (yet) counted: which Stripe session a
 * pending donation waits on, how many calls to Stripe failed for it, and re-opening one whose
 * session expired. None of these moves money, so they do not go through the ledger; every write
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

  /** A call to Stripe failed: the next attempt uses a fresh idempotency key. Once per attempt. */
  async failedAttempt(donationId: string, attempt: number): Promise<void> {
    await this.ds.query(
      `UPDATE donations SET checkout_attempt = checkout_attempt + 1, updated_at = now() WHERE id = $1 AND checkout_attempt = $2`,
      [donationId, attempt]);
  }

  /** An expired or failed checkout is tried again: back to pending (neither was ever counted). */
  async reopen(donationId: string): Promise<void> {
    await this.ds.query(
      `UPDATE donations SET status = 'pending', updated_at = now() WHERE id = $1 AND status IN ('expired', 'failed')`, [donationId]);
  }
}
