import type Stripe from 'stripe';
import { TestApp } from '../support/app';
import { stubbedLedgerSpec } from '../support/lifecycle-app';
import { StripeApiStub } from '../support/stripe-api-stub';
import { charge, deliver, event, refund, session } from '../support/stripe-events';
import { waitFor } from '../support/wait';

/**
 * "From N countries": each counted gift's country, from the session's billing address, else
 * from its card (read from the Stripe API before the ledger's transaction), kept in the totals
 * row by the ledger so progress reads never count.
 */
describe('countries of counted gifts', () => {
  let t: TestApp;
  let stub: StripeApiStub;
  stubbedLedgerSpec((app) => ({ t, stub } = app));

  const address = (country: string | null) => ({ city: null, country, line1: null, line2: null, postal_code: null, state: null });
  /** A paid Payment Link session; `card`: the card's country, as the API would report it. */
  const pay = async (amount: number, opts: { billing?: string | null; card?: string | null; email?: string } = {}) => {
    const s = session({
      amount_total: amount,
      metadata: { appeal: 'roof' },
      client_reference_id: null,
      customer_details: { email: opts.email ?? `d${amount}@example.org`, name: null, address: address(opts.billing ?? null) },
    });
    const ch = charge({ amount, amount_captured: amount, payment_intent: s.payment_intent, metadata: { appeal: 'roof' } });
    (ch.payment_method_details as { card: { country: string | null } }).card.country = opts.card ?? null;
    stub.charges.set(ch.id, ch);
    // What GET /v1/checkout/sessions/:id?expand[]=payment_intent.latest_charge answers.
    stub.sessions.set(s.id, {
      ...s,
      payment_intent: { id: s.payment_intent, object: 'payment_intent', latest_charge: ch },
    } as unknown as Stripe.Checkout.Session);
    const res = await deliver(t.url, event('checkout.session.completed', s));
    expect(res.body).toMatchObject({ outcome: 'counted' });
    return { s, ch };
  };
  const countries = async () =>
    (await t.ds.query(`SELECT country FROM donations ORDER BY amount`)).map((r: { country: string | null }) => r.country);
  // With `donations`, also wait for that many gifts: the country count can reach `want` before
  // the last gift delivered is in the cached progress.
  const progress = (want: number, donations?: number) =>
    waitFor(
      async () => {
        const r = await t.request('GET', '/api/appeals/roof/progress', { token: null });
        return r.body.countries === want && (donations === undefined || r.body.donations === donations) && r.body;
      },
      5000,
      `countries = ${want}${donations === undefined ? '' : `, donations = ${donations}`}`,
    );

  it('takes the billing country without asking Stripe, else the card country read from the API', async () => {
    await pay(1000, { billing: 'de', card: 'FR' });
    await pay(2000, { card: 'FR' });
    await pay(3000, { card: null });
    expect(await countries()).toEqual(['DE', 'FR', null]);
    const sessionReads = stub.requests.filter((r) => r.startsWith('GET /v1/checkout/sessions/'));
    expect(sessionReads).toHaveLength(2);
    expect(sessionReads[0]).toContain('expand');
    expect(await progress(2, 3)).toMatchObject({ countries: 2, donations: 3 });
  });

  it('counts a country once, and drops it with its last counted gift', async () => {
    const a = await pay(1000, { card: 'JP' });
    await pay(2000, { billing: 'JP' });
    const c = await pay(3000, { billing: 'KE' });
    await progress(2);
    const refundAll = async (p: { ch: Stripe.Charge }, amount: number) => {
      const r = refund({ amount, charge: p.ch.id, payment_intent: p.ch.payment_intent });
      stub.refunds.set(r.id, r);
      const res = await deliver(t.url, event('charge.refunded', { ...p.ch, amount_refunded: amount, refunded: true }));
      expect(res.body).toMatchObject({ outcome: 'refunded' });
    };
    await refundAll(c, 3000);
    await progress(1);
    await refundAll(a, 1000);
    // Japan still has a counted gift.
    expect(await progress(1, 1)).toMatchObject({ countries: 1, donations: 1 });
  });

  it('counts the gift without a country when the API cannot be read', async () => {
    stub.down = true;
    await pay(1500, { card: 'FR' });
    stub.down = false;
    expect(await countries()).toEqual([null]);
    expect(await progress(0, 1)).toMatchObject({ countries: 0, donations: 1 });
  });

  it('ignores a country that is not an ISO 3166-1 code', async () => {
    await pay(1000, { billing: 'ZZ', card: 'QQ' });
    expect(await countries()).toEqual([null]);
  });

  it('shows "from N countries" in the widget, the badge and the donate page', async () => {
    await pay(1000, { billing: 'GB' });
    await progress(1);
    const one = await t.request('GET', '/widgets/roof.svg', { token: null });
    expect(one.text).toContain('from 1 country');
    await pay(2000, { billing: 'IE' });
    await progress(2);
    for (const path of ['/widgets/roof', '/widgets/roof.svg', '/donate/roof']) {
      const res = await t.request('GET', path, { token: null });
      expect({ path, has: res.text.includes('from 2 countries') }).toEqual({ path, has: true });
    }
  });
});
