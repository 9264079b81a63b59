import type Stripe from 'stripe';
import { PaymentsError } from '../payments.error';
import { Outcome, UNKNOWN_PAYMENT_RETRY_WINDOW_S } from './handler';

/**
 * An event about a payment the ledger does not know. If it is ours (or recent enough that its
 * completion may still be on its way) answer 503 so Stripe redelivers it; an old one about a
 * charge that was never ours (another product on the same account) is acknowledged.
 */
export function unknownPayment(event: Stripe.Event, ours: boolean, what: string): Outcome {
  const age = Date.now() / 1000 - event.created;
  if (ours || age < UNKNOWN_PAYMENT_RETRY_WINDOW_S) {
    throw PaymentsError.retryLater(`${what} is not in the ledger yet; Stripe will redeliver this event`);
  }
  return 'not_ours';
}

/** A refund or dispute must be in the currency the gift counts or the one the donor paid in. */
export function checkCurrency(currency: string, donation: { currency: string; originalCurrency: string | null }, what: string): void {
  if (currency !== donation.currency && currency !== donation.originalCurrency) {
    throw PaymentsError.badEvent(`${what} is in ${currency}, donation in ${donation.currency}`);
  }
}

/** The outcome of recording a refund or dispute state, from the money it moved. */
export function lifecycleOutcome(
  before: number,
  r: { changed: boolean; recorded: boolean; donation: { refunded: number; disputed: number } },
  column: 'refunded' | 'disputed',
): Outcome {
  if (r.changed) {
    const taken = r.donation[column] > before;
    if (column === 'refunded') return taken ? 'refunded' : 'refund_reversed';
    return taken ? 'disputed' : 'reinstated';
  }
  return r.recorded ? 'recorded' : 'unchanged';
}
