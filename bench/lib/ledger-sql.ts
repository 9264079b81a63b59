import type { PoolClient } from 'pg';

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
 * The ledger transaction for one paid session, written by hand against `pg` with the
 * statements the service issues for it (event row first, lookups, donation insert, totals row
 * locked, donor check, totals update, NOTIFY, event outcome). Run with no HTTP, no signature
 * check, no framework and no ORM, it is the database's own ceiling for this work.
 */
export async function applyPaidSession(c: PoolClient, s: PaidSession): Promise<void> {
  await c.query('BEGIN');
  try {
    const ev = await c.query(`INSERT INTO stripe_events (id, type, created, outcome, via) VALUES ($1, 'checkout.session.completed', now(), 'processing', 'webhook')
      ON CONFLICT DO NOTHING RETURNING id`, [s.eventId]);
    if (!ev.rowCount) { await c.query('COMMIT'); return; }
    await c.query('SELECT id FROM donations WHERE stripe_checkout_session_id = $1 LIMIT 1', [s.sessionId]);
    await c.query('SELECT id FROM donations WHERE stripe_payment_intent_id = $1 LIMIT 1', [s.paymentIntent]);
    const [appeal] = (await c.query<{ id: string }>('SELECT id FROM appeals WHERE slug = $1', [s.appeal])).rows;
    const donorKey = `email:${s.email.toLowerCase()}`;
    const [d] = (await c.query<{ id: string }>(`INSERT INTO donations (appeal_id, amount, currency, status, source, stripe_checkout_session_id,
        stripe_payment_intent_id, donor_email, donor_name, donor_key, appeal_slug) VALUES ($1, $2, $3, 'pending', 'stripe', $4, $5, $6, $7, $8, $9) RETURNING id`,
      [appeal.id, s.amount, s.currency, s.sessionId, s.paymentIntent, s.email, s.name, donorKey, s.appeal])).rows;
    await c.query('SELECT 1 FROM appeal_totals WHERE appeal_id = $1 FOR UPDATE', [appeal.id]);
    await c.query('SELECT id, status, amount FROM donations WHERE id = $1 FOR UPDATE', [d.id]);
    await c.query(`UPDATE donations SET status = 'succeeded', succeeded_at = now(), updated_at = now() WHERE id = $1`, [d.id]);
    const other = await c.query(`SELECT 1 FROM donations WHERE appeal_id = $1 AND donor_key = $2 AND id <> $3
      AND status = 'succeeded' AND amount - refunded - disputed > 0 LIMIT 1`, [appeal.id, donorKey, d.id]);
    const [t] = (await c.query<{ version: string }>(`UPDATE appeal_totals SET raised = raised + $2, donation_count = donation_count + 1,
        donor_count = donor_count + $3, version = version + 1, updated_at = now() WHERE appeal_id = $1 RETURNING version`,
      [appeal.id, s.amount, other.rowCount ? 0 : 1])).rows;
    await c.query('SELECT pg_notify($1, $2)', ['appeal_progress', JSON.stringify({ appealId: appeal.id, version: Number(t.version) })]);
    await c.query(`UPDATE stripe_events SET outcome = 'counted' WHERE id = $1`, [s.eventId]);
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  }
}
