import type Stripe from 'stripe';
import { ReconcileService } from '../../../src/payments/stripe/reconcile.service';
import { TestApp } from '../../support/app';
import { createAppeal } from '../../support/appeals';
import { expectLedgerConsistent, totalsOf } from '../../support/ledger';
import { paidGift, Payment, startWithStripeStub } from '../../support/lifecycle-app';
import { StripeApiStub } from '../../support/stripe-api-stub';
import { balanceTransaction, charge, deliver, dispute, event, refund, session } from '../../support/stripe-events';

/**
 * QA probes: a treasurer's reconciliation against Stripe. Each test states what the charity keeps
 * (amount - counting refunds - dispute funds withdrawn and not reinstated, never below zero) and
 * checks the appeal's totals say exactly that, through signed webhooks on real PostgreSQL.
 */
describe('verify: money under hostile but realistic Stripe sequences', () => {
  let t: TestApp;
  let stub: StripeApiStub;
  beforeAll(async () => {
    ({ t, stub } = await startWithStripeStub());
  });
  afterAll(async () => {
    await t.close();
    await stub.stop();
  });
  beforeEach(async () => {
    stub.reset();
    await t.ds.query('TRUNCATE appeals, donations, refunds, disputes, stripe_events, appeal_totals CASCADE');
    await createAppeal(t, 'roof');
  });
  afterEach(async () => {
    await expectLedgerConsistent(t.ds);
  });

  const post = (type: string, object: unknown, over: Record<string, unknown> = {}) => deliver(t.url, event(type, object, over));
  const send = async (type: string, object: unknown, over: Record<string, unknown> = {}) => {
    const res = await post(type, object, over);
    expect({ type, status: res.status, text: res.status === 200 ? '' : res.text }).toEqual({ type, status: 200, text: '' });
    return res.body.outcome as string;
  };
  const refundOf = (p: Payment, amount: number, status: string, over: Record<string, unknown> = {}) =>
    refund({ amount, status, charge: p.charge.id, payment_intent: p.paymentIntent, ...over });
  const settle = (r: Stripe.Refund) => {
    stub.refunds.set(r.id, r);
    return r;
  };
  const refundedCharge = (p: Payment, amountRefunded: number) => ({
    ...p.charge,
    amount_refunded: amountRefunded,
    refunded: amountRefunded >= p.amount,
  });
  const disputeOf = (p: Payment, over: Record<string, unknown>) =>
    dispute({ amount: p.amount, charge: p.charge.id, payment_intent: p.paymentIntent, reason: 'fraudulent', ...over });
  const roof = () => totalsOf(t.ds, 'roof');

  /** An Adaptive Pricing gift: counts `amount` in USD, the donor paid `shown` in EUR (the charge's currency). */
  async function adaptiveGift(amount: number, shown: number): Promise<Payment> {
    const s = session({
      amount_total: amount,
      currency: 'usd',
      metadata: { appeal: 'roof' },
      client_reference_id: null,
      presentment_details: { presentment_amount: shown, presentment_currency: 'eur' },
    });
    expect(await send('checkout.session.completed', s)).toBe('counted');
    const ch = charge({
      amount: shown,
      amount_captured: shown,
      currency: 'eur',
      payment_intent: s.payment_intent,
      metadata: { appeal: 'roof' },
    });
    stub.charges.set(ch.id, ch);
    return { paymentIntent: s.payment_intent as string, charge: ch, amount: shown };
  }

  describe('refunds and disputes together', () => {
    it('partial refunds then a lost dispute for the remainder keep nothing, and a later failed refund attempt gives back only its own money', async () => {
      const p = await paidGift(t, stub, 'roof', 10_000);
      const r1 = settle(refundOf(p, 3_000, 'succeeded'));
      settle(refundOf(p, 2_000, 'succeeded'));
      await send('charge.refunded', refundedCharge(p, 5_000));
      const out = balanceTransaction(-5_000);
      await send(
        'charge.dispute.created',
        disputeOf(p, { id: 'dp_rest', amount: 5_000, status: 'needs_response', balance_transactions: [out] }),
      );
      await send('charge.dispute.closed', disputeOf(p, { id: 'dp_rest', amount: 5_000, status: 'lost', balance_transactions: [out] }));
      expect(await roof()).toMatchObject({ raised: 0, donations: 0, donors: 0 });
      // A refund of r1's money failing after the dispute was lost: the charity gets 3,000 back.
      settle({ ...r1, status: 'failed' });
      await send('refund.failed', { ...r1, status: 'failed' });
      expect(await roof()).toMatchObject({ raised: 3_000, donations: 1, donors: 1 });
    });

    it('a lost dispute for the whole gift after a partial refund keeps nothing (never negative)', async () => {
      const p = await paidGift(t, stub, 'roof', 4_000);
      await send('refund.created', refundOf(p, 1_000, 'succeeded'));
      await send('charge.dispute.closed', disputeOf(p, { status: 'lost', balance_transactions: [balanceTransaction(-4_000)] }));
      expect(await roof()).toMatchObject({ raised: 0, donations: 0, donors: 0 });
    });

    // DEFECT: each of refunds and disputes is converted from the presentment currency and rounded
    // down on its own, so a refund plus a dispute of the whole charge leave 1 cent "kept" and the gift
    // (and its donor) still counted although the charity keeps nothing.
    it('Adaptive Pricing: a partial refund plus a lost dispute of the rest of the charge keep nothing', async () => {
      const p = await adaptiveGift(1_000, 1_001);
      await send('refund.created', refundOf(p, 500, 'succeeded', { currency: 'eur' }));
      await send(
        'charge.dispute.closed',
        disputeOf(p, { amount: 501, currency: 'eur', status: 'lost', balance_transactions: [balanceTransaction(-501, 'usd')] }),
      );
      expect(await roof()).toMatchObject({ raised: 0, donations: 0, donors: 0 });
    });

    // DEFECT (audit only): countedSql divides sum(bigint), a numeric, so amount * s / original_amount
    // is not rounded down like the ledger's BigInt division: the audit flags a correct donation.
    it('Adaptive Pricing: the ledger audit agrees with a partial refund that does not divide evenly', async () => {
      const p = await adaptiveGift(1_000, 1_001);
      await send('refund.created', refundOf(p, 500, 'succeeded', { currency: 'eur' }));
      expect(await roof()).toMatchObject({ raised: 1_000 - 499, donations: 1 });
      await expectLedgerConsistent(t.ds);
    });

    it('Adaptive Pricing: a dispute in the charge currency, partly reinstated, takes the rest converted, and the audit agrees', async () => {
      const p = await adaptiveGift(1_000, 1_001);
      const dp = { id: 'dp_ap', amount: 1_001, currency: 'eur' };
      await send(
        'charge.dispute.funds_withdrawn',
        disputeOf(p, { ...dp, status: 'needs_response', balance_transactions: [balanceTransaction(-1_001, 'eur')] }),
      );
      expect(await roof()).toMatchObject({ raised: 0, donations: 0 });
      await send(
        'charge.dispute.closed',
        disputeOf(p, { ...dp, status: 'won', balance_transactions: [balanceTransaction(-1_001, 'eur'), balanceTransaction(500, 'eur')] }),
      );
      expect(await roof()).toMatchObject({ raised: 1_000 - Math.ceil(501_000 / 1_001), donations: 1 });
    });

    it('Adaptive Pricing: two partial refunds of the whole charge remove exactly the gift, whatever the rounding', async () => {
      const p = await adaptiveGift(1_000, 1_001);
      await send('refund.created', refundOf(p, 333, 'succeeded', { currency: 'eur' }));
      expect(await roof()).toMatchObject({ raised: 1_000 - Math.floor(333_000 / 1_001), donations: 1 });
      await send('refund.created', refundOf(p, 668, 'succeeded', { currency: 'eur' }));
      expect(await roof()).toMatchObject({ raised: 0, donations: 0, donors: 0 });
    });

    it("Adaptive Pricing: a refund in a currency that is neither the gift's nor the charge's is a 400 naming it", async () => {
      const p = await adaptiveGift(1_000, 920);
      const res = await post('refund.created', refundOf(p, 100, 'succeeded', { currency: 'gbp' }));
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/gbp/);
      expect(await roof()).toMatchObject({ raised: 1_000, donations: 1 });
    });
  });

  describe('refund statuses in any order', () => {
    it('pending -> canceled gives the money back, the canceled event first or last', async () => {
      const p = await paidGift(t, stub, 'roof', 2_000);
      const r = refundOf(p, 2_000, 'pending');
      await send('refund.updated', { ...r, status: 'canceled' });
      await send('refund.created', r);
      expect(await roof()).toMatchObject({ raised: 2_000, donations: 1, donors: 1 });
    });

    it('succeeded -> failed delivered before succeeded: the failure wins', async () => {
      const p = await paidGift(t, stub, 'roof', 2_000);
      const r = refundOf(p, 1_500, 'succeeded');
      await send('refund.failed', { ...r, status: 'failed' });
      await send('charge.refund.updated', r);
      await send('refund.created', { ...r, status: 'pending' });
      expect(await roof()).toMatchObject({ raised: 2_000, donations: 1 });
    });

    it('charge.refunded before checkout.session.completed: 503, then the redelivery counts the refund once', async () => {
      const s = session({ amount_total: 3_000, metadata: { appeal: 'roof' }, client_reference_id: null });
      const ch = charge({ amount: 3_000, amount_captured: 3_000, payment_intent: s.payment_intent, metadata: { appeal: 'roof' } });
      const p: Payment = { paymentIntent: s.payment_intent as string, charge: ch, amount: 3_000 };
      settle(refundOf(p, 1_000, 'succeeded'));
      const early = event('charge.refunded', refundedCharge(p, 1_000));
      expect((await deliver(t.url, early)).status).toBe(503);
      expect(await send('checkout.session.completed', s)).toBe('counted');
      expect((await deliver(t.url, early)).body.outcome).toBe('refunded');
      expect((await deliver(t.url, early)).body.outcome).toBe('duplicate');
      expect(await roof()).toMatchObject({ raised: 2_000, donations: 1 });
    });

    it('a refund larger than the charge, and refunds summing above it, take the gift once and never below zero', async () => {
      const p = await paidGift(t, stub, 'roof', 1_000);
      await paidGift(t, stub, 'roof', 500, 'other@example.org');
      const big = refundOf(p, 5_000, 'succeeded');
      await send('refund.created', big);
      await send('refund.created', refundOf(p, 800, 'succeeded'));
      expect(await roof()).toMatchObject({ raised: 500, donations: 1, donors: 1 });
      await send('refund.failed', { ...big, status: 'failed' });
      expect(await roof()).toMatchObject({ raised: 700, donations: 2, donors: 2 });
    });

    it('huge, negative and fractional amounts inside refund and dispute objects are 400s naming the field, not 500s', async () => {
      const p = await paidGift(t, stub, 'roof', 1_000);
      for (const amount of [2 ** 53, -5, 12.5, 1e300]) {
        const res = await post('refund.created', refundOf(p, amount, 'succeeded'));
        expect({ amount, status: res.status }).toEqual({ amount, status: 400 });
        expect(res.text).toMatch(/refund amount/);
      }
      for (const bt of [-(2 ** 53), 0.5]) {
        const res = await post(
          'charge.dispute.created',
          disputeOf(p, { balance_transactions: [{ ...balanceTransaction(-1), amount: bt }] }),
        );
        expect({ bt, status: res.status }).toEqual({ bt, status: 400 });
      }
      expect((await post('charge.dispute.created', disputeOf(p, { amount: -1 }))).status).toBe(400);
      expect(await roof()).toMatchObject({ raised: 1_000, donations: 1 });
    });

    it('the largest safe refund and dispute amounts are capped at the gift, and every read still works', async () => {
      const p = await paidGift(t, stub, 'roof', 1_000);
      await send('refund.created', refundOf(p, Number.MAX_SAFE_INTEGER, 'succeeded'));
      await send('refund.created', refundOf(p, Number.MAX_SAFE_INTEGER, 'pending'));
      await send(
        'charge.dispute.closed',
        disputeOf(p, {
          amount: Number.MAX_SAFE_INTEGER,
          status: 'lost',
          balance_transactions: [balanceTransaction(-Number.MAX_SAFE_INTEGER), balanceTransaction(-Number.MAX_SAFE_INTEGER)],
        }),
      );
      expect(await roof()).toMatchObject({ raised: 0, donations: 0 });
      for (const path of ['/api/appeals/roof/donations', '/api/appeals/roof/donations.csv', '/api/appeals/roof', '/api/appeals']) {
        expect({ path, status: (await t.request('GET', path)).status }).toEqual({ path, status: 200 });
      }
    });

    it('over-long object ids are 400s naming the id, not 500s', async () => {
      const p = await paidGift(t, stub, 'roof', 1_000);
      const long = `re_${'x'.repeat(300)}`;
      for (const [type, obj] of [
        ['refund.created', refundOf(p, 100, 'succeeded', { id: long })],
        ['refund.created', refundOf(p, 100, 'succeeded', { charge: `ch_${'x'.repeat(300)}` })],
        ['charge.dispute.created', disputeOf(p, { id: `dp_${'x'.repeat(300)}` })],
        ['charge.refunded', { ...refundedCharge(p, 100), id: `ch_${'x'.repeat(300)}` }],
        ['checkout.session.completed', session({ id: `cs_${'x'.repeat(300)}`, metadata: { appeal: 'roof' } })],
        ['checkout.session.completed', session({ payment_intent: `pi_${'x'.repeat(300)}`, metadata: { appeal: 'roof' } })],
      ] as const) {
        const res = await post(type, obj);
        expect({ type, status: res.status }).toEqual({ type, status: 400 });
      }
      expect(await roof()).toMatchObject({ raised: 1_000, donations: 1 });
    });
  });

  describe('disputes', () => {
    it('a dispute settled in another currency: withdrawn then reinstated gives everything back, in any order', async () => {
      const p = await paidGift(t, stub, 'roof', 5_000);
      const out = balanceTransaction(-4_600, 'eur');
      const back = balanceTransaction(4_600, 'eur');
      await send('charge.dispute.funds_reinstated', disputeOf(p, { id: 'dp_eur', status: 'won', balance_transactions: [out, back] }));
      await send('charge.dispute.funds_withdrawn', disputeOf(p, { id: 'dp_eur', status: 'needs_response', balance_transactions: [out] }));
      await send('charge.dispute.created', disputeOf(p, { id: 'dp_eur', status: 'needs_response', balance_transactions: [] }));
      expect(await roof()).toMatchObject({ raised: 5_000, donations: 1 });
    });

    it('a dispute settled in another currency and lost takes the disputed amount', async () => {
      const p = await paidGift(t, stub, 'roof', 5_000);
      await send(
        'charge.dispute.closed',
        disputeOf(p, { amount: 2_000, status: 'lost', balance_transactions: [balanceTransaction(-1_840, 'eur')] }),
      );
      expect(await roof()).toMatchObject({ raised: 3_000, donations: 1 });
    });

    it('warning_closed after funds were (wrongly) withdrawn follows the balance, and a later reinstatement gives it back', async () => {
      const p = await paidGift(t, stub, 'roof', 5_000);
      const out = balanceTransaction(-5_000);
      await send('charge.dispute.created', disputeOf(p, { id: 'dp_inq', status: 'warning_needs_response', balance_transactions: [] }));
      await send(
        'charge.dispute.funds_withdrawn',
        disputeOf(p, { id: 'dp_inq', status: 'warning_under_review', balance_transactions: [out] }),
      );
      await send('charge.dispute.closed', disputeOf(p, { id: 'dp_inq', status: 'warning_closed', balance_transactions: [out] }));
      expect(await roof()).toMatchObject({ raised: 0, donations: 0 });
      await send(
        'charge.dispute.funds_reinstated',
        disputeOf(p, { id: 'dp_inq', status: 'warning_closed', balance_transactions: [out, balanceTransaction(5_000)] }),
      );
      expect(await roof()).toMatchObject({ raised: 5_000, donations: 1 });
    });

    it('an inquiry escalated to a chargeback takes the funds, even after its closing snapshot arrived first', async () => {
      const p = await paidGift(t, stub, 'roof', 5_000);
      const out = balanceTransaction(-5_000);
      await send('charge.dispute.closed', disputeOf(p, { id: 'dp_esc', status: 'lost', balance_transactions: [out] }));
      await send('charge.dispute.updated', disputeOf(p, { id: 'dp_esc', status: 'warning_under_review', balance_transactions: [] }));
      await send('charge.dispute.created', disputeOf(p, { id: 'dp_esc', status: 'needs_response', balance_transactions: [] }));
      expect(await roof()).toMatchObject({ raised: 0, donations: 0 });
    });

    it('two disputes on one charge (an inquiry closed, then a chargeback) are summed, capped at the gift', async () => {
      const p = await paidGift(t, stub, 'roof', 5_000);
      await send('charge.dispute.closed', disputeOf(p, { id: 'dp_a', status: 'warning_closed', balance_transactions: [] }));
      await send(
        'charge.dispute.funds_withdrawn',
        disputeOf(p, { id: 'dp_b', amount: 3_000, status: 'needs_response', balance_transactions: [balanceTransaction(-3_000)] }),
      );
      expect(await roof()).toMatchObject({ raised: 2_000, donations: 1 });
    });
  });

  describe('duplication, concurrency and other products', () => {
    it('the same events on 10 connections at once are applied once each', async () => {
      const s = session({ amount_total: 9_000, metadata: { appeal: 'roof' }, client_reference_id: null });
      const ch = charge({ amount: 9_000, amount_captured: 9_000, payment_intent: s.payment_intent, metadata: { appeal: 'roof' } });
      stub.charges.set(ch.id, ch);
      const p: Payment = { paymentIntent: s.payment_intent as string, charge: ch, amount: 9_000 };
      const r = settle(refundOf(p, 2_000, 'succeeded'));
      const out = balanceTransaction(-3_000);
      const events = [
        event('checkout.session.completed', s),
        event('checkout.session.async_payment_succeeded', s),
        event('refund.created', r),
        event('charge.refunded', refundedCharge(p, 2_000)),
        event(
          'charge.dispute.funds_withdrawn',
          disputeOf(p, { id: 'dp_c', amount: 3_000, status: 'needs_response', balance_transactions: [out] }),
        ),
      ];
      for (const e of events) {
        let answers = await Promise.all(Array.from({ length: 10 }, () => deliver(t.url, e)));
        // A 503 asks for a redelivery (the payment was being recorded meanwhile): redeliver like Stripe.
        for (let i = 0; answers.some((a) => a.status === 503) && i < 5; i++)
          answers = [...answers.filter((a) => a.status !== 503), await deliver(t.url, e)];
        expect(answers.map((a) => a.status).filter((s2) => s2 !== 200)).toEqual([]);
      }
      expect(await roof()).toMatchObject({ raised: 4_000, donations: 1, donors: 1 });
      expect(Number((await t.ds.query('SELECT count(*) FROM donations'))[0].count)).toBe(1);
    });

    it('reconciliation running while the same events arrive by webhook applies each once', async () => {
      const p = await paidGift(t, stub, 'roof', 6_000);
      const r = settle(refundOf(p, 6_000, 'succeeded'));
      const evts = [
        event('refund.created', r),
        event('charge.refunded', refundedCharge(p, 6_000)),
        event(
          'charge.dispute.funds_withdrawn',
          disputeOf(p, { status: 'needs_response', balance_transactions: [balanceTransaction(-6_000)] }),
        ),
      ];
      stub.events.push(...evts);
      const [report, ...answers] = await Promise.all([
        t.app.get(ReconcileService).run(),
        ...evts.map((e) => deliver(t.url, e)),
        ...evts.map((e) => deliver(t.url, e)),
      ]);
      expect((answers as Array<{ status: number }>).map((a) => a.status).filter((s) => s !== 200 && s !== 503)).toEqual([]);
      expect((report as { error?: string }).error ?? null).toBeNull();
      for (const e of evts) await deliver(t.url, e);
      expect(await roof()).toMatchObject({ raised: 0, donations: 0, donors: 0 });
      expect(Number((await t.ds.query('SELECT count(*) FROM stripe_events'))[0].count)).toBeGreaterThanOrEqual(3);
    });

    // DEFECT: reconciliation rethrows any non-retry error, so one event the service refuses (a 400)
    // aborts the run before every newer missed event, on every run, since it is never stored.
    it('reconciliation applies the missed events after one it refuses', async () => {
      const p = await paidGift(t, stub, 'roof', 6_000);
      const old = Math.floor(Date.now() / 1000) - 60;
      stub.events.push(
        event('refund.created', refundOf(p, 100, 'succeeded', { currency: 'gbp' }), { created: old }),
        event('refund.created', refundOf(p, 1_000, 'succeeded'), { created: old + 1 }),
      );
      await t.app
        .get(ReconcileService)
        .run()
        .catch(() => undefined);
      expect(await roof()).toMatchObject({ raised: 5_000, donations: 1 });
    });

    it('an event in another API version is applied all the same', async () => {
      const p = await paidGift(t, stub, 'roof', 2_000);
      expect(await send('refund.created', refundOf(p, 500, 'succeeded'), { api_version: '2024-06-20' })).toBe('refunded');
      expect(await roof()).toMatchObject({ raised: 1_500 });
    });

    it("events for another product's charge on the same account never touch the appeal", async () => {
      await paidGift(t, stub, 'roof', 2_000);
      const foreign = charge({ amount: 2_000, metadata: {} });
      stub.charges.set(foreign.id, foreign);
      const old = Math.floor(Date.now() / 1000) - 7_200;
      expect(await send('charge.refunded', { ...foreign, amount_refunded: 2_000 }, { created: old })).toBe('not_ours');
      expect(
        await send(
          'charge.dispute.closed',
          dispute({ charge: foreign.id, payment_intent: null, status: 'lost', balance_transactions: [balanceTransaction(-2_000)] }),
          { created: old },
        ),
      ).toBe('not_ours');
      expect(await send('checkout.session.completed', session({ metadata: {}, client_reference_id: null }))).toBe('not_ours');
      expect(await roof()).toMatchObject({ raised: 2_000, donations: 1 });
    });
  });

  describe('late deliveries after an outage', () => {
    // DEFECT (not fixed): a dispute object carries no metadata of ours, so a dispute event over an
    // hour old that overtakes its payment's completion (Stripe's retries after a long outage come in
    // any order) is acknowledged as not_ours and stored: its redelivery and reconciliation are then
    // duplicates, and the withdrawn funds are never taken off.
    it("a dispute event that overtakes its payment's completion after a long outage is not dropped", async () => {
      const s = session({ amount_total: 4_000, metadata: { appeal: 'roof' }, client_reference_id: null });
      const ch = charge({ amount: 4_000, amount_captured: 4_000, payment_intent: s.payment_intent, metadata: { appeal: 'roof' } });
      stub.charges.set(ch.id, ch);
      const hoursAgo = Math.floor(Date.now() / 1000) - 2 * 3600;
      const lost = event(
        'charge.dispute.funds_withdrawn',
        dispute({
          amount: 4_000,
          charge: ch.id,
          payment_intent: s.payment_intent,
          status: 'needs_response',
          balance_transactions: [balanceTransaction(-4_000)],
        }),
        { created: hoursAgo + 60 },
      );
      const first = await deliver(t.url, lost);
      await send('checkout.session.completed', s, { created: hoursAgo });
      if (first.status !== 200) await deliver(t.url, lost); // Stripe redelivers what was not acknowledged
      expect(await roof()).toMatchObject({ raised: 0, donations: 0, donors: 0 });
    });

    it('an event whose created time no date can hold is a 400, not a 500', async () => {
      const p = await paidGift(t, stub, 'roof', 1_000);
      for (const created of [1e13, -1e13]) {
        const res = await post('refund.created', refundOf(p, 100, 'succeeded'), { created });
        expect({ created, status: res.status }).toEqual({ created, status: 400 });
      }
      expect(await roof()).toMatchObject({ raised: 1_000 });
    });

    it('full refunds of two gifts of one donor delivered at once, then both failing at once, keep the donor count exact', async () => {
      const p = await paidGift(t, stub, 'roof', 1_000, 'ana@example.org');
      const q = await paidGift(t, stub, 'roof', 2_000, 'ana@example.org');
      const [rp, rq] = [refundOf(p, 1_000, 'succeeded'), refundOf(q, 2_000, 'succeeded')];
      const all = async (evts: Stripe.Event[]) =>
        (await Promise.all(evts.flatMap((e) => [deliver(t.url, e), deliver(t.url, e), deliver(t.url, e)]))).map((r) => r.status);
      expect(new Set(await all([event('refund.created', rp), event('refund.created', rq)]))).toEqual(new Set([200]));
      expect(await roof()).toMatchObject({ raised: 0, donations: 0, donors: 0 });
      expect(
        new Set(await all([event('refund.failed', { ...rp, status: 'failed' }), event('refund.failed', { ...rq, status: 'failed' })])),
      ).toEqual(new Set([200]));
      expect(await roof()).toMatchObject({ raised: 3_000, donations: 2, donors: 1 });
    });
  });

  describe('donors', () => {
    it('a donor stops counting after a full refund and counts again when that refund fails', async () => {
      const p = await paidGift(t, stub, 'roof', 1_000, 'ana@example.org');
      const q = await paidGift(t, stub, 'roof', 2_000, 'ana@example.org');
      expect(await roof()).toMatchObject({ donations: 2, donors: 1 });
      const rp = refundOf(p, 1_000, 'succeeded');
      await send('refund.created', rp);
      expect(await roof()).toMatchObject({ raised: 2_000, donations: 1, donors: 1 });
      await send('refund.created', refundOf(q, 2_000, 'succeeded'));
      expect(await roof()).toMatchObject({ raised: 0, donations: 0, donors: 0 });
      await send('refund.failed', { ...rp, status: 'failed' });
      expect(await roof()).toMatchObject({ raised: 1_000, donations: 1, donors: 1 });
    });

    it('an offline gift is untouched by Stripe events naming its id', async () => {
      const res = await t.request('POST', '/api/appeals/roof/donations', {
        body: { amount: 5_000, reference: 'bank-1', donorName: 'Cash Giver' },
      });
      expect(res.status).toBe(201);
      const id = res.body.id as string;
      const s = session({ amount_total: 5_000, metadata: { appeal: 'roof', donation_id: id }, client_reference_id: id });
      expect(await send('checkout.session.completed', s)).toBe('counted');
      expect(await roof()).toMatchObject({ raised: 10_000, donations: 2 });
      const [row] = await t.ds.query('SELECT status, amount, stripe_checkout_session_id FROM donations WHERE id = $1', [id]);
      expect(row).toMatchObject({ status: 'succeeded', amount: '5000', stripe_checkout_session_id: null });
    });
  });
});
