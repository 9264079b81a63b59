/** The team module's hand-written SQL (tables owned by auth: organisers, organiser_appeals, organiser_invitations). */

/** Every person with the slugs of their appeals, the newest last. */
export const LIST_PEOPLE = `SELECT o.id, o.email, o.name, o.role, o.disabled_at, o.totp_enabled_at, o.created_at,
         (o.password_hash IS NOT NULL) AS accepted,
         COALESCE(array_agg(a.slug ORDER BY a.slug) FILTER (WHERE a.id IS NOT NULL), '{}') AS appeals
       FROM organisers o
       LEFT JOIN organiser_appeals oa ON oa.organiser_id = o.id
       LEFT JOIN appeals a ON a.id = oa.appeal_id
       WHERE ($1::uuid IS NULL OR o.id = $1)
       GROUP BY o.id
       ORDER BY o.created_at, o.id`;

/** Closes a person's invitations still open (a new link replaces them). */
export const CLOSE_INVITATIONS = `UPDATE organiser_invitations SET expires_at = LEAST(expires_at, now())
       WHERE organiser_id = $1 AND used_at IS NULL`;

/** Marks an invitation used, once: the second acceptance of the same link changes nothing. */
export const USE_INVITATION = `UPDATE organiser_invitations SET used_at = now()
       WHERE id = $1 AND used_at IS NULL AND expires_at > now()`;

/** Stores the TOTP secret an invitation page shows, unless one is already stored; returns the one kept. */
export const SET_PENDING_TOTP = `UPDATE organiser_invitations SET pending_totp_secret = COALESCE(pending_totp_secret, $2)
       WHERE id = $1 RETURNING pending_totp_secret`;

/** Stores a new TOTP secret for a person who has none enabled (kept if one is already pending); returns the one kept. */
export const SET_PENDING_PERSON_TOTP = `UPDATE organisers SET totp_secret = COALESCE(totp_secret, $2)
       WHERE id = $1 AND totp_enabled_at IS NULL RETURNING totp_secret`;

/** Enables the pending secret and spends the verified code's step, once. */
export const ENABLE_TOTP = `UPDATE organisers SET totp_enabled_at = now(), totp_last_step = $2
       WHERE id = $1 AND totp_enabled_at IS NULL AND totp_secret IS NOT NULL`;

/** Turns TOTP off and forgets the secret (a new one is made if it is turned on again). */
export const DISABLE_TOTP = `UPDATE organisers SET totp_enabled_at = NULL, totp_secret = NULL, totp_last_step = NULL
       WHERE id = $1 AND totp_enabled_at IS NOT NULL`;
