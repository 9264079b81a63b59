import type Stripe from 'stripe';
import { ReconcileService } from '../../src/payments/stripe/reconcile.service';
import { TestApp } from '../support/app';
import { paidGift, Payment, stubbedLedgerSpec } from '../support/lifecycle-app';
import { StripeApiStub } from '../support/stripe-api-stub';
import { balanceTransaction, charge, deliver, dispute, event, refund } from '../support/stripe-events';
import { totalsOf } from '../support/ledger';

/**
 * Refunds and disputes through their whole Stripe lifecycles, delivered in the orders Stripe
 * may use. Stripe's API (a stand-in here) answers with each object's current state.
 */
describe('refund and dispute lifecycles', () => {
  let t: TestApp;
  let stub: StripeApiStub;
  stubbedLedgerSpec((app) => ({ t, stub } = app));

  const send = async (type: string, object: unknown) => {
    const res = await deliver(t.url, event(type, object));
    expect({ type, status: res.status, text: res.status === 200 ? '' : res.text }).toEqual({ type, status: 200, text: '' });
    return res.body.outcome as string;
  };
  const refundOf = (p: Payment, amount: number, status: string, id?: string) =>
    refund({ ...(id ? { id } : {}), amount, status, charge: p.charge.id, payment_intent: p.paymentIntent });
  /** The refund as Stripe holds it now: what a later API read returns. */
  const settle = (r: Stripe.Refund) => {
    stub.refunds.set(r.id, r);
    return r;
  };
  const refundedCharge = (p: Payment, amountRefunded: number) => ({
    ...p.charge,
    amount_refunded: amountRefunded,
    refunded: amountRefunded >= p.amount,
  });
  const organiserView = async () => (await t.request('GET', '/api/appeals/roof/donations')).body.data as Array<Record<string, any>>;

  describe('refunds that fail or are cancelled', () => {
    it('gives the money back when a succeeded refund later fails', async () => {
      const p = await paidGift(t, stub, 'roof', 5_000);
      const r = settle(refundOf(p, 5_000, 'succeeded'));
      expect(await send('charge.refunded', refundedCharge(p, 5_000))).toBe('refunded');
      expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0, donors: 0 });
      settle({ ...r, status: 'failed' });
      expect(await send('refund.failed', { ...r, status: 'failed' })).toBe('refund_reversed');
      expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 5_000, donations: 1, donors: 1 });
      expect((await organiserView())[0].refunds).toEqual([expect.objectContaining({ id: r.id, status: 'failed', counts: false })]);
    });

    it('ignores a stale charge.refund.updated or refund.updated saying succeeded after the refund failed', async () => {
      const p = await paidGift(t, stub, 'roof', 4_000);
      const r = settle(refundOf(p, 1_500, 'failed'));
      // charge.refunded was sent when the refund was made; by the time it is read, the refund failed.
      expect(await send('charge.refunded', refundedCharge(p, 1_500))).toBe('recorded');
      expect(await send('refund.failed', r)).toBe('unchanged');
      expect(await send('charge.refund.updated', { ...r, status: 'succeeded' })).toBe('unchanged');
      expect(await send('refund.updated', { ...r, status: 'pending' })).toBe('unchanged');
      expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 4_000, donations: 1 });
    });

    it('counts a pending refund, then gives it back when it is canceled, whatever the order', async () => {
      const p = await paidGift(t, stub, 'roof', 3_000);
      const r = settle(refundOf(p, 3_000, 'canceled'));
      expect(await send('refund.created', { ...r, status: 'requires_action' })).toBe('refunded');
      expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0 });
      expect(await send('refund.updated', r)).toBe('refund_reversed');
      expect(await send('refund.updated', { ...r, status: 'pending' })).toBe('unchanged');
      expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 3_000, donations: 1 });
    });

    it('subtracts partial refunds exactly, replayed and out of order, reading the refunds from Stripe', async () => {
      const p = await paidGift(t, stub, 'roof', 10_000);
      const first = settle(refundOf(p, 2_500, 'succeeded'));
      const second = settle(refundOf(p, 7_500, 'succeeded'));
      const full = event('charge.refunded', refundedCharge(p, 10_000));
      expect((await deliver(t.url, full)).body.outcome).toBe('refunded');
      expect(await send('charge.refunded', refundedCharge(p, 2_500))).toBe('unchanged');
      expect((await deliver(t.url, full)).body.outcome).toBe('duplicate');
      expect(await send('refund.created', first)).toBe('unchanged');
      expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0, donors: 0 });
      const rows = await t.ds.query('SELECT stripe_refund_id, amount, status FROM refunds ORDER BY amount');
      expect(rows).toEqual([
        { stripe_refund_id: first.id, amount: '2500', status: 'succeeded' },
        { stripe_refund_id: second.id, amount: '7500', status: 'succeeded' },
      ]);
      expect(stub.requests.filter((r) => r.startsWith('GET /v1/refunds?'))).toHaveLength(2); // the duplicate asked nothing
    });

    it('answers 503 when the Stripe API cannot be read, writes nothing, and applies the redelivery', async () => {
      const p = await paidGift(t, stub, 'roof', 6_000);
      settle(refundOf(p, 6_000, 'succeeded'));
      const e = event('charge.refunded', refundedCharge(p, 6_000));
      stub.down = true;
      const refused = await deliver(t.url, e);
      expect(refused.status).toBe(503);
      expect(await t.ds.query('SELECT id FROM stripe_events WHERE id = $1', [e.id])).toEqual([]);
      stub.down = false;
      expect((await deliver(t.url, e)).body.outcome).toBe('refunded');
      expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0 });
    });

    it('answers 503 for a refund of a payment not recorded yet, without asking Stripe', async () => {
      const r = refund({ amount: 500, charge: 'ch_unknown', payment_intent: 'pi_unknown' });
      expect((await deliver(t.url, event('refund.created', r))).status).toBe(503);
      const unknownCharge = charge({ id: 'ch_unknown', payment_intent: 'pi_unknown', amount_refunded: 500, metadata: { appeal: 'roof' } });
      expect((await deliver(t.url, event('charge.refunded', unknownCharge))).status).toBe(503);
      expect(stub.requests).toEqual([]);
    });
  });

  it('replaces a refund migrated from the cumulative model with the real refunds on the next refund event', async () => {
    const p = await paidGift(t, stub, 'roof', 5_000);
    // What the migration leaves for a gift refunded 2,000 under the old model (no refund ids then).
    const [{ id }] = await t.ds.query('SELECT id FROM donations WHERE stripe_payment_intent_id = $1', [p.paymentIntent]);
    await t.ds.query(
      `INSERT INTO refunds (donation_id, stripe_refund_id, amount, currency, status) VALUES ($1, $2, 2000, 'usd', 'succeeded')`,
      [id, `legacy:${id}`],
    );
    await t.ds.query('UPDATE donations SET refunded = 2000 WHERE id = $1', [id]);
    await t.ds.query('UPDATE appeal_totals SET raised = raised - 2000');
    const old = settle(refundOf(p, 2_000, 'succeeded'));
    const later = settle(refundOf(p, 1_000, 'failed'));
    expect(await send('refund.failed', later)).toBe('recorded');
    const rows = await t.ds.query('SELECT stripe_refund_id, status FROM refunds');
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(
      expect.arrayContaining([
        { stripe_refund_id: old.id, status: 'succeeded' },
        { stripe_refund_id: later.id, status: 'failed' },
      ]),
    );
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 3_000, donations: 1 });
    expect(stub.requests).toEqual([`GET /v1/refunds?charge=${p.charge.id}&limit=100`]);
  });

  it('reconciliation lists the refund and dispute event types and applies missed ones through the same handlers', async () => {
    const p = await paidGift(t, stub, 'roof', 7_000);
    const r = settle(refundOf(p, 7_000, 'failed'));
    const out = balanceTransaction(-2_000);
    const missed = [
      event('refund.created', { ...r, status: 'succeeded' }),
      event('charge.refunded', refundedCharge(p, 7_000)),
      event('refund.failed', r),
      event(
        'charge.dispute.created',
        dispute({
          amount: 2_000,
          charge: p.charge.id,
          payment_intent: p.paymentIntent,
          status: 'needs_response',
          balance_transactions: [out],
        }),
      ),
    ];
    stub.events.push(...missed);
    const report = await t.app.get(ReconcileService).run();
    expect(report.applied.map((a) => [a.type, a.outcome])).toEqual([
      // charge.refunded reads the refund from the API as it is now (failed): the money comes back there.
      ['refund.created', 'refunded'],
      ['charge.refunded', 'refund_reversed'],
      ['refund.failed', 'unchanged'],
      ['charge.dispute.created', 'disputed'],
    ]);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 5_000, donations: 1 });
    const listed = decodeURIComponent(stub.requests.find((q) => q.startsWith('GET /v1/events'))!);
    for (const type of [
      'refund.created',
      'refund.updated',
      'refund.failed',
      'charge.refund.updated',
      'charge.dispute.created',
      'charge.dispute.updated',
      'charge.dispute.closed',
    ]) {
      expect(listed).toContain(`=${type}`);
    }
  });

  describe('disputes', () => {
    const disputeOf = (p: Payment, over: Record<string, unknown>) =>
      dispute({ amount: p.amount, charge: p.charge.id, payment_intent: p.paymentIntent, reason: 'fraudulent', ...over });

    /** Stripe's events for a dispute the charity wins, each carrying the dispute as it was then. */
    function wonDispute(p: Payment) {
      const out = balanceTransaction(-p.amount);
      const back = balanceTransaction(p.amount);
      const id = `dp_won${p.charge.id}`;
      return {
        created: ['charge.dispute.created', disputeOf(p, { id, status: 'needs_response', balance_transactions: [out] })],
        withdrawn: ['charge.dispute.funds_withdrawn', disputeOf(p, { id, status: 'needs_response', balance_transactions: [out] })],
        review: ['charge.dispute.updated', disputeOf(p, { id, status: 'under_review', balance_transactions: [out] })],
        reinstated: ['charge.dispute.funds_reinstated', disputeOf(p, { id, status: 'won', balance_transactions: [out, back] })],
        closed: ['charge.dispute.closed', disputeOf(p, { id, status: 'won', balance_transactions: [out, back] })],
      } as const;
    }

    it.each([
      ['withdrawn, refunded, reinstated', ['withdrawn', 'refund', 'reinstated', 'closed']],
      ['withdrawn, reinstated, refunded', ['withdrawn', 'reinstated', 'refund', 'closed']],
      ['refunded first, closed before withdrawn', ['refund', 'closed', 'reinstated', 'withdrawn', 'created', 'review']],
      ['reinstated before withdrawn', ['reinstated', 'refund', 'withdrawn']],
    ])('counts nothing for a gift disputed, won, then fully refunded (%s)', async (_n, order) => {
      const p = await paidGift(t, stub, 'roof', 8_000);
      const d = wonDispute(p);
      const r = settle(refundOf(p, 8_000, 'succeeded'));
      for (const step of order) {
        if (step === 'refund') await send('charge.refunded', refundedCharge(p, 8_000));
        else await send(...(d[step as keyof typeof d] as [string, unknown]));
      }
      expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0, donors: 0 });
      const [view] = await organiserView();
      expect(view).toMatchObject({ refunded: 8_000, disputed: 0, net: 0, counted: false });
      expect(view.refunds).toEqual([expect.objectContaining({ id: r.id, status: 'succeeded' })]);
      expect(view.disputes).toEqual([
        expect.objectContaining({ status: 'won', outcome: 'won', closed: true, withdrawn: 0, reason: 'fraudulent' }),
      ]);
    });

    it('takes a full refund and a lost dispute of the same money once, and gives nothing back twice', async () => {
      const p = await paidGift(t, stub, 'roof', 6_000);
      await paidGift(t, stub, 'roof', 1_000, 'other@example.org');
      const out = balanceTransaction(-6_000);
      settle(refundOf(p, 6_000, 'succeeded'));
      await send('charge.dispute.funds_withdrawn', disputeOf(p, { id: 'dp_lost', status: 'needs_response', balance_transactions: [out] }));
      await send('charge.refunded', refundedCharge(p, 6_000));
      await send('charge.dispute.closed', disputeOf(p, { id: 'dp_lost', status: 'lost', balance_transactions: [out] }));
      expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 1_000, donations: 1, donors: 1 });
      const view = (await organiserView()).find((v) => v.amount === 6_000)!;
      expect(view).toMatchObject({ refunded: 6_000, disputed: 6_000, net: 0 });
      expect(view.disputes).toEqual([expect.objectContaining({ id: 'dp_lost', status: 'lost', outcome: 'lost', withdrawn: 6_000 })]);
      const csv = (await t.request('GET', '/api/appeals/roof/donations.csv')).text.trim().split(/\r?\n/);
      expect(csv[0]).toMatch(/"refunds","disputes",/);
      expect(csv.filter((line) => line.includes(',"succeeded 6000","lost 6000",'))).toHaveLength(1);
    });

    it('takes out what the balance transactions say, not the disputed amount', async () => {
      const p = await paidGift(t, stub, 'roof', 8_000);
      const out = balanceTransaction(-8_000);
      const partlyBack = balanceTransaction(3_000);
      await send('charge.dispute.closed', disputeOf(p, { id: 'dp_part', status: 'won', balance_transactions: [out, partlyBack] }));
      await send('charge.dispute.funds_withdrawn', disputeOf(p, { id: 'dp_part', status: 'needs_response', balance_transactions: [out] }));
      expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 3_000, donations: 1 });
    });

    it('moves no money for an inquiry and shows it closed', async () => {
      const p = await paidGift(t, stub, 'roof', 2_000);
      const inquiry = (status: string) => disputeOf(p, { id: 'dp_inq', status, balance_transactions: [] });
      expect(await send('charge.dispute.closed', inquiry('warning_closed'))).toBe('recorded');
      expect(await send('charge.dispute.created', inquiry('warning_needs_response'))).toBe('unchanged');
      expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2_000, donations: 1 });
      expect((await organiserView())[0].disputes).toEqual([
        expect.objectContaining({ status: 'warning_closed', inquiry: true, outcome: 'closed_without_chargeback', withdrawn: 0 }),
      ]);
    });
  });
});
