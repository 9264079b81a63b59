import Stripe from 'stripe';
import { delivered, Receiver, sessionParams, startPair } from './spec-helpers';
import type { StripeSandbox } from './stripe-sandbox';

jest.setTimeout(20_000);

const types = (events: Stripe.Event[]) => events.map((e) => e.type);

describe('StripeSandbox refund and dispute lifecycles, read back through the real SDK', () => {
  let receiver: Receiver;
  let sandbox: StripeSandbox;
  let stripe: Stripe;
  beforeAll(async () => ({ receiver, sandbox, stripe } = await startPair()));
  afterAll(async () => {
    await sandbox.stop();
    await receiver.stop();
  });

  async function paidCharge(): Promise<{ sessionId: string; charge: Stripe.Charge }> {
    const s = await stripe.checkout.sessions.create(sessionParams());
    await sandbox.pay(s.id, 'paid');
    const intent = await stripe.paymentIntents.retrieve((await stripe.checkout.sessions.retrieve(s.id)).payment_intent as string);
    return { sessionId: s.id, charge: await stripe.charges.retrieve(intent.latest_charge as string) };
  }

  it('fails a succeeded refund: refund.updated, refund.failed, charge.refund.updated; the charge is no longer refunded', async () => {
    const { sessionId, charge } = await paidCharge();
    const [created] = await sandbox.refund(sessionId, 1250);
    const refundId = (created.data.object as Stripe.Refund).id;
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 1250, refunded: true });
    const failed = await delivered(sandbox, receiver, await sandbox.failRefund(refundId));
    expect(types(failed)).toEqual(['refund.updated', 'refund.failed', 'charge.refund.updated']);
    expect(failed[0].data).toMatchObject({ object: { id: refundId, status: 'failed' }, previous_attributes: { status: 'succeeded' } });
    // The reads the service makes to settle event order answer the current objects.
    expect(await stripe.refunds.retrieve(refundId)).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card' });
    expect((await stripe.refunds.retrieve(refundId)).failure_balance_transaction).toMatch(/^txn_/);
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 0, refunded: false });
    await expect(sandbox.failRefund(refundId)).rejects.toThrow(/only succeeded or pending/);
    await expect(sandbox.failRefund('re_unknown')).rejects.toMatchObject({ status: 404 });
  });

  it('cancels a pending refund (refund.updated, charge.refund.updated) and refuses to cancel a succeeded one', async () => {
    const { sessionId, charge } = await paidCharge();
    const [pendingCreated] = await sandbox.refund(sessionId, 500, { pending: true });
    const pending = pendingCreated.data.object as Stripe.Refund;
    expect(pending).toMatchObject({ status: 'pending', pending_reason: 'processing' });
    const cancelled = await stripe.refunds.cancel(pending.id);
    expect(cancelled).toMatchObject({ id: pending.id, status: 'canceled' });
    expect(types(sandbox.events.slice(-2))).toEqual(['refund.updated', 'charge.refund.updated']);
    expect(sandbox.events.at(-1)!.request?.id).toMatch(/^req_/);
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 0 });
    const made = await stripe.refunds.create({ charge: charge.id, amount: 300 });
    expect(made).toMatchObject({ status: 'succeeded', amount: 300, charge: charge.id });
    await expect(stripe.refunds.cancel(made.id)).rejects.toMatchObject({ statusCode: 400, param: 'refund' });
    // Lists newest first and pages with starting_after, as the SDK's auto-pagination expects.
    const listed = await stripe.refunds.list({ charge: charge.id, limit: 1 });
    expect(listed).toMatchObject({ has_more: true, data: [{ id: made.id }] });
    const all: string[] = [];
    for await (const r of stripe.refunds.list({ charge: charge.id, limit: 1 })) all.push(r.id);
    expect(all).toEqual([made.id, pending.id]);
  });

  it('loses a chargeback after evidence: updated to under_review, closed with status lost, the money stays withdrawn', async () => {
    const { sessionId, charge } = await paidCharge();
    const [created] = await sandbox.dispute(sessionId, 'open');
    const updated = await sandbox.dispute(sessionId, 'submit_evidence');
    expect(types(updated)).toEqual(['charge.dispute.updated']);
    expect(updated[0].data).toMatchObject({
      object: { status: 'under_review', evidence_details: { has_evidence: true, submission_count: 1 } },
      previous_attributes: { status: 'needs_response', evidence_details: { has_evidence: false } },
    });
    await expect(sandbox.dispute(sessionId, 'submit_evidence')).rejects.toMatchObject({ status: 400, body: { param: 'stage' } });
    const lost = await delivered(sandbox, receiver, await sandbox.dispute(charge.id, 'lost'));
    expect(types(lost)).toEqual(['charge.dispute.closed']);
    expect(lost[0].data.previous_attributes).toEqual({ status: 'under_review' });
    const dispute = await stripe.disputes.retrieve((created.data.object as Stripe.Dispute).id);
    expect(dispute).toMatchObject({ status: 'lost', amount: 1250, charge: charge.id });
    expect(dispute.balance_transactions.map((t) => t.amount)).toEqual([-1250]);
    await expect(sandbox.refund(sessionId, 100)).rejects.toThrow(/charged back/);
    await expect(sandbox.dispute(sessionId, 'won')).rejects.toThrow(/has no open chargeback: its dispute is lost/);
  });

  it('runs an inquiry from warning_needs_response to warning_closed without moving money', async () => {
    const { sessionId, charge } = await paidCharge();
    const opened = await delivered(sandbox, receiver, await sandbox.dispute(sessionId, 'inquiry'));
    expect(types(opened)).toEqual(['charge.dispute.created']);
    expect(opened[0].data.object).toMatchObject({ status: 'warning_needs_response', balance_transactions: [], is_charge_refundable: true });
    // An inquiry leaves the charge refundable.
    await sandbox.refund(sessionId, 250);
    const closed = await sandbox.dispute(sessionId, 'close_inquiry');
    expect(types(closed)).toEqual(['charge.dispute.closed']);
    expect(closed[0].data).toMatchObject({
      object: { status: 'warning_closed', balance_transactions: [] },
      previous_attributes: { status: 'warning_needs_response' },
    });
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({ disputed: true, amount_refunded: 250 });
    await expect(sandbox.dispute(sessionId, 'open')).rejects.toThrow(/already been disputed/);
  });

  it('expires an open session once (checkout.session.expired) and answers 400 naming the param for bad steps', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams());
    const expired = await delivered(sandbox, receiver, await sandbox.expire(s.id));
    expect(types(expired)).toEqual(['checkout.session.expired']);
    expect(await stripe.checkout.sessions.retrieve(s.id)).toMatchObject({ status: 'expired', url: null });
    await expect(sandbox.expire(s.id)).rejects.toMatchObject({ status: 400, body: { param: 'session' } });
    await expect(sandbox.dispute(s.id, 'sideways' as never)).rejects.toMatchObject({ status: 400, body: { param: 'stage' } });
    await expect(stripe.disputes.retrieve('dp_nope')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});
