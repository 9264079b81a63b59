import { MAX_GIFT_MINOR } from '../money';
import type { Donation } from './donation.entity';
import { DonationsError } from './donations.error';

/** The appeal a held payment is assigned to; `amount`: what it counts as there, when the currencies differ. */
export interface AssignTarget {
  appealId: string;
  /** The appeal's currency. */
  currency: string;
  amount?: number;
}

/**
 * What a held payment counts as in the target appeal (pure; the ledger applies it under lock).
 * Same currency: its own amount, and `amount` may only repeat it. Another currency: `amount` is
 * required (a person converts it, as for an offline foreign gift) and what was paid becomes the
 * original amount and currency. Refused with the field named: a missing or stray amount; a
 * payment above the largest single gift counted (it can only be refunded).
 */
export function assignedValues(
  held: Pick<Donation, 'amount' | 'currency' | 'originalAmount' | 'originalCurrency'>,
  target: AssignTarget,
): Pick<Donation, 'amount' | 'originalAmount' | 'originalCurrency'> {
  const paid = `${held.amount} ${held.currency}`;
  if (held.currency === target.currency) {
    if (target.amount !== undefined && target.amount !== held.amount) {
      throw DonationsError.invalid([`amount must be omitted (or equal ${held.amount}): the payment (${paid}) is in the appeal currency`]);
    }
    if (held.amount > MAX_GIFT_MINOR) {
      throw DonationsError.tooLargeToCount(held.amount, MAX_GIFT_MINOR);
    }
    return { amount: held.amount, originalAmount: held.originalAmount, originalCurrency: held.originalCurrency };
  }
  if (target.amount === undefined) {
    throw DonationsError.invalid([
      `amount is required: the payment is ${paid} and the appeal counts ${target.currency}; give what it counts as, in minor units of ${target.currency}`,
    ]);
  }
  return { amount: target.amount, originalAmount: held.amount, originalCurrency: held.currency };
}
