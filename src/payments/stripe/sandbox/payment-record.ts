import type Stripe from 'stripe';
import type { PaymentPair } from './payment-objects';
import type { CheckoutSpec } from './session-object';

/** One checkout session and what became of its payment. */
export interface PaymentRecord {
  session: Stripe.Checkout.Session;
  spec: CheckoutSpec;
  payment?: PaymentPair;
  refunds: Stripe.Refund[];
  dispute?: Stripe.Dispute;
  /** Subscription mode: the invoice this payment paid (the first one, or a renewal's). */
  invoice?: Stripe.Invoice;
}

/**
 * What the refund and dispute lifecycles read of the sandbox's ledger. An interface of its own so
 * that they do not import the ledger that creates them (no import cycle, not even of types).
 */
export interface PaymentRecords {
  findRecord(id: string): PaymentRecord;
  records(): IterableIterator<PaymentRecord>;
  settledCharge(id: string): Stripe.Charge;
}
