import type Stripe from 'stripe';
import { buildTestClock } from './billing-objects';
import type { EventSink } from './event-sink';
import { invalidRequest, resourceMissing } from './http-util';
import { nowSeconds } from './ids';

/** Stripe refuses a frozen_time further back than this, or more than this far ahead. */
const MAX_START_OFFSET_S = 365 * 86_400 * 5;

/**
 * Stripe's test clocks: frozen time that moves only when advanced. Billing objects on a clock take
 * its time; advancing runs what falls due in between (renewals, retries, scheduled cancellations).
 * Subscriptions from Checkout have no way to name a clock, so the sandbox puts them all on one clock
 * of its own ("Stripe sandbox"), made with the first of them; `advance` moves that clock by default.
 */
export class TestClocks {
  private readonly clocks = new Map<string, Stripe.TestHelpers.TestClock>();
  private sandboxClockId: string | null = null;

  constructor(private readonly emit: EventSink) {}

  create(frozenTime: number, name: string | null): Stripe.TestHelpers.TestClock {
    const now = nowSeconds();
    if (!Number.isSafeInteger(frozenTime) || Math.abs(frozenTime - now) > MAX_START_OFFSET_S) {
      throw invalidRequest('frozen_time must be a Unix timestamp within five years of now.', 'frozen_time');
    }
    if (name !== null && name.length > 300) throw invalidRequest('name can be at most 300 characters.', 'name');
    const clock = buildTestClock(frozenTime, name, now);
    this.clocks.set(clock.id, clock);
    this.emit('test_helpers.test_clock.created', clock);
    return clock;
  }

  get(id: string): Stripe.TestHelpers.TestClock {
    const clock = this.clocks.get(id);
    if (!clock) throw resourceMissing('test_helpers.test_clock', id, 'test_clock');
    return clock;
  }

  /** Newest first. */
  list(): Stripe.TestHelpers.TestClock[] {
    return [...this.clocks.values()].reverse();
  }

  /** The sandbox's own clock if a subscription has made it yet (a read that changes nothing). */
  sandboxClockIfAny(): Stripe.TestHelpers.TestClock | null {
    return this.sandboxClockId ? this.get(this.sandboxClockId) : null;
  }

  /** The clock Checkout's subscriptions live on, made (at the real time) when first needed. */
  sandboxClock(): Stripe.TestHelpers.TestClock {
    if (this.sandboxClockId) return this.get(this.sandboxClockId);
    const clock = this.create(nowSeconds(), 'Stripe sandbox');
    this.sandboxClockId = clock.id;
    return clock;
  }

  /**
   * Moves a clock to `frozenTime`, calling `runUntil` (which runs everything due up to a time, in
   * order). Sends test_helpers.test_clock.advancing and .ready around it; answers the clock as it
   * was when advancing started, as Stripe's API does (the work happens before this returns).
   */
  advance(
    id: string,
    frozenTime: number,
    runUntil: (time: number) => Stripe.Event[],
    maxAdvanceTo: number | null,
  ): { clock: Stripe.TestHelpers.TestClock; events: Stripe.Event[] } {
    const clock = this.get(id);
    if (clock.status !== 'ready')
      throw invalidRequest(`Test clock ${id} is ${clock.status}; only a ready clock can advance.`, 'test_clock');
    if (!Number.isSafeInteger(frozenTime) || frozenTime <= clock.frozen_time) {
      throw invalidRequest('The frozen_time must be after the current frozen_time of the test clock.', 'frozen_time');
    }
    if (maxAdvanceTo !== null && frozenTime > maxAdvanceTo) {
      throw invalidRequest(
        `Cannot advance the test clock more than two intervals of the shortest subscription on it (to ${maxAdvanceTo} at most).`,
        'frozen_time',
      );
    }
    clock.status = 'advancing';
    const answer = structuredClone(clock);
    const events = [this.emit('test_helpers.test_clock.advancing', clock)];
    try {
      events.push(...runUntil(frozenTime));
      clock.frozen_time = frozenTime;
    } finally {
      clock.status = 'ready';
    }
    events.push(this.emit('test_helpers.test_clock.ready', clock));
    return { clock: answer, events };
  }
}
