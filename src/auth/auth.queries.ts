/** The auth module's hand-written SQL. */

export const TOUCH_SESSION = `UPDATE organiser_sessions SET last_seen_at = now(),
         expires_at = LEAST(created_at + $2 * interval '1 millisecond', now() + $3 * interval '1 millisecond')
       WHERE id_hash = $1`;

export const REKEY_TOKEN = `UPDATE organiser_tokens SET token_hash = $2, keyed = true WHERE id = $1 AND NOT keyed`;

/** A person with the appeals they were given, for building the request's actor. */
export const PERSON_ACTOR = `SELECT o.id, o.email, o.name, o.role, o.disabled_at,
         COALESCE(json_agg(json_build_object('id', a.id, 'slug', a.slug) ORDER BY a.slug) FILTER (WHERE a.id IS NOT NULL), '[]') AS appeals
       FROM organisers o
       LEFT JOIN organiser_appeals oa ON oa.organiser_id = o.id
       LEFT JOIN appeals a ON a.id = oa.appeal_id
       WHERE o.id = $1
       GROUP BY o.id`;

/** Accepts a TOTP time step only if it is newer than the last one accepted (no code is used twice). */
export const CLAIM_TOTP_STEP = `UPDATE organisers SET totp_last_step = $2
       WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)`;

export const INSERT_AUDIT_ENTRY = `INSERT INTO audit_entries (actor_kind, actor_id, actor_email, actor_name, action, appeal_id, appeal_slug, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`;
