/** The auth module's hand-written SQL. */

export const TOUCH_SESSION = `UPDATE organiser_sessions SET last_seen_at = now(),
         expires_at = LEAST(created_at + $2 * interval '1 millisecond', now() + $3 * interval '1 millisecond')
       WHERE id_hash = $1`;

export const REKEY_TOKEN = `UPDATE organiser_tokens SET token_hash = $2, keyed = true WHERE id = $1 AND NOT keyed`;
