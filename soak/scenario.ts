import { Random } from '../bench/lib/random';
import { disputeObject, eventOf, PaymentRefs, payloadOf, refundObject, sessionObject } from '../bench/lib/stripe-events';

export interface SoakAppeal {
  slug: string;
  currency: string;
}

/** How one payment ends up, decided up front; the expected ledger follows from it alone. */
export interface PlannedPayment extends PaymentRefs {
  /** completed+paid, or completed unpaid then async success/failure (delayed methods), or expired. */
  path: 'paid' | 'async_paid' | 'async_failed' | 'expired';
  /** Cumulative refunded figures, increasing: each step is one refund of the difference. */
  refunds: number[];
  dispute: { id: string; reinstated: boolean } | null;
}

export interface PlannedEvent {
  id: string;
  type: string;
  payload: string;
}

export interface Scenario {
  appeals: SoakAppeal[];
  payments: PlannedPayment[];
  events: PlannedEvent[];
}

export const SOAK_APPEALS: SoakAppeal[] = [
  { slug: 'soak-usd-a', currency: 'usd' },
  { slug: 'soak-usd-b', currency: 'usd' },
  { slug: 'soak-eur', currency: 'eur' },
  { slug: 'soak-jpy', currency: 'jpy' },
  { slug: 'soak-gbp', currency: 'gbp' },
];

/** Plans payments until they produce `uniqueEvents` distinct Stripe events. */
export function planScenario(uniqueEvents: number, rnd: Random): Scenario {
  const payments: PlannedPayment[] = [];
  const events: PlannedEvent[] = [];
  const now = Math.floor(Date.now() / 1000);
  while (events.length < uniqueEvents) {
    const p = planPayment(rnd, payments.length);
    payments.push(p);
    for (const [type, object] of eventsOf(p)) {
      const id = `evt_soak_${rnd.hex(12)}`;
      events.push({ id, type, payload: payloadOf(eventOf(id, type, object, now)) });
    }
  }
  return { appeals: SOAK_APPEALS, payments, events };
}

function planPayment(rnd: Random, n: number): PlannedPayment {
  const appeal = rnd.pick(SOAK_APPEALS);
  const amount = appeal.currency === 'jpy' ? rnd.int(100, 50_000) : rnd.int(100, 100_000);
  const roll = rnd.next();
  const path = roll < 0.9 ? 'paid' : roll < 0.95 ? 'async_paid' : roll < 0.975 ? 'async_failed' : 'expired';
  const counted = path === 'paid' || path === 'async_paid';
  const fate = rnd.next();
  // Refunds and disputes never meet on one payment: Stripe refuses to refund a disputed charge,
  // and keeping them apart makes the expected ledger independent of delivery order.
  const refunds = counted && fate < 0.15 ? refundSteps(rnd, amount) : [];
  const dispute = counted && fate >= 0.15 && fate < 0.25 ? { id: `dp_soak_${rnd.hex(10)}`, reinstated: rnd.chance(0.5) } : null;
  return {
    ...donor(rnd, appeal.slug),
    appeal: appeal.slug,
    currency: appeal.currency,
    amount,
    path,
    refunds,
    dispute,
    sessionId: `cs_test_soak_${n}_${rnd.hex(8)}`,
    paymentIntent: `pi_soak_${n}_${rnd.hex(8)}`,
    charge: `ch_soak_${n}_${rnd.hex(8)}`,
  };
}

/** One or two partial refunds, sometimes ending in a full one. */
function refundSteps(rnd: Random, amount: number): number[] {
  const first = rnd.int(1, amount);
  if (first === amount || rnd.chance(0.5)) return [first];
  return [first, rnd.chance(0.5) ? amount : rnd.int(first + 1, amount)];
}

/** Repeat donors (with the e-mail's case changing), name-only donors and donors with no details. */
function donor(rnd: Random, slug: string): { email: string | null; name: string | null } {
  const roll = rnd.next();
  if (roll < 0.03) return { email: null, name: null };
  if (roll < 0.13) return { email: null, name: `Donor ${rnd.int(1, 30)}` };
  const who = rnd.int(1, 400);
  const email = `${slug}.donor${who}@example.org`;
  return { email: rnd.chance(0.2) ? email.toUpperCase() : email, name: `Donor ${who}` };
}

function eventsOf(p: PlannedPayment): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  if (p.path === 'expired') return [['checkout.session.expired', { ...sessionObject(p, false), status: 'expired' }]];
  if (p.path === 'paid') out.push(['checkout.session.completed', sessionObject(p, true)]);
  else {
    out.push(['checkout.session.completed', sessionObject(p, false)]);
    out.push(
      p.path === 'async_paid'
        ? ['checkout.session.async_payment_succeeded', sessionObject(p, true)]
        : ['checkout.session.async_payment_failed', sessionObject(p, false)],
    );
  }
  p.refunds.forEach((cumulative, i) => {
    const refunded = cumulative - (i ? p.refunds[i - 1] : 0);
    out.push(['refund.created', refundObject(p, `re_${p.charge}_${i}`, refunded)]);
  });
  if (p.dispute) {
    out.push(['charge.dispute.funds_withdrawn', disputeObject(p, p.dispute.id, 'withdrawn')]);
    if (p.dispute.reinstated) out.push(['charge.dispute.funds_reinstated', disputeObject(p, p.dispute.id, 'reinstated')]);
  }
  return out;
}
