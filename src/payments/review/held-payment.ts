/** A payment held for review as GET /api/review lists it. Amounts are minor units of their currency. */
export interface HeldPayment {
  id: string;
  reason: string | null;
  amount: number;
  currency: string;
  originalAmount: number | null;
  originalCurrency: string | null;
  /** Taken back already by refunds / disputes made in Stripe, in `currency`. */
  refunded: number;
  disputed: number;
  /** The appeal the payment's metadata named (it may not exist), and the appeal it is filed under, if any. */
  appealSlug: string | null;
  appeal: { slug: string; currency: string } | null;
  stripe: { checkoutSessionId: string | null; paymentIntentId: string | null; chargeId: string | null };
  donor: { name: string | null; email: string | null };
  receivedAt: string;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function toHeldPayment(r: Record<string, unknown>): HeldPayment {
  return {
    id: String(r.id),
    reason: str(r.review_reason),
    amount: Number(r.amount),
    currency: String(r.currency),
    originalAmount: num(r.original_amount),
    originalCurrency: str(r.original_currency),
    refunded: Number(r.refunded),
    disputed: Number(r.disputed),
    appealSlug: str(r.appeal_slug),
    appeal: r.appeal ? { slug: String(r.appeal), currency: String(r.appeal_currency) } : null,
    stripe: {
      checkoutSessionId: str(r.stripe_checkout_session_id),
      paymentIntentId: str(r.stripe_payment_intent_id),
      chargeId: str(r.stripe_charge_id),
    },
    donor: { name: str(r.donor_name), email: str(r.donor_email) },
    receivedAt: (r.created_at as Date).toISOString(),
  };
}
