import type { PoolClient } from 'pg';
import { totalsPayloadSql } from '../../src/donations/progress-channel';

/** What a paid Payment-Link session carries that the ledger needs. */
export interface PaidSession {
  eventId: string;
  sessionId: string;
  paymentIntent: string;
  appeal: string;
  amount: number;
  currency: string;
  email: string;
  name: string;
}

/**
 * The ledger transaction for one paid session, written by hand against `pg` with the statements
 * the service issues for it (see LedgerService.insert and CheckoutSessionPaidHandler): the event
 * row first, the donation lookup, the appeal found and its totals row locked, the donation
 * inserted with the totals update, donor check and NOTIFY in one statement, the event's outcome.
 * Run with no HTTP, no signature check, no framework and no ORM, it is the database's own
 * ceiling for this work. If the service's statements change, change these with them.
 */
export async function applyPaidSession(c: PoolClient, s: PaidSession): Promise<void> {
  await c.query('BEGIN');
  try {
    const ev = await c.query(
      `INSERT INTO stripe_events (id, type, created, outcome, via) VALUES ($1, 'checkout.session.completed', now(), 'processing', 'webhook')
      ON CONFLICT (id) DO NOTHING RETURNING id`,
      [s.eventId],
    );
    if (!ev.rowCount) {
      await c.query('COMMIT');
      return;
    }
    await c.query(
      `SELECT d.*, a.currency AS appeal_currency FROM donations d LEFT JOIN appeals a ON a.id = d.appeal_id
      WHERE d.stripe_checkout_session_id = $1 OR d.stripe_payment_intent_id = $2 LIMIT 4`,
      [s.sessionId, s.paymentIntent],
    );
    const [appeal] = (
      await c.query<{ id: string; currency: string }>(
        'SELECT a.id, a.currency FROM appeals a JOIN appeal_totals t ON t.appeal_id = a.id WHERE a.slug = $1 FOR UPDATE OF t',
        [s.appeal],
      )
    ).rows;
    const donorKey = `email:${s.email.toLowerCase()}`;
    await c.query(
      `WITH d AS (
        INSERT INTO donations (id, appeal_id, amount, currency, status, source, stripe_checkout_session_id, stripe_payment_intent_id,
          donor_email, donor_name, donor_key, appeal_slug, succeeded_at)
        VALUES (gen_random_uuid(), $1, $2, $3, 'succeeded', 'stripe', $4, $5, $6, $7, $8, $9, now()) RETURNING *),
      t AS (UPDATE appeal_totals SET raised = raised + $2, donation_count = donation_count + 1,
        donor_count = donor_count + CASE WHEN EXISTS (SELECT 1 FROM donations o WHERE o.appeal_id = $1 AND o.donor_key = $8
          AND o.status = 'succeeded' AND o.amount - o.refunded - o.disputed > 0) THEN 0 ELSE 1 END,
        version = version + 1, updated_at = now() WHERE appeal_id = $1
        RETURNING version, raised, donation_count, donor_count, countries, monthly_donors, monthly_amount, updated_at)
      SELECT d.*, n.version FROM d LEFT JOIN (SELECT t.version, pg_notify('appeal_progress', ${totalsPayloadSql('$1::uuid')}) FROM t) n ON true`,
      [appeal.id, s.amount, s.currency, s.sessionId, s.paymentIntent, s.email, s.name, donorKey, s.appeal],
    );
    await c.query(`UPDATE stripe_events SET outcome = 'counted' WHERE id = $1`, [s.eventId]);
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  }
}
