import type Stripe from 'stripe';
import type { EventRequest, ObjectOf, PreviousOf, SandboxEventType } from './event-object';

export type { EventRequest } from './event-object';

/** Creates, stores and (if enabled) delivers one event; owned by the StripeSandbox facade. */
export type EventSink = <T extends SandboxEventType>(
  type: T,
  object: ObjectOf<T>,
  opts?: { request?: EventRequest; previous?: PreviousOf<T> },
) => Stripe.Event;
