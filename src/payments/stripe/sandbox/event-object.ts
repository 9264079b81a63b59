import type Stripe from 'stripe';
import { API_VERSION, newId, nowSeconds } from './ids';

/**
 * The events the sandbox sends. Naming them (instead of Stripe.Event, a union of ~250 types)
 * keeps `Extract` below cheap for the type checker and ties each type to its object's type.
 */
export type SandboxEvent =
  | Stripe.CheckoutSessionCompletedEvent
  | Stripe.CheckoutSessionAsyncPaymentSucceededEvent
  | Stripe.CheckoutSessionAsyncPaymentFailedEvent
  | Stripe.CheckoutSessionExpiredEvent
  | Stripe.RefundCreatedEvent
  | Stripe.RefundUpdatedEvent
  | Stripe.RefundFailedEvent
  | Stripe.ChargeRefundedEvent
  | Stripe.ChargeRefundUpdatedEvent
  | Stripe.ChargeDisputeCreatedEvent
  | Stripe.ChargeDisputeUpdatedEvent
  | Stripe.ChargeDisputeClosedEvent
  | Stripe.ChargeDisputeFundsWithdrawnEvent
  | Stripe.ChargeDisputeFundsReinstatedEvent
  | Stripe.CustomerCreatedEvent
  | Stripe.CustomerSubscriptionCreatedEvent
  | Stripe.CustomerSubscriptionUpdatedEvent
  | Stripe.CustomerSubscriptionDeletedEvent
  | Stripe.InvoiceCreatedEvent
  | Stripe.InvoiceFinalizedEvent
  | Stripe.InvoicePaidEvent
  | Stripe.InvoicePaymentSucceededEvent
  | Stripe.InvoicePaymentFailedEvent
  | Stripe.InvoicePaymentPaidEvent
  | Stripe.TestHelpersTestClockCreatedEvent
  | Stripe.TestHelpersTestClockAdvancingEvent
  | Stripe.TestHelpersTestClockReadyEvent;

export type SandboxEventType = SandboxEvent['type'];
export type EventOf<T extends SandboxEventType> = Extract<SandboxEvent, { type: T }>;
export type ObjectOf<T extends SandboxEventType> = EventOf<T>['data']['object'];
export type PreviousOf<T extends SandboxEventType> = NonNullable<EventOf<T>['data']['previous_attributes']>;

export interface EventRequest {
  id: string | null;
  idempotency_key: string | null;
}

export function buildEvent<T extends SandboxEventType>(
  type: T,
  object: ObjectOf<T>,
  request: EventRequest,
  previous?: PreviousOf<T>,
): EventOf<T> {
  // The object is copied: an event shows the object as it was when the event happened.
  const data = { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) };
  const base = {
    id: newId('evt_1'),
    object: 'event',
    api_version: API_VERSION,
    created: nowSeconds(),
    data,
    livemode: false,
    pending_webhooks: 1,
    request: { ...request },
    type,
  } satisfies Omit<Stripe.EventBase, 'type'> & { type: T };
  // Generic T cannot be narrowed by the compiler; the signature already ties type and object.
  return base as unknown as EventOf<T>;
}
