import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import { translator } from '../../wording/catalogs';
import { LANGUAGES, type Language } from '../../wording/languages';

export interface CheckoutSessionInput {
  appeal: { slug: string; title: string; currency: string };
  donation: { id: string; amount: number; donorEmail: string | null; checkoutAttempt: number; planId?: string | null };
  publicBaseUrl: string;
  /**
   * The donate page's language: Checkout shows in it (Stripe's `locale`; 'auto', the browser's
   * language, where Stripe has none, such as Arabic), and the thanks page follows it. Absent
   * (an API caller that names none): Stripe chooses, and the pages use the donor's browser.
   */
  language?: Language;
}

/** `&lang=xx` for the return URLs, so the thanks page speaks the donate page's language. */
const langParam = (language?: Language) => (language ? `&lang=${language}` : '');

/** Everything sent to Stripe to start a checkout for a pending donation. */
export function checkoutSessionParams({
  appeal,
  donation,
  publicBaseUrl: base,
  language,
}: CheckoutSessionInput): Stripe.Checkout.SessionCreateParams {
  if (donation.planId) return monthlySessionParams({ appeal, donation, publicBaseUrl: base, language }, donation.planId);
  const metadata = { appeal: appeal.slug, donation_id: donation.id };
  const name = (language ? translator(language)('donate.productName', { title: appeal.title }) : `Gift to ${appeal.title}`).slice(0, 250);
  return {
    mode: 'payment',
    submit_type: 'donate',
    line_items: [{ quantity: 1, price_data: { currency: appeal.currency, unit_amount: donation.amount, product_data: { name } } }],
    metadata,
    // Only payment_intent_data.metadata reaches the charge, which refunds and disputes carry.
    payment_intent_data: { metadata, description: name },
    client_reference_id: donation.id,
    success_url: thanksUrl(base, appeal.slug, '{CHECKOUT_SESSION_ID}', language),
    cancel_url: `${base}/donate/${appeal.slug}?cancelled=1&amount=${donation.amount}${langParam(language)}`,
    ...(donation.donorEmail ? { customer_email: donation.donorEmail } : {}),
    ...(language ? { locale: LANGUAGES[language].stripe } : {}),
  };
}

/**
 * A monthly gift: a subscription with an inline monthly price of the amount, named after the
 * appeal. The subscription's metadata names the appeal and the plan, so every invoice carries
 * them (parent.subscription_details.metadata) and each paid one is counted into the plan's appeal.
 */
function monthlySessionParams(
  { appeal, donation, publicBaseUrl: base, language }: CheckoutSessionInput,
  planId: string,
): Stripe.Checkout.SessionCreateParams {
  const name = (language ? translator(language)('monthly.productName', { title: appeal.title }) : `Monthly gift to ${appeal.title}`).slice(
    0,
    250,
  );
  return {
    mode: 'subscription',
    line_items: [
      {
        quantity: 1,
        price_data: { currency: appeal.currency, unit_amount: donation.amount, recurring: { interval: 'month' }, product_data: { name } },
      },
    ],
    metadata: { appeal: appeal.slug, plan_id: planId, donation_id: donation.id },
    subscription_data: { metadata: { appeal: appeal.slug, plan_id: planId }, description: name },
    client_reference_id: donation.id,
    success_url: thanksUrl(base, appeal.slug, '{CHECKOUT_SESSION_ID}', language),
    cancel_url: `${base}/donate/${appeal.slug}?cancelled=1&amount=${donation.amount}&frequency=monthly${langParam(language)}`,
    ...(donation.donorEmail ? { customer_email: donation.donorEmail } : {}),
    ...(language ? { locale: LANGUAGES[language].stripe } : {}),
  };
}

/**
 * The Stripe idempotency key for one attempt with these exact parameters. Stripe keeps a key's
 * first answer for 24 hours and replays it, a 5xx included, and refuses the key with other
 * parameters. So the key names the attempt (bumped after a failed call, so a retry is not
 * answered with the stored failure) and a digest of the parameters (an appeal retitled since
 * the first attempt makes a new key, not an idempotency_error). Concurrent duplicate clicks
 * share the attempt and the parameters, hence the key, hence one session.
 */
export function checkoutIdempotencyKey(donationId: string, attempt: number, params: Stripe.Checkout.SessionCreateParams): string {
  const digest = createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 32);
  return `checkout-${donationId}-${attempt}-${digest}`;
}

/** Where Stripe sends the donor after paying; also where a retry for a paid gift sends them. */
export function thanksUrl(base: string, slug: string, sessionId: string, language?: Language): string {
  return `${base}/donate/${slug}/thanks?session_id=${sessionId}${langParam(language)}`;
}
