import type Stripe from 'stripe';
import { TestApp } from '../support/app';
import { totalsOf } from '../support/ledger';
import { stubbedLedgerSpec } from '../support/lifecycle-app';
import { StripeApiStub } from '../support/stripe-api-stub';
import { charge, deliver, event, refund, session } from '../support/stripe-events';

/**
 * Payments held for review, resolved by a person: assigned to an appeal (counted through the
 * ledger, converted by hand when the currencies differ) or refunded through Stripe's API (a
 * stand-in here), with Stripe's refund webhooks arriving afterwards as they do.
 */
describe('payments held for review: assign and refund', () => {
  let t: TestApp;
  let stub: StripeApiStub;
  stubbedLedgerSpec((app) => ({ t, stub } = app));

  /** A paid Payment Link session the webhook holds for review; its charge is known to the stand-in API. */
  async function held(over: Record<string, unknown>): Promise<{ id: string; session: Stripe.Checkout.Session; charge: Stripe.Charge }> {
    const s = session({ client_reference_id: null, ...over });
    const res = await deliver(t.url, event('checkout.session.completed', s));
    expect([res.status, res.body.outcome]).toEqual([200, 'review']);
    const ch = charge({ amount: s.amount_total, currency: s.currency, payment_intent: s.payment_intent, metadata: s.metadata });
    stub.charges.set(ch.id, ch);
    const [{ id }] = await t.ds.query('SELECT id FROM donations WHERE stripe_checkout_session_id = $1', [s.id]);
    return { id, session: s, charge: ch };
  }
  const resolve = (id: string, body: unknown) => t.request('POST', `/api/review/${id}`, { body });
  const listed = async () => (await t.request('GET', '/api/review')).body as { count: number; data: Array<Record<string, any>> };
  const send = async (type: string, object: unknown) => {
    const res = await deliver(t.url, event(type, object));
    expect([type, res.status]).toEqual([type, 200]);
    return res.body.outcome as string;
  };
  const allRaised = async () => (await t.ds.query('SELECT COALESCE(sum(raised), 0)::int AS n FROM appeal_totals'))[0].n as number;

  it('lists held payments with reason, amount, currency, Stripe ids, donor and when', async () => {
    const eur = await held({ amount_total: 1_500, currency: 'eur', metadata: { appeal: 'roof' } });
    const lost = await held({ amount_total: 2_000, metadata: { appeal: 'no-such-appeal' } });
    const res = await t.request('GET', '/api/review');
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(2);
    expect(res.body.data).toEqual([
      expect.objectContaining({
        id: lost.id,
        reason: 'no appeal with slug "no-such-appeal"',
        amount: 2_000,
        currency: 'usd',
        appealSlug: 'no-such-appeal',
        appeal: null,
        stripe: { checkoutSessionId: lost.session.id, paymentIntentId: lost.session.payment_intent, chargeId: null },
        donor: { name: 'Dana Donor', email: 'donor@example.org' },
        receivedAt: expect.any(String),
      }),
      expect.objectContaining({
        id: eur.id,
        reason: 'paid in eur, appeal counts usd',
        amount: 1_500,
        currency: 'eur',
        appeal: { slug: 'roof', currency: 'usd' },
      }),
    ]);
    expect((await t.request('GET', '/api/review', { token: null })).status).toBe(401);
    const bad = await t.request('GET', '/api/review?limit=0');
    expect([bad.status, JSON.stringify(bad.body.message)]).toEqual([400, expect.stringContaining('limit')]);
  });

  it('assigns a payment held in another currency at the amount the person enters, keeping what was paid', async () => {
    const eur = await held({ amount_total: 1_500, currency: 'eur', metadata: { appeal: 'roof' } });
    const missing = await resolve(eur.id, { action: 'assign', appeal: 'roof' });
    expect([missing.status, missing.body.message]).toEqual([400, expect.stringMatching(/^amount is required: the payment is 1500 eur/)]);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0 });

    const res = await resolve(eur.id, { action: 'assign', appeal: 'roof', amount: 1_620 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      action: 'assign',
      changed: true,
      payment: {
        id: eur.id,
        status: 'succeeded',
        amount: 1_620,
        currency: 'usd',
        originalAmount: 1_500,
        originalCurrency: 'eur',
        counted: true,
        reviewReason: 'paid in eur, appeal counts usd',
        resolution: { action: 'assign', amount: 1_620, currency: 'usd', by: 'admin' },
      },
    });
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 1_620, donations: 1, donors: 1 });
    expect((await listed()).count).toBe(0);

    // The same request again is answered with the same result; anything else is a conflict.
    const again = await resolve(eur.id, { action: 'assign', appeal: 'roof', amount: 1_620 });
    expect([again.status, again.body.changed, again.body.payment.amount]).toEqual([200, false, 1_620]);
    const other = await resolve(eur.id, { action: 'assign', appeal: 'roof', amount: 1_700 });
    expect([other.status, other.body.message]).toEqual([409, expect.stringContaining('was assigned (counted as 1620 usd) by admin')]);
    expect((await resolve(eur.id, { action: 'refund' })).status).toBe(409);
    expect(stub.refundCalls).toEqual([]);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 1_620, donations: 1 });

    // A refund of part of the EUR charge later takes its share of the USD gift.
    await send(
      'refund.created',
      refund({ amount: 750, currency: 'eur', payment_intent: eur.session.payment_intent, charge: eur.charge.id }),
    );
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 810, donations: 1 });
  });

  it('assigns a payment for an unknown appeal to the appeal the person chooses, at its own amount', async () => {
    const lost = await held({ amount_total: 2_000, metadata: { appeal: 'rooof' } });
    const concurrent = await Promise.all([1, 2, 3].map(() => resolve(lost.id, { action: 'assign', appeal: 'roof' })));
    expect(concurrent.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(concurrent.filter((r) => r.body.changed)).toHaveLength(1);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2_000, donations: 1, donors: 1 });
    const [row] = await t.ds.query(
      'SELECT a.slug, d.appeal_slug, d.status FROM donations d JOIN appeals a ON a.id = d.appeal_id WHERE d.id = $1',
      [lost.id],
    );
    expect(row).toEqual({ slug: 'roof', appeal_slug: 'rooof', status: 'succeeded' });
    const gifts = (await t.request('GET', '/api/appeals/roof/donations')).body.data;
    expect(gifts.map((d: Record<string, any>) => [d.id, d.resolution?.action])).toEqual([[lost.id, 'assign']]);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM review_resolutions')).toEqual([{ n: 1 }]);
    await expect(t.ds.query(`UPDATE review_resolutions SET resolved_by = 'someone else'`)).rejects.toThrow(/never changed or deleted/);
  });

  it('keeps a refund made in Stripe before the assignment: the assigned gift counts only what is left', async () => {
    const eur = await held({ amount_total: 2_000, currency: 'eur', metadata: { appeal: 'roof' } });
    await send(
      'refund.created',
      refund({ amount: 500, currency: 'eur', payment_intent: eur.session.payment_intent, charge: eur.charge.id }),
    );
    expect(await allRaised()).toBe(0);
    const res = await resolve(eur.id, { action: 'assign', appeal: 'roof', amount: 2_200 });
    expect(res.body.payment).toMatchObject({ amount: 2_200, refunded: 550, net: 1_650 });
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 1_650, donations: 1 });
  });

  it('tells the donor on the thanks page once their held payment is refunded, not that it is still being checked', async () => {
    const eur = await held({ amount_total: 1_500, currency: 'eur', metadata: { appeal: 'roof' } });
    const status = async () =>
      (await t.request('GET', `/donate/roof/thanks/status?session_id=${eur.session.id}`, { token: null })).body as Record<string, string>;
    expect(await status()).toMatchObject({ status: 'review', text: expect.stringContaining('being checked') });
    expect((await resolve(eur.id, { action: 'refund' })).status).toBe(200);
    expect(await status()).toMatchObject({ status: 'refunded', text: expect.stringContaining('refunded in full') });
  });

  it('refunds a held payment through Stripe, records it, and does not count the refund webhooks again', async () => {
    const lost = await held({ amount_total: 2_000, metadata: { appeal: 'no-such-appeal' } });
    const res = await resolve(lost.id, { action: 'refund' });
    expect(res.status).toBe(200);
    expect(stub.refundCalls).toEqual([
      {
        idempotencyKey: `held-payment-refund:${lost.id}:0`,
        params: expect.objectContaining({ payment_intent: lost.session.payment_intent, 'metadata[donation_id]': lost.id }),
      },
    ]);
    const [made] = [...stub.refunds.values()];
    expect(res.body).toMatchObject({
      action: 'refund',
      changed: true,
      payment: {
        status: 'review',
        refunded: 2_000,
        counted: false,
        refunds: [{ id: made.id, amount: 2_000, status: 'succeeded' }],
        resolution: { action: 'refund', stripeRefundId: made.id, by: 'admin' },
      },
    });
    expect((await listed()).count).toBe(0);

    // Stripe's webhooks for that refund arrive afterwards, some twice.
    const refunded = { ...lost.charge, amount_refunded: 2_000, refunded: true };
    for (const [type, object] of [
      ['refund.created', made],
      ['charge.refunded', refunded],
      ['refund.updated', made],
      ['charge.refunded', refunded],
    ] as const) {
      expect(['recorded', 'unchanged']).toContain(await send(type, object));
    }
    expect(await t.ds.query('SELECT stripe_refund_id, amount::int AS amount FROM refunds')).toEqual([
      { stripe_refund_id: made.id, amount: 2_000 },
    ]);
    expect(await t.ds.query('SELECT refunded::int AS refunded, stripe_charge_id FROM donations WHERE id = $1', [lost.id])).toEqual([
      { refunded: 2_000, stripe_charge_id: lost.charge.id },
    ]);
    expect(await allRaised()).toBe(0);

    // Asked again (a double click): the same refund, no second call that could move money.
    const again = await resolve(lost.id, { action: 'refund' });
    expect([again.status, again.body.changed]).toEqual([200, false]);
    expect(stub.refundCalls).toHaveLength(1);
    const assign = await resolve(lost.id, { action: 'assign', appeal: 'roof' });
    expect([assign.status, assign.body.message]).toEqual([409, expect.stringContaining(`was refunded (${made.id})`)]);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0 });
  });

  it('leaves the payment held when Stripe refuses the refund, and refunds it once Stripe accepts', async () => {
    const eur = await held({ amount_total: 1_500, currency: 'eur', metadata: { appeal: 'roof' } });
    stub.refuseRefunds = { status: 402, type: 'invalid_request_error', code: 'balance_insufficient', message: 'Insufficient funds' };
    const res = await resolve(eur.id, { action: 'refund' });
    expect([res.status, res.body.message]).toEqual([502, expect.stringContaining('Insufficient funds')]);
    expect((await listed()).data.map((d) => d.id)).toEqual([eur.id]);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM refunds')).toEqual([{ n: 0 }]);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM review_resolutions')).toEqual([{ n: 0 }]);

    stub.refuseRefunds = null;
    const retry = await resolve(eur.id, { action: 'refund' });
    expect([retry.status, retry.body.payment.refunded]).toEqual([200, 1_500]);
    // Stripe keeps a key's answer, refusals included: the attempt after a refusal takes a fresh key.
    expect(stub.refundCalls.map((c) => c.idempotencyKey)).toEqual([`held-payment-refund:${eur.id}:0`, `held-payment-refund:${eur.id}:1`]);
    expect(stub.refunds.size).toBe(1);
    expect((await listed()).count).toBe(0);
  });

  it('keeps the idempotency key after an outage (Stripe may have refunded), so the retry finds that refund', async () => {
    const lost = await held({ amount_total: 2_000, metadata: { appeal: 'no-such-appeal' } });
    stub.down = true;
    expect((await resolve(lost.id, { action: 'refund' })).status).toBe(502);
    stub.down = false;
    expect((await resolve(lost.id, { action: 'refund' })).status).toBe(200);
    expect(stub.refundCalls.map((c) => c.idempotencyKey)).toEqual([`held-payment-refund:${lost.id}:0`]);
    expect(stub.refunds.size).toBe(1);
  });

  it('refuses to count a payment above the largest single gift, which can still be refunded', async () => {
    const huge = await held({ amount_total: 1_000_000_000_001, metadata: { appeal: 'roof' } });
    const res = await resolve(huge.id, { action: 'assign', appeal: 'roof' });
    expect([res.status, res.body.message]).toEqual([422, expect.stringContaining('it can only be refunded')]);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0 });
    expect((await resolve(huge.id, { action: 'refund' })).body.payment.refunded).toBe(1_000_000_000_001);
  });

  it('answers 400 naming the field, 404 for an unknown id, 409 for a payment that is not held', async () => {
    const eur = await held({ amount_total: 1_500, currency: 'eur', metadata: { appeal: 'roof' } });
    const cases: Array<[unknown, RegExp]> = [
      [{}, /action must be "assign" or "refund"/],
      [{ action: 'delete' }, /action must be "assign" or "refund"/],
      [{ action: 'assign' }, /appeal must be the slug of an appeal/],
      [{ action: 'assign', appeal: 'no-such-appeal', amount: 100 }, /appeal: no appeal with slug "no-such-appeal"/],
      [{ action: 'assign', appeal: 'roof', amount: -5 }, /amount must be positive/],
      [{ action: 'assign', appeal: 'roof', amount: 1.5 }, /amount must be an integer/],
      [{ action: 'refund', appeal: 'roof' }, /appeal and amount are only for action "assign"/],
      [{ action: 'assign', appeal: 'roof', amount: 100, extra: true }, /extra/],
    ];
    for (const [body, message] of cases) {
      const res = await resolve(eur.id, body);
      const said = [res.body.message].flat().join('; ');
      expect([JSON.stringify(body), res.status, said]).toEqual([JSON.stringify(body), 400, expect.stringMatching(message)]);
    }
    const notId = await resolve('nope', { action: 'refund' });
    expect([notId.status, notId.body.message]).toEqual([400, expect.stringContaining('id must be the id')]);
    expect((await resolve('0b5c6bd2-8a70-4a43-9d0e-6f1f0f7d7d11', { action: 'refund' })).status).toBe(404);

    const counted = session({ amount_total: 900, metadata: { appeal: 'roof' } });
    await send('checkout.session.completed', counted);
    const [{ id }] = await t.ds.query('SELECT id FROM donations WHERE stripe_checkout_session_id = $1', [counted.id]);
    const notHeld = await resolve(id, { action: 'refund' });
    expect([notHeld.status, notHeld.body.message]).toEqual([409, expect.stringContaining('is succeeded, not held for review')]);
    const offline = (await t.request('POST', '/api/appeals/roof/donations', { body: { amount: 100, reference: 'c-1' } })).body;
    expect((await resolve(offline.id, { action: 'refund' })).status).toBe(404);
    expect(stub.refundCalls).toEqual([]);
    expect((await listed()).count).toBe(1);
  });
});
