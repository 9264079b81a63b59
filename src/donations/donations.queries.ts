/**
 * The donations module's hand-written SQL, one named statement each, for the tables it owns
 * (donations, refunds, disputes, appeal_totals). test/e2e/named-queries.e2e-spec.ts plans every
 * export of every *.queries.ts against the migrated schema, so a renamed column fails CI.
 * Statements built at run time (the ledger's insert and totals CTEs, from donation-rows.ts) are
 * not here: they are exercised by the ledger's own tests.
 */
import { CLOSED_DISPUTE_STATUSES_SQL as CLOSED, COUNTING_REFUND_STATUSES as COUNTING, rankSql } from './status-sql';

/** Every field a change may touch; $1 is the donation id. */
export const UPDATE_DONATION = `UPDATE donations SET status = $2, amount = $3, refunded = $4, disputed = $5, succeeded_at = $6,
  stripe_payment_intent_id = $7, stripe_charge_id = $8, donor_email = $9, donor_name = $10, donor_key = $11,
  original_amount = $12, original_currency = $13, review_reason = $14, country = $15, appeal_id = $16, currency = $17,
  stripe_invoice_id = $18, updated_at = now() WHERE id = $1`;

export const CHART_SERIES = `
      WITH ev AS (
        SELECT COALESCE(d.received_at, d.succeeded_at, d.created_at) AS at, d.amount AS delta
          FROM donations d WHERE d.appeal_id = $1 AND d.status = 'succeeded'
        UNION ALL
        -- What refunds and disputes took back, at the gift's last change: an approximation of when,
        -- exact in sum, so the last point still equals the raised total.
        SELECT d.updated_at, -LEAST(d.amount, d.refunded + d.disputed) FROM donations d
         WHERE d.appeal_id = $1 AND d.status = 'succeeded' AND d.refunded + d.disputed > 0
      ), span AS (SELECT min(at) AS lo, GREATEST(extract(epoch FROM max(at) - min(at)), 1) AS secs FROM ev)
      SELECT max(ev.at) AS at, sum(ev.delta)::text AS delta
        FROM ev, span
       GROUP BY LEAST(floor(extract(epoch FROM ev.at - span.lo) / span.secs * $2), $2 - 1)
       ORDER BY 1`;

export const NOTIFY_APPEAL_CHANGED = `SELECT pg_notify($1, json_build_object('appealId', appeal_id, 'version', version)::text)
       FROM appeal_totals WHERE appeal_id = $2`;

export const ATTACH_CHECKOUT_SESSION = `UPDATE donations SET stripe_checkout_session_id = $2, updated_at = now()
        WHERE id = $1 AND status = 'pending'
          AND (stripe_checkout_session_id IS NULL OR stripe_checkout_session_id = $2 OR stripe_checkout_session_id = $3)`;

export const NEXT_CHECKOUT_ATTEMPT = `UPDATE donations SET checkout_attempt = checkout_attempt + 1, updated_at = now(),
              status = CASE WHEN status IN ('expired', 'failed') THEN 'pending' ELSE status END
        WHERE id = $1 AND checkout_attempt = $2`;

export const UPSERT_REFUNDS = `INSERT INTO refunds (donation_id, stripe_refund_id, amount, currency, status)
      SELECT $1::uuid, x.id, x.amount, x.currency, x.status
        FROM unnest($2::varchar[], $3::bigint[], $4::varchar[], $5::varchar[]) AS x(id, amount, currency, status)
      ON CONFLICT (stripe_refund_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()
        WHERE refunds.donation_id = EXCLUDED.donation_id AND ${rankSql('refunds.status')} < ${rankSql('EXCLUDED.status')}
      RETURNING 1`;

export const DELETE_LEGACY_REFUNDS = `DELETE FROM refunds WHERE donation_id = $1 AND stripe_refund_id LIKE $2`;

export const HAS_LEGACY_REFUNDS = `SELECT 1 FROM refunds WHERE donation_id = $1 AND stripe_refund_id LIKE $2 LIMIT 1`;

export const COUNTING_REFUNDS = `SELECT currency, sum(amount)::text AS amount FROM refunds
      WHERE donation_id = $1 AND status IN ${COUNTING} GROUP BY currency`;

export const UPSERT_DISPUTE = `INSERT INTO disputes (donation_id, stripe_dispute_id, amount, currency, status, reason, withdrawn, stage, closed_at)
      VALUES ($1, $2, $3, $4, $5::varchar, $6, $7, $8, CASE WHEN $5::varchar IN ${CLOSED} THEN now() END)
      ON CONFLICT (stripe_dispute_id) DO UPDATE SET amount = EXCLUDED.amount, currency = EXCLUDED.currency, status = EXCLUDED.status,
        reason = COALESCE(EXCLUDED.reason, disputes.reason), withdrawn = EXCLUDED.withdrawn, stage = EXCLUDED.stage,
        closed_at = CASE WHEN EXCLUDED.closed_at IS NULL THEN NULL ELSE COALESCE(disputes.closed_at, EXCLUDED.closed_at) END, updated_at = now()
        WHERE disputes.donation_id = EXCLUDED.donation_id AND disputes.stage < EXCLUDED.stage
      RETURNING 1`;

export const WITHDRAWN_BY_DISPUTES = `SELECT currency, sum(withdrawn)::text AS amount FROM disputes WHERE donation_id = $1 GROUP BY currency`;

export const LOCK_APPEAL_BY_SLUG = `SELECT a.id, a.currency FROM appeals a JOIN appeal_totals t ON t.appeal_id = a.id WHERE a.slug = $1 FOR UPDATE OF t`;

export const LOCK_TOTALS = 'SELECT 1 FROM appeal_totals WHERE appeal_id = $1 FOR UPDATE';

export const PEEK_DONATION_APPEAL = 'SELECT appeal_id FROM donations WHERE id = $1';

/** A gift's void, appended once: a second void of the same gift inserts nothing. */
export const INSERT_VOID = `INSERT INTO voids (donation_id, amount, currency, reason, voided_by) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (donation_id) DO NOTHING RETURNING id`;

/** How a held payment was resolved, appended once; returns nothing when it already was. */
export const INSERT_REVIEW_RESOLUTION = `INSERT INTO review_resolutions (donation_id, action, appeal_id, amount, currency, stripe_refund_id, resolved_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (donation_id) DO NOTHING RETURNING donation_id`;
