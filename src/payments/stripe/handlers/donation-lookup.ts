import { EntityManager } from 'typeorm';
import { donationRows } from '../../../donations/donation-rows';
import { Donation } from '../../../donations/donation.entity';
import { UUID } from '../../../common/uuid';

/** A donation as the handlers find it, with the currency its appeal counts in. */
export type FoundDonation = Donation & { appealCurrency: string | null };

/**
 * Finds the donation a Stripe object refers to, in one query (joined with its appeal's
 * currency), preferring the most specific id: invoice, checkout session, then charge, then payment
 * intent, then our own donation id from metadata.
 */
export async function findDonation(
  em: EntityManager,
  refs: {
    sessionId?: string | null;
    donationId?: string | null;
    paymentIntentId?: string | null;
    chargeId?: string | null;
    invoiceId?: string | null;
  },
): Promise<FoundDonation | null> {
  const clauses: string[] = [];
  const params: string[] = [];
  const param = (value: string) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (refs.invoiceId) clauses.push(`d.stripe_invoice_id = ${param(refs.invoiceId)}`);
  if (refs.sessionId) clauses.push(`d.stripe_checkout_session_id = ${param(refs.sessionId)}`);
  if (refs.chargeId) clauses.push(`d.stripe_charge_id = ${param(refs.chargeId)}`);
  if (refs.paymentIntentId) clauses.push(`d.stripe_payment_intent_id = ${param(refs.paymentIntentId)}`);
  // Metadata is the payer's to set on a Payment Link: only a well-formed id is looked up.
  if (refs.donationId && UUID.test(refs.donationId)) clauses.push(`(d.id = ${param(refs.donationId)}::uuid AND d.source = 'stripe')`);
  if (!clauses.length) return null;
  const rows = donationRows(em);
  const raw = (await em.query(
    `SELECT ${rows.select('d')}, a.currency AS appeal_currency FROM donations d
    LEFT JOIN appeals a ON a.id = d.appeal_id WHERE ${clauses.join(' OR ')} LIMIT 4`,
    params,
  )) as Array<Record<string, unknown>>;
  const found = raw.map((r) => Object.assign(rows.hydrate(r), { appealCurrency: (r.appeal_currency as string | null) ?? null }));
  const by = <K extends keyof Donation>(key: K, value: Donation[K] | null | undefined) =>
    value ? found.find((d) => d[key] === value) : undefined;
  const mine = by('id', refs.donationId);
  return (
    by('stripeInvoiceId', refs.invoiceId) ??
    by('stripeCheckoutSessionId', refs.sessionId) ??
    by('stripeChargeId', refs.chargeId) ??
    by('stripePaymentIntentId', refs.paymentIntentId) ??
    // A pending donation we created whose session id is not stored yet (the event raced our own
    // UPDATE): accept it only if it is not tied to another session.
    (mine && (!mine.stripeCheckoutSessionId || mine.stripeCheckoutSessionId === refs.sessionId) ? mine : null)
  );
}
