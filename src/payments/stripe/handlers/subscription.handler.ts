import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { EntityManager } from 'typeorm';
import { SubscriptionFacts, subscriptionFacts } from '../billing-mappers';
import { StripeGateway } from '../stripe-gateway';
import { currentSubscription } from './billing-reads';
import { Outcome, StripeEventHandler } from './handler';
import { PlanTracker, reportOf } from './plan-tracker';

/**
 * customer.subscription.*: keeps a plan's state (active, past due, cancelled), amount and next
 * payment date as Stripe's subscription is NOW, read from the API, so a late or replayed event
 * cannot move a plan backwards; a cancelled plan never comes back. `deleted` is final as it
 * stands and needs no read. A subscription no plan is known for is left to its checkout session
 * or invoices, which make the plan.
 */
@Injectable()
export class SubscriptionHandler implements StripeEventHandler<SubscriptionFacts | null> {
  readonly types = [
    'customer.subscription.created',
    'customer.subscription.updated',
    'customer.subscription.deleted',
    'customer.subscription.paused',
    'customer.subscription.resumed',
  ] as const;

  constructor(
    private readonly tracker: PlanTracker,
    private readonly gateway: StripeGateway,
  ) {}

  async prepare(_em: EntityManager, event: Stripe.Event): Promise<SubscriptionFacts | null> {
    const f = subscriptionFacts(event.data.object as Stripe.Subscription);
    if (event.type === 'customer.subscription.deleted') return f;
    return currentSubscription(this.gateway, f.subscriptionId);
  }

  async handle(em: EntityManager, event: Stripe.Event, current?: SubscriptionFacts | null): Promise<Outcome> {
    const snapshot = subscriptionFacts(event.data.object as Stripe.Subscription);
    const f = current ?? snapshot;
    const plan = await this.tracker.resolve(em, { ...f, seed: null }, f);
    if (!plan) return 'ignored';
    // Stripe no longer knows the subscription: only the event's own snapshot, ordered by its time.
    const fallback = current ? null : reportOf(snapshot, new Date(event.created * 1000));
    const r = await this.tracker.report(em, plan, current ?? null, fallback);
    return r.changed ? 'plan_updated' : 'unchanged';
  }
}
