import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';

/** What applying an event did; stored on the event row and counted in metrics. */
export type Outcome =
  | 'counted' | 'pending' | 'failed' | 'expired' | 'refunded' | 'disputed' | 'reinstated'
  | 'review' | 'unchanged' | 'ignored' | 'not_ours';

/** One handler per Stripe event type (or a family sharing one object shape). */
export interface StripeEventHandler {
  readonly types: readonly string[];
  handle(em: EntityManager, event: Stripe.Event): Promise<Outcome>;
}

export const STRIPE_EVENT_HANDLERS = Symbol('STRIPE_EVENT_HANDLERS');

/** Events about payments not recorded yet are retried for this long, then acknowledged. */
export const UNKNOWN_PAYMENT_RETRY_WINDOW_S = 3600;
