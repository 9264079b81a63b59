/** The payments module's hand-written SQL (stripe_events, stripe_event_failures, reconcile_runs and the health panel). */

export const RECORD_WEBHOOK_FAILURE = `INSERT INTO stripe_event_failures (event_id, type, status) VALUES ($1, $2, $3)
       ON CONFLICT (event_id) DO UPDATE SET status = EXCLUDED.status, attempts = stripe_event_failures.attempts + 1, last_failed_at = now()`;

export const LAST_WEBHOOK = `SELECT id, type, outcome, received_at FROM stripe_events WHERE via = 'webhook' ORDER BY created DESC LIMIT 1`;

export const LAST_OTHER_API_VERSION = `SELECT id, other_api_version, received_at FROM stripe_events WHERE other_api_version IS NOT NULL ORDER BY received_at DESC LIMIT 1`;

export const AWAITING_REDELIVERY = `SELECT f.event_id, f.type, f.status, f.attempts, f.last_failed_at, count(*) OVER () AS total
         FROM stripe_event_failures f
        WHERE NOT EXISTS (SELECT 1 FROM stripe_events e WHERE e.id = f.event_id)
        ORDER BY f.last_failed_at DESC LIMIT 10`;

export const LAST_RECONCILE_RUN = `SELECT * FROM reconcile_runs ORDER BY started_at DESC LIMIT 1`;

export const RECONCILE_APPLIED_BY_TYPE = `SELECT type, count(*)::int AS count FROM stripe_events
        WHERE via = 'reconcile' AND received_at >= $1 AND received_at <= COALESCE($2, now())
        GROUP BY type ORDER BY count DESC, type`;

export const REVIEW_QUEUE = `SELECT d.id, d.amount::text AS amount, d.currency, COALESCE(a.slug, d.appeal_slug) AS appeal_slug, d.review_reason,
              d.created_at, count(*) OVER () AS total
         FROM donations d LEFT JOIN appeals a ON a.id = d.appeal_id
        WHERE d.status = 'review' AND NOT EXISTS (SELECT 1 FROM review_resolutions r WHERE r.donation_id = d.id)
        ORDER BY d.created_at DESC LIMIT 10`;

/** Payments held for review and not resolved yet, newest first, for GET /api/review ($1: how many). */
export const HELD_PAYMENTS = `SELECT d.id, d.amount::text AS amount, d.currency, d.original_amount::text AS original_amount, d.original_currency,
              d.refunded::text AS refunded, d.disputed::text AS disputed, d.review_reason, d.appeal_slug, a.slug AS appeal,
              a.currency AS appeal_currency, d.stripe_checkout_session_id, d.stripe_payment_intent_id, d.stripe_charge_id,
              d.donor_name, d.donor_email, d.created_at, count(*) OVER () AS total
         FROM donations d LEFT JOIN appeals a ON a.id = d.appeal_id
        WHERE d.status = 'review' AND NOT EXISTS (SELECT 1 FROM review_resolutions r WHERE r.donation_id = d.id)
        ORDER BY d.created_at DESC LIMIT $1`;

export const INSERT_STRIPE_EVENT = `INSERT INTO stripe_events (id, type, created, outcome, via, other_api_version) VALUES ($1, $2, $3, 'processing', $4, $5)
         ON CONFLICT (id) DO NOTHING RETURNING id`;

export const SET_EVENT_OUTCOME = 'UPDATE stripe_events SET outcome = $2 WHERE id = $1';

export const EVENT_SEEN = 'SELECT 1 FROM stripe_events WHERE id = $1';
