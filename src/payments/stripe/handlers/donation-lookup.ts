import { EntityManager } from 'typeorm';
import { Donation } from '../../../donations/donation.entity';

/** Finds the donation a Stripe object refers to, by the most specific id first. */
export async function findDonation(
  em: EntityManager,
  refs: { sessionId?: string | null; donationId?: string | null; paymentIntentId?: string | null; chargeId?: string | null },
): Promise<Donation | null> {
  const repo = em.getRepository(Donation);
  if (refs.sessionId) {
    const d = await repo.findOneBy({ stripeCheckoutSessionId: refs.sessionId });
    if (d) return d;
  }
  if (refs.chargeId) {
    const d = await repo.findOneBy({ stripeChargeId: refs.chargeId });
    if (d) return d;
  }
  if (refs.paymentIntentId) {
    const d = await repo.findOneBy({ stripePaymentIntentId: refs.paymentIntentId });
    if (d) return d;
  }
  if (refs.donationId) {
    const d = await repo.findOneBy({ id: refs.donationId, source: 'stripe' });
    // A pending donation that we created but whose session id is not stored yet (the event
    // raced our own UPDATE): accept it only if it is not tied to another session.
    if (d && (!d.stripeCheckoutSessionId || d.stripeCheckoutSessionId === refs.sessionId)) return d;
  }
  return null;
}
