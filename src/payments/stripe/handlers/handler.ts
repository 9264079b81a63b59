import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';

/** What applying an event did; stored on the event row and counted in metrics. */
export type Outcome =
  | 'counted'
  | 'pending'
  | 'failed'
  | 'expired'
  | 'refunded'
  | 'refund_reversed'
  | 'disputed'
  | 'reinstated'
  | 'recorded'
  | 'review'
  | 'after_end'
  | 'plan_updated'
  | 'unchanged'
  | 'ignored'
  | 'not_ours';

/** One handler per Stripe event type (or a family sharing one object shape). */
export interface StripeEventHandler<Prepared = unknown> {
  readonly types: readonly string[];
  /**
   * Reads what the event alone cannot settle from the Stripe API, BEFORE the ledger transaction
   * opens, so that no row lock is ever held across HTTP. `em` is for plain reads, outside any
   * transaction. A Stripe API failure must surface as PaymentsError.retryLater (503).
   */
  prepare?(em: EntityManager, event: Stripe.Event): Promise<Prepared>;
  handle(em: EntityManager, event: Stripe.Event, prepared?: Prepared): Promise<Outcome>;
}

export const STRIPE_EVENT_HANDLERS = Symbol('STRIPE_EVENT_HANDLERS');

/** Events about payments not recorded yet are retried for this long, then acknowledged. */
export const UNKNOWN_PAYMENT_RETRY_WINDOW_S = 3600;
