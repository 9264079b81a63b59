/**
 * The public supporters wall's SQL (donations owns the table; progress serves the route). A gift
 * is on the wall while it counts and no dispute holds its money: succeeded, not fully refunded,
 * nothing withdrawn by a dispute. Name, message and country leave the database only when the
 * donor (or the organiser, for an offline gift) chose to show them and no organiser hid them; the
 * country only with a name. The amount is what the appeal keeps, and only when the appeal shows
 * amounts. No e-mail is selected at all.
 *
 * $1 appeal id, $2/$3 the cursor (the last row's `at` as text and id, or NULLs), $4 rows to read.
 */
export const SUPPORTERS_PAGE = `
  SELECT d.id, COALESCE(d.received_at, d.succeeded_at)::text AS at_text, COALESCE(d.received_at, d.succeeded_at) AS at,
         CASE WHEN a.show_amounts THEN (d.amount - d.refunded)::text END AS amount, d.currency,
         CASE WHEN shown THEN d.donor_name END AS name,
         CASE WHEN shown THEN d.message END AS message,
         CASE WHEN shown AND d.donor_name IS NOT NULL THEN d.country END AS country
    FROM donations d
    JOIN appeals a ON a.id = d.appeal_id
    CROSS JOIN LATERAL (SELECT d.public AND NOT d.hidden AND NOT d.anonymous AS shown) s
   WHERE d.appeal_id = $1 AND d.status = 'succeeded' AND d.refunded < d.amount AND d.disputed = 0
     AND ($2::timestamptz IS NULL OR (COALESCE(d.received_at, d.succeeded_at), d.id) < ($2::timestamptz, $3::uuid))
   ORDER BY COALESCE(d.received_at, d.succeeded_at) DESC, d.id DESC
   LIMIT $4`;

/**
 * An organiser shows or hides a gift's public name and message. Showing an offline gift is the
 * organiser's own choice, so it also sets `public`; a Stripe gift's name appears only if its donor
 * chose so. Returns the appeal for the NOTIFY that updates every wall and stream.
 */
export const SET_DONATION_PUBLIC = `
  UPDATE donations SET hidden = NOT $3::boolean,
         public = CASE WHEN source = 'offline' THEN $3::boolean ELSE public END, updated_at = now()
   WHERE id = $1::uuid AND appeal_id = $2::uuid
  RETURNING id`;

/** Tells every instance that an appeal's wall changed without its money moving. */
export const NOTIFY_WALL_CHANGED = `SELECT pg_notify($1, json_build_object('appealId', appeal_id, 'version', version, 'wall', true)::text)
       FROM appeal_totals WHERE appeal_id = $2`;
