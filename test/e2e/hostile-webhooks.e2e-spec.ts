import fc from 'fast-check';
import Stripe from 'stripe';
import { StripeGateway } from '../../src/payments/stripe/stripe-gateway';
import { startTestApp, TestApp, TestResponse } from '../support/app';
import {
  describesProblem,
  hostileSlug,
  hostileValue,
  malformedJson,
  messageText,
  NASTY_NUMBERS,
  NASTY_STRINGS,
  RUNS,
  snapshot,
} from '../support/hostile';
import { balanceTransaction, charge, deliver, dispute, event, refund, session, WEBHOOK_SECRET } from '../support/stripe-events';
import { createAppeal } from '../support/appeals';
import { expectLedgerConsistent } from '../support/ledger';

/**
 * POST /webhooks/stripe is the one public route that moves money. Anything not signed with our
 * secret is a 400 that writes nothing; anything signed is answered without a 5xx unless it asks
 * for a redelivery (503 for a payment not recorded yet), whatever its fields hold.
 */
describe('hostile input on the Stripe webhook', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
    t.app.get(StripeGateway).sandbox!.autoDeliver = false;
    await createAppeal(t, 'roof');
  });
  afterAll(async () => {
    await expectLedgerConsistent(t.ds);
    await t.close();
  });

  const show = (v: unknown) => JSON.stringify(v)?.slice(0, 240);
  const post = (raw: string, signature?: string) =>
    t.request('POST', '/webhooks/stripe', {
      raw,
      token: null,
      headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'stripe-signature': signature }) },
    });

  /** Unsigned or wrongly signed: 400 naming the signature problem, and no table moves. */
  async function expectRefused(label: string, send: () => Promise<TestResponse>): Promise<void> {
    const before = await snapshot(t.ds);
    const res = await send();
    const context = `${label} -> ${res.status} ${res.text.slice(0, 200)}`;
    expect({ context, status: res.status }).toEqual({ context, status: 400 });
    expect({ context, problems: describesProblem(res) }).toEqual({ context, problems: [] });
    expect({ context, names: /signature|signed|event|body/i.test(messageText(res)) }).toEqual({ context, names: true });
    expect({ context, unchanged: (await snapshot(t.ds)) === before }).toEqual({ context, unchanged: true });
  }

  it('refuses malformed, unsigned and forged bodies with 400 and writes nothing', async () => {
    const body = fc.oneof(
      malformedJson,
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.constant(JSON.stringify(event('checkout.session.completed', session({ metadata: { appeal: 'roof' } })))),
    );
    const header = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(
        '',
        't=1,v1=00',
        't=abc,v1=',
        'v1=deadbeef',
        `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
        'x'.repeat(5000),
        "t=1' OR '1'='1",
      ),
      fc.string({ unit: 'grapheme-ascii', maxLength: 120 }),
    );
    await fc.assert(
      fc.asyncProperty(body, header, async (raw, sig) => {
        if (sig !== undefined && /[\r\n]/.test(sig)) return;
        await expectRefused(`raw ${show(raw)} sig ${show(sig)}`, () => post(raw, sig));
      }),
      RUNS,
    );
  });

  it('refuses a real event signed with another secret, or signed too long ago', async () => {
    const e = event('checkout.session.completed', session({ metadata: { appeal: 'roof' } }));
    await expectRefused('wrong secret', () => deliver(t.url, e, { secret: 'whsec_someone_else_0123456789' }));
    await expectRefused('old timestamp', () => deliver(t.url, e, { timestamp: Math.floor(Date.now() / 1000) - 600 }));
    await expectRefused('tampered after signing', () =>
      deliver(t.url, e, { tamper: (raw) => raw.replace('"amount_total": 2500', '"amount_total": 2500000') }),
    );
    await expectRefused('live event for a test key', () => deliver(t.url, { ...e, livemode: true }));
  });

  it('answers a properly signed body that is not a Stripe event with 400 or ignores it, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (v) => {
        const res = await deliver(t.url, v as unknown as Stripe.Event); // deliberately not an event
        expect({ v: show(v), status: res.status }).toEqual({ v: show(v), status: res.status < 500 ? res.status : 'a 5xx' });
      }),
      RUNS,
    );
  });

  /** Signed events whose fields hold anything at all: never a 5xx, except the 503 that asks Stripe to redeliver. */
  it('applies or refuses signed events with hostile fields, never answering 500', async () => {
    const field = fc.constantFrom(
      'amount_total',
      'currency',
      'payment_intent',
      'metadata.appeal',
      'customer_details.name',
      'customer_details.email',
      'payment_status',
      'id',
    );
    const value = fc.oneof(hostileValue, hostileSlug, fc.constantFrom(...NASTY_NUMBERS), fc.constantFrom(...NASTY_STRINGS));
    await fc.assert(
      fc.asyncProperty(
        field,
        value,
        fc.constantFrom('checkout.session.completed', 'checkout.session.async_payment_succeeded', 'checkout.session.expired'),
        async (path, v, type) => {
          const s = session({ metadata: { appeal: 'roof' } }) as unknown as Record<string, Record<string, unknown>>;
          const [a, b] = path.split('.');
          if (b) s[a] = { ...(s[a] ?? {}), [b]: v };
          else (s as Record<string, unknown>)[a] = v;
          const res = await deliver(t.url, event(type, s));
          const context = `${type} ${path}=${show(v)} -> ${res.status} ${res.text.slice(0, 200)}`;
          expect({ context, ok: res.status < 500 }).toEqual({ context, ok: true });
        },
      ),
      {
        ...RUNS,
        examples: [
          ['payment_intent', 'pi_'.padEnd(300, 'x'), 'checkout.session.completed'],
          ['id', 'cs_'.padEnd(300, 'x'), 'checkout.session.completed'],
          ['amount_total', 1e19, 'checkout.session.completed'],
          ['amount_total', 0.5, 'checkout.session.completed'],
          ['metadata.appeal', 'a'.repeat(10_000), 'checkout.session.completed'],
          ['customer_details.email', 'e'.repeat(10_000), 'checkout.session.completed'],
          ['currency', { code: 'usd' }, 'checkout.session.expired'],
        ],
      },
    );
  });

  it('answers refund and dispute objects with hostile fields, for a counted gift, without a 500', async () => {
    const paid = session({ amount_total: 5000, metadata: { appeal: 'roof' }, client_reference_id: null });
    expect((await deliver(t.url, event('checkout.session.completed', paid))).status).toBe(200);
    const pi = paid.payment_intent as string;
    const field = fc.constantFrom('amount', 'currency', 'status', 'id', 'charge', 'reason', 'balance_transactions', 'payment_intent');
    const value = fc.oneof(
      hostileValue,
      fc.constantFrom(...NASTY_NUMBERS),
      fc.constantFrom(...NASTY_STRINGS),
      fc.constant([{ amount: 1e19, currency: 'usd' }]),
      fc.constant([{ amount: -100, currency: 7 }]),
    );
    const type = fc.constantFrom(
      'refund.created',
      'refund.failed',
      'charge.refund.updated',
      'charge.dispute.created',
      'charge.dispute.closed',
      'charge.dispute.funds_reinstated',
    );
    await fc.assert(
      fc.asyncProperty(field, value, type, async (f, v, ty) => {
        const base = ty.includes('dispute')
          ? dispute({ amount: 5000, payment_intent: pi, charge: null, balance_transactions: [balanceTransaction(-5000)] })
          : refund({ amount: 1000, payment_intent: pi, charge: null });
        const res = await deliver(t.url, event(ty, { ...base, [f]: v }, { created: Math.floor(Date.now() / 1000) - 7200 }));
        const context = `${ty} ${f}=${show(v)} -> ${res.status} ${res.text.slice(0, 200)}`;
        expect({ context, ok: res.status < 500 }).toEqual({ context, ok: true });
      }),
      {
        ...RUNS,
        examples: [
          ['amount', 1e19, 'refund.created'],
          ['status', 'lost', 'refund.failed'],
          ['balance_transactions', 'x', 'charge.dispute.created'],
          ['currency', 'eur', 'charge.dispute.closed'],
        ],
      },
    );
  });

  it('answers refunds and disputes with hostile fields without a 500', async () => {
    const field = fc.constantFrom('amount_refunded', 'amount', 'currency', 'payment_intent', 'metadata');
    await fc.assert(
      fc.asyncProperty(field, hostileValue, fc.boolean(), async (f, v, ours) => {
        const c = { ...charge({ metadata: ours ? { appeal: 'roof' } : {} }), [f]: v };
        const res = await deliver(t.url, event('charge.refunded', c, { created: Math.floor(Date.now() / 1000) - 7200 }));
        const context = `charge.refunded ${f}=${show(v)} -> ${res.status} ${res.text.slice(0, 200)}`;
        // 503 is the deliberate "redeliver later" for a payment of ours not recorded yet.
        expect({ context, ok: res.status < 500 || (res.status === 503 && /not in the ledger/.test(res.text)) }).toEqual({
          context,
          ok: true,
        });
      }),
      {
        ...RUNS,
        examples: [
          ['payment_intent', 'pi_'.padEnd(300, 'x'), true],
          ['amount_refunded', 1e19, true],
          ['currency', 7, false],
        ],
      },
    );
  });
});
