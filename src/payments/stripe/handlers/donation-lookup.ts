import { EntityManager } from 'typeorm';
import { Donation } from '../../../donations/donation.entity';

/**
 * Finds the donation a Stripe object refers to, in one query, preferring the most specific id:
 * checkout session, then charge, then payment intent, then our own donation id from metadata.
 */
export async function findDonation(
  em: EntityManager,
  refs: { sessionId?: string | null; donationId?: string | null; paymentIntentId?: string | null; chargeId?: string | null },
): Promise<Donation | null> {
  const clauses: string[] = [];
  const params: Record<string, string> = {};
  if (refs.sessionId) { clauses.push('d.stripe_checkout_session_id = :sessionId'); params.sessionId = refs.sessionId; }
  if (refs.chargeId) { clauses.push('d.stripe_charge_id = :chargeId'); params.chargeId = refs.chargeId; }
  if (refs.paymentIntentId) { clauses.push('d.stripe_payment_intent_id = :paymentIntentId'); params.paymentIntentId = refs.paymentIntentId; }
  if (refs.donationId) { clauses.push("(d.id = :donationId AND d.source = 'stripe')"); params.donationId = refs.donationId; }
  if (!clauses.length) return null;
  const found = await em.getRepository(Donation).createQueryBuilder('d').where(clauses.join(' OR '), params).limit(4).getMany();
  const by = <K extends keyof Donation>(key: K, value: Donation[K] | null | undefined) => (value ? found.find((d) => d[key] === value) : undefined);
  const mine = by('id', refs.donationId);
  return by('stripeCheckoutSessionId', refs.sessionId) ?? by('stripeChargeId', refs.chargeId) ?? by('stripePaymentIntentId', refs.paymentIntentId)
    // A pending donation we created whose session id is not stored yet (the event raced our own
    // UPDATE): accept it only if it is not tied to another session.
    ?? (mine && (!mine.stripeCheckoutSessionId || mine.stripeCheckoutSessionId === refs.sessionId) ? mine : null);
}
