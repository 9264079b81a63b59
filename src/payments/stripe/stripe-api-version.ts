/**
 * The Stripe API version this code is written against, pinned rather than left to the account's
 * default: object shapes change between versions, and the mappers read fields by name. It equals
 * the SDK's own pinned version (stripe-api-version.spec.ts checks), so upgrading the SDK makes
 * that spec fail until this line, and the mappers, are reviewed.
 *
 * Webhook events are rendered in the version of the endpoint that receives them, which is set in
 * the Stripe dashboard, not by this constant: events in another version are counted
 * (stripe_webhook_other_api_version_total) and the last one is shown on the payments health panel.
 */
export const STRIPE_API_VERSION = '2026-10-28.endive' as const;
