import { totalsPayloadSql } from './progress-channel';

/**
 * The plans table's hand-written SQL (owned by donations, written only by PlanLedger). Checked
 * against the migrated schema by test/e2e/named-queries.e2e-spec.ts like every *.queries.ts.
 */

/** The plan a Stripe object names, with its appeal's currency and end: by subscription, plan id or checkout. */
export const FIND_PLAN = `SELECT p.id, p.appeal_id, p.stripe_subscription_id, p.state, p.amount::text AS amount, p.currency,
      p.donor_name, p.donor_email, p.anonymous, a.currency AS appeal_currency, a.ends_at AS appeal_ends_at, a.slug AS appeal_slug
    FROM plans p JOIN appeals a ON a.id = p.appeal_id
   WHERE p.stripe_subscription_id = $1 OR (p.id = $2::uuid AND (p.stripe_subscription_id IS NULL OR $1::varchar IS NULL))
      OR p.stripe_checkout_session_id = $3
   ORDER BY (p.stripe_subscription_id = $1) DESC NULLS LAST LIMIT 1`;

export const PEEK_PLAN_APPEAL = `SELECT p.appeal_id, a.currency FROM plans p JOIN appeals a ON a.id = p.appeal_id WHERE p.id = $1`;

export const LOCK_PLAN = `SELECT id, appeal_id, amount::text AS amount, currency, "interval", interval_count, state, state_at,
      stripe_subscription_id, stripe_customer_id, stripe_checkout_session_id, started_at, cancelled_at, next_payment_at
    FROM plans WHERE id = $1 FOR UPDATE`;

export const UPDATE_PLAN = `UPDATE plans SET amount = $2, currency = $3, "interval" = $4, interval_count = $5, state = $6, state_at = $7,
      stripe_subscription_id = $8, stripe_customer_id = $9, stripe_checkout_session_id = $10, started_at = $11, cancelled_at = $12,
      next_payment_at = $13, updated_at = now()
    WHERE id = $1`;

/** The checkout's own donation of a plan, waiting for the first invoice to pay it. */
export const PLAN_FIRST_DONATION = `SELECT id FROM donations
   WHERE plan_id = $1 AND stripe_invoice_id IS NULL AND status IN ('pending', 'expired', 'failed')
   ORDER BY created_at LIMIT 1`;

/** The plan a donor's checkout session started, for the customer portal (bound to that session). */
export const PLAN_FOR_SESSION = `SELECT p.id, p.state, p.amount::text AS amount, p.currency, p.stripe_customer_id, p.next_payment_at
    FROM plans p JOIN appeals a ON a.id = p.appeal_id
   WHERE a.slug = $2 AND (p.stripe_checkout_session_id = $1
      OR p.id = (SELECT d.plan_id FROM donations d WHERE d.stripe_checkout_session_id = $1 AND d.plan_id IS NOT NULL))
   LIMIT 1`;

/** An appeal's plans with what each has given (counted payments, net of refunds and disputes). */
export const LIST_PLANS = `SELECT p.id, p.amount::text AS amount, p.currency, p."interval", p.interval_count, p.state, p.donor_name,
      p.donor_email, p.anonymous, p.stripe_subscription_id, p.started_at, p.cancelled_at, p.next_payment_at, p.created_at,
      count(d.id) FILTER (WHERE d.status IN ('succeeded', 'after_end'))::int AS payments,
      COALESCE(sum(GREATEST(0, d.amount - d.refunded - d.disputed)) FILTER (WHERE d.status = 'succeeded'), 0)::text AS given,
      count(d.id) FILTER (WHERE d.status = 'after_end')::int AS after_end_payments,
      COALESCE(sum(GREATEST(0, d.amount - d.refunded - d.disputed)) FILTER (WHERE d.status = 'after_end'), 0)::text AS after_end_given
    FROM plans p LEFT JOIN donations d ON d.plan_id = p.id
   WHERE p.appeal_id = $1 AND p.state <> 'pending'
   GROUP BY p.id ORDER BY p.started_at DESC NULLS LAST, p.id DESC
   LIMIT $2`;

/** What the plans say an appeal's monthly figures are (the audit compares them with the totals row). */
export const AUDIT_MONTHLY_FROM_PLANS = `SELECT a.id AS appeal_id,
      (count(p.id) FILTER (WHERE p.state IN ('active', 'past_due') AND p.currency = a.currency AND p."interval" = 'month' AND p.interval_count = 1))::int AS monthly_donors,
      COALESCE(sum(p.amount) FILTER (WHERE p.state IN ('active', 'past_due') AND p.currency = a.currency AND p."interval" = 'month' AND p.interval_count = 1), 0)::text AS monthly_amount
    FROM appeals a LEFT JOIN plans p ON p.appeal_id = a.id GROUP BY a.id ORDER BY a.id`;

export const AUDIT_STORED_MONTHLY = `SELECT appeal_id, monthly_donors, monthly_amount::text AS monthly_amount FROM appeal_totals ORDER BY appeal_id`;

/** Churn: of the plans ever started, how many were cancelled. */
export const PLAN_SUMMARY = `SELECT count(*) FILTER (WHERE started_at IS NOT NULL)::int AS started,
      count(*) FILTER (WHERE state = 'cancelled' AND started_at IS NOT NULL)::int AS cancelled,
      count(*) FILTER (WHERE state = 'past_due')::int AS past_due
    FROM plans WHERE appeal_id = $1`;

/** Moves an appeal's monthly figures and tells every instance, on commit ($4: the NOTIFY channel). */
export const MOVE_MONTHLY = `WITH t AS (UPDATE appeal_totals SET monthly_donors = monthly_donors + $2::int, monthly_amount = monthly_amount + $3::bigint,
      version = version + 1, updated_at = now() WHERE appeal_id = $1::uuid
      RETURNING version, raised, donation_count, donor_count, countries, monthly_donors, monthly_amount, updated_at)
   SELECT t.version, pg_notify($4::text, ${totalsPayloadSql('$1::uuid')}) FROM t`;

export const MONTHLY_TOTALS = `SELECT monthly_donors, monthly_amount::text AS monthly_amount FROM appeal_totals WHERE appeal_id = $1`;
