import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import Stripe from 'stripe';
import { formatMinorAmount } from './money-format';
import {
  BALANCE_TRANSACTION_KEYS,
  CHARGE_KEYS,
  DISPUTE_KEYS,
  EVENT_KEYS,
  PAYMENT_INTENT_KEYS,
  REFUND_KEYS,
  SESSION_KEYS,
  missingKeys,
} from './required-keys';
import { Receiver, sessionParams, startPair } from './spec-helpers';
import type { StripeSandbox } from './stripe-sandbox';

jest.setTimeout(20_000);

describe('StripeSandbox driven by the real Stripe SDK', () => {
  let receiver: Receiver;
  let sandbox: StripeSandbox;
  let stripe: Stripe;
  let port: number;

  beforeAll(async () => ({ receiver, sandbox, stripe, port } = await startPair()));
  afterAll(async () => {
    await sandbox.stop();
    await receiver.stop();
  });

  it('creates sessions idempotently and validates like Stripe', async () => {
    const params = sessionParams({ submit_type: 'donate' });
    const a = await stripe.checkout.sessions.create(params, { idempotencyKey: 'idem-1' });
    const b = await stripe.checkout.sessions.create(params, { idempotencyKey: 'idem-1' });
    expect(b.id).toBe(a.id);
    expect(a.id).toMatch(/^cs_test_[A-Za-z0-9]+$/);
    expect(a).toMatchObject({
      object: 'checkout.session',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 1250,
      currency: 'gbp',
      metadata: { appeal: 'roof-appeal', donation: 'don_1' },
      client_reference_id: 'don_1',
      customer_email: 'donor@example.org',
      livemode: false,
      payment_intent: null,
      url: `http://127.0.0.1:${port}/sandbox/pay/${a.id}`,
      presentment_details: { presentment_amount: 1250, presentment_currency: 'gbp' },
      // Fields the pinned API version defines, with the values a hosted donation session has.
      ui_mode: 'hosted_page',
      submit_type: 'donate',
      allowed_payment_method_types: null,
      payment_method_types: ['card', 'bacs_debit'],
    });
    const other = sessionParams({ submit_type: 'donate', client_reference_id: 'don_2' });
    await expect(stripe.checkout.sessions.create(other, { idempotencyKey: 'idem-1' })).rejects.toBeInstanceOf(
      Stripe.errors.StripeIdempotencyError,
    );
    const bad = stripe.checkout.sessions.create(sessionParams({ success_url: undefined }));
    await expect(bad).rejects.toMatchObject({ type: 'StripeInvalidRequestError', param: 'success_url', statusCode: 400 });
    const retrieved = await stripe.checkout.sessions.retrieve(a.id);
    expect(retrieved.id).toBe(a.id);
  });

  it('pay -> a verified, pretty-printed checkout.session.completed carrying the metadata', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams());
    const [event] = await sandbox.pay(s.id, 'paid');
    await sandbox.waitForDeliveries();
    const got = receiver.received.find((r) => r.event.id === event.id)!;
    expect(got.event.type).toBe('checkout.session.completed');
    expect(got.event).toMatchObject({ object: 'event', api_version: '2026-10-28.endive', livemode: false });
    const session = got.event.data.object as Stripe.Checkout.Session;
    expect(session).toMatchObject({ id: s.id, status: 'complete', payment_status: 'paid', metadata: { appeal: 'roof-appeal' } });
    expect(session.payment_intent).toMatch(/^pi_/);
    expect(got.raw).toBe(JSON.stringify(got.event, null, 2));
    expect(got.headers['user-agent']).toBe('Stripe/1.0 (+https://stripe.com/docs/webhooks)');
    expect(got.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(receiver.rejected).toBe(0);
    const pi = await stripe.paymentIntents.retrieve(session.payment_intent as string);
    expect(pi).toMatchObject({ status: 'succeeded', amount_received: 1250 });
  });

  it('delayed payment completes unpaid, then settles via async_payment_succeeded', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams());
    const [completed] = await sandbox.pay(s.id, 'delayed');
    expect(completed.data.object).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    const [settled] = await sandbox.settleDelayed(s.id, 'succeeded');
    expect(settled.type).toBe('checkout.session.async_payment_succeeded');
    expect(settled.data.object).toMatchObject({ payment_status: 'paid' });
    const failing = await stripe.checkout.sessions.create(sessionParams());
    await sandbox.pay(failing.id, 'delayed');
    const [failed] = await sandbox.settleDelayed(failing.id, 'failed');
    expect(failed.type).toBe('checkout.session.async_payment_failed');
    await sandbox.waitForDeliveries();
    expect(receiver.types()).toEqual(
      expect.arrayContaining(['checkout.session.async_payment_succeeded', 'checkout.session.async_payment_failed']),
    );
  });

  it('refunds partially then fully with a cumulative amount_refunded, sending refund.created, charge.refunded, charge.refund.updated', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams());
    await sandbox.pay(s.id, 'paid');
    const first = await sandbox.refund(s.id, 250);
    expect(first.map((e) => e.type)).toEqual(['refund.created', 'charge.refunded', 'charge.refund.updated']);
    const charge1 = first[1].data.object as Stripe.Charge;
    expect(charge1).toMatchObject({ amount: 1250, amount_refunded: 250, refunded: false, currency: 'gbp' });
    expect(first[1].data.previous_attributes).toEqual({ amount_refunded: 0 });
    expect(charge1.metadata).toEqual({ appeal: 'roof-appeal', donation: 'don_1' });
    expect(charge1).not.toHaveProperty('refunds');
    expect(first[0].data.object).toMatchObject({ object: 'refund', amount: 250, charge: charge1.id, status: 'succeeded' });
    const pi = charge1.payment_intent as string;
    const second = await sandbox.refund(pi, 1000);
    expect(second[1].data.object).toMatchObject({ id: charge1.id, amount_refunded: 1250, refunded: true });
    expect(second[1].data.previous_attributes).toEqual({ amount_refunded: 250, refunded: false });
    await expect(sandbox.refund(pi, 1)).rejects.toThrow(/already been refunded/);
    const refunds = await stripe.refunds.list({ charge: charge1.id });
    expect(refunds.data.map((r) => r.amount)).toEqual([1000, 250]); // newest first
    expect(refunds.data[0].id).toMatch(/^re_/);
  });

  it('opens a chargeback (created, funds_withdrawn) and wins it (funds_reinstated, closed)', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams());
    await sandbox.pay(s.id, 'paid');
    const opened = await sandbox.dispute(s.id, 'funds_withdrawn');
    const won = await sandbox.dispute(s.id, 'funds_reinstated');
    expect(opened.map((e) => e.type)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn']);
    expect(won.map((e) => e.type)).toEqual(['charge.dispute.funds_reinstated', 'charge.dispute.closed']);
    const d1 = opened[1].data.object as Stripe.Dispute;
    expect(d1).toMatchObject({ amount: 1250, currency: 'gbp', status: 'needs_response', is_charge_refundable: false });
    expect(d1.payment_method_details).toMatchObject({ type: 'card', card: { case_type: 'chargeback' } });
    expect(d1.id).toMatch(/^dp_/);
    expect(d1.charge).toMatch(/^ch_/);
    const closed = won[1].data.object as Stripe.Dispute;
    expect(closed).toMatchObject({ id: d1.id, status: 'won' });
    expect(closed.balance_transactions.map((t) => [t.amount, t.reporting_category])).toEqual([
      [-1250, 'dispute'],
      [1250, 'dispute_reversal'],
    ]);
    expect(won[1].data.previous_attributes).toEqual({ status: 'needs_response' });
  });

  it('expires through the SDK and lists events newest first with filters', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams());
    const expired = await stripe.checkout.sessions.expire(s.id);
    expect(expired).toMatchObject({ status: 'expired', url: null });
    const expiredEvent = sandbox.events.at(-1)!;
    expect(expiredEvent.type).toBe('checkout.session.expired');
    expect(expiredEvent.request?.id).toMatch(/^req_/);

    const all = await stripe.events.list({ limit: 100 });
    expect(all.data.map((e) => e.id)).toEqual([...sandbox.events].reverse().map((e) => e.id));
    const refunds = await stripe.events.list({ types: ['charge.refunded', 'charge.dispute.funds_withdrawn'], limit: 100 });
    expect(refunds.data.map((e) => e.type).sort()).toEqual(['charge.dispute.funds_withdrawn', 'charge.refunded', 'charge.refunded']);
    // ending_before pages towards newer events: the 2 events created just after the oldest one.
    const oldest = sandbox.events[0];
    const page = await stripe.events.list({ ending_before: oldest.id, limit: 2 });
    expect(page.data.map((e) => e.id)).toEqual([sandbox.events[2].id, sandbox.events[1].id]);
    expect(page.has_more).toBe(true);
    expect((await stripe.events.retrieve(oldest.id)).id).toBe(oldest.id);
    const future = await stripe.events.list({ created: { gt: Math.floor(Date.now() / 1000) + 60 } });
    expect(future.data).toEqual([]);
  });

  it('drives the session over the HTTP test controls, only with the API key', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams());
    const control = (path: string, init: RequestInit = {}, key: string | null = sandbox.apiKey) =>
      fetch(`http://127.0.0.1:${port}${path}`, {
        ...init,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json' },
      });
    // Without the key neither the actions nor the events (donors' e-mail addresses) are served.
    expect((await control(`/sandbox/sessions/${s.id}/pay`, { method: 'POST', body: '{"outcome":"paid"}' }, null)).status).toBe(401);
    expect((await control('/sandbox/events', {}, null)).status).toBe(401);
    expect((await control('/sandbox/events', {}, 'sk_test_guessed_0000000000')).status).toBe(401);
    expect(sandbox.ledger.session(s.id).status).toBe('open');
    const res = await control(`/sandbox/sessions/${s.id}/pay`, { method: 'POST', body: JSON.stringify({ outcome: 'paid' }) });
    const body = (await res.json()) as { events: Stripe.Event[] };
    expect(res.status).toBe(200);
    expect(body.events[0].type).toBe('checkout.session.completed');
    const listed = (await (await control('/sandbox/events')).json()) as { data: Stripe.Event[] };
    expect(listed.data.at(-1)!.id).toBe(body.events[0].id);
    const refund = await control(`/sandbox/sessions/${s.id}/refund`, { method: 'POST', body: JSON.stringify({ amount: 'lots' }) });
    expect(refund.status).toBe(400);
    expect(await refund.json()).toMatchObject({ error: { param: 'amount' } });
  });

  it('answers 500 for the failure knobs, even through the SDK retries', async () => {
    sandbox.failNextCreate = true;
    await expect(stripe.checkout.sessions.create(sessionParams())).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    const noRetry = new Stripe(sandbox.apiKey, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
    const knob = sessionParams({ metadata: { sandbox_fail: '1' } });
    await expect(noRetry.checkout.sessions.create(knob)).rejects.toMatchObject({ statusCode: 500, type: 'StripeAPIError' });
    await expect(noRetry.checkout.sessions.create(sessionParams())).resolves.toMatchObject({ status: 'open' });
  });

  it('rejects unknown parameters and line items without price_data, naming the param', async () => {
    const typo = { ...sessionParams(), metdata: { appeal: 'x' } } as Stripe.Checkout.SessionCreateParams;
    await expect(stripe.checkout.sessions.create(typo)).rejects.toMatchObject({ param: 'metdata', statusCode: 400 });
    const noAmount = sessionParams({ line_items: [{ quantity: 1, price_data: { currency: 'gbp', product_data: { name: 'x' } } }] });
    await expect(stripe.checkout.sessions.create(noAmount)).rejects.toMatchObject({ param: 'line_items[0][price_data][unit_amount]' });
  });

  it('formats amounts with Stripe currency exponents', () => {
    expect(formatMinorAmount(1050, 'gbp')).toBe('£10.50');
    expect(formatMinorAmount(5000, 'jpy')).toBe('JP¥5,000');
    expect(formatMinorAmount(1234, 'bhd')).toMatch(/^BHD\s1\.234$/); // ICU puts a no-break space here
  });

  it('rejects a wrong API key with StripeAuthenticationError', async () => {
    const wrong = new Stripe('sk_test_wrong_key_123456', { host: '127.0.0.1', port, protocol: 'http' });
    await expect(wrong.events.list()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });
});

describe('StripeSandbox webhook delivery', () => {
  it('redelivers the same event id after a 500, signed at each attempt', async () => {
    const { receiver, sandbox, stripe } = await startPair();
    let calls = 0;
    receiver.respond = () => (++calls === 1 ? 500 : 200);
    const s = await stripe.checkout.sessions.create(sessionParams());
    const [event] = await sandbox.pay(s.id, 'paid');
    await sandbox.waitForDeliveries();
    expect(receiver.received.map((r) => r.event.id)).toEqual([event.id, event.id]);
    // Each attempt is signed when sent (t= is the attempt's own time), so late retries still verify.
    for (const r of receiver.received) {
      const t = Number(/t=(\d+)/.exec(String(r.headers['stripe-signature']))?.[1]);
      expect(Math.abs(t - r.at / 1000)).toBeLessThanOrEqual(1);
    }
    expect(sandbox.deliveries.map((d) => d.status)).toEqual([500, 200]);
    await sandbox.stop();
    await receiver.stop();
  });

  it('with autoDeliver:false stores events without POSTing; deliver() sends one on demand', async () => {
    const { receiver, sandbox, stripe } = await startPair({ autoDeliver: false });
    const s = await stripe.checkout.sessions.create(sessionParams());
    const [event] = await sandbox.pay(s.id, 'paid');
    await sandbox.waitForDeliveries();
    expect(receiver.received).toHaveLength(0);
    const listed = await stripe.events.list({ type: 'checkout.session.completed' });
    expect(listed.data.map((e) => e.id)).toEqual([event.id]);
    expect(await sandbox.deliver(event.id)).toBe(200);
    expect(receiver.received.map((r) => r.event.id)).toEqual([event.id]);
    await sandbox.stop();
    await receiver.stop();
  });
});

const KEYS_BY_OBJECT: Record<string, Record<string, true>> = {
  'checkout.session': SESSION_KEYS,
  payment_intent: PAYMENT_INTENT_KEYS,
  charge: CHARGE_KEYS,
  refund: REFUND_KEYS,
  dispute: DISPUTE_KEYS,
};

/** Every key the SDK's type marks required, on the object as a consumer decodes it. */
function expectComplete(object: { object: string; balance_transactions?: unknown[] }): void {
  const keys = KEYS_BY_OBJECT[object.object];
  expect(keys).toBeDefined();
  expect({ object: object.object, missing: missingKeys(object, keys) }).toEqual({ object: object.object, missing: [] });
  for (const txn of object.balance_transactions ?? []) expect(missingKeys(txn, BALANCE_TRANSACTION_KEYS)).toEqual([]);
}

describe('StripeSandbox objects match the SDK types of the pinned API version', () => {
  it('serves and sends sessions, payments, refunds, disputes and events with every required key and no contradictions', async () => {
    const { receiver, sandbox, stripe } = await startPair();
    try {
      const card = await stripe.checkout.sessions.create(sessionParams({ submit_type: 'donate' }));
      await sandbox.pay(card.id, 'paid');
      const [, charged] = await sandbox.refund(card.id, 100, { pending: true });
      const refundId = (await stripe.refunds.list({ charge: (charged.data.object as Stripe.Charge).id })).data[0].id;
      await sandbox.failRefund(refundId);
      await sandbox.dispute(card.id, 'open');
      const bank = await stripe.checkout.sessions.create(sessionParams());
      await sandbox.pay(bank.id, 'delayed');
      await sandbox.settleDelayed(bank.id, 'succeeded');
      await sandbox.dispute(bank.id, 'inquiry');
      const lapsed = await stripe.checkout.sessions.create(sessionParams());
      await sandbox.expire(lapsed.id);
      await sandbox.waitForDeliveries();

      // What webhooks carried, decoded from the signed bytes.
      expect(receiver.received.length).toBe(sandbox.events.length);
      for (const { event } of receiver.received) {
        expect(missingKeys(event, EVENT_KEYS)).toEqual([]);
        expectComplete(event.data.object as { object: string });
      }
      // What the API serves now, through the real SDK.
      const paid = await stripe.checkout.sessions.retrieve(card.id);
      const intent = await stripe.paymentIntents.retrieve(paid.payment_intent as string);
      const charge = await stripe.charges.retrieve(intent.latest_charge as string);
      const refund = await stripe.refunds.retrieve(refundId);
      const bankIntent = await stripe.paymentIntents.retrieve((await stripe.checkout.sessions.retrieve(bank.id)).payment_intent as string);
      const bankCharge = await stripe.charges.retrieve(bankIntent.latest_charge as string);
      const disputes = [...sandbox.ledger.disputes.list()];
      const served = [
        paid,
        intent,
        charge,
        refund,
        bankIntent,
        bankCharge,
        ...(await Promise.all(disputes.map((d) => stripe.disputes.retrieve(d.id)))),
      ];
      for (const o of served) expectComplete(o as { object: string });

      expect(paid).toMatchObject({ ui_mode: 'hosted_page', submit_type: 'donate', allowed_payment_method_types: null });
      // No Connect placeholders: the gift stays on the platform account.
      expect(charge).toMatchObject({
        transfer_data: null,
        application: null,
        application_fee: null,
        on_behalf_of: null,
        transfer_group: null,
        source: null,
      });
      expect(intent).toMatchObject({ transfer_data: null, application: null, payment_record: null, allowed_payment_method_types: null });
      // Methods: the session and PaymentIntent list what was offered; each charge records what was used.
      expect(paid.payment_method_types).toEqual(['card', 'bacs_debit']);
      expect(intent.payment_method_types).toEqual(paid.payment_method_types);
      expect(charge.payment_method_details?.type).toBe('card');
      expect(bankCharge.payment_method_details).toMatchObject({ type: 'bacs_debit', bacs_debit: { last4: '2345' } });
      // A chargeback took the money; an inquiry moved none and says so consistently.
      const chargeback = disputes.find((d) => d.charge === charge.id)!;
      expect(chargeback).toMatchObject({
        status: 'needs_response',
        is_charge_refundable: false,
        payment_method_details: { card: { case_type: 'chargeback' } },
      });
      expect(chargeback.balance_transactions.map((t) => t.amount)).toEqual([-1250]);
      const inquiry = disputes.find((d) => d.charge === bankCharge.id)!;
      expect(inquiry).toMatchObject({ status: 'warning_needs_response', is_charge_refundable: true, balance_transactions: [] });
      expect(inquiry).not.toHaveProperty('payment_method_details.card');
      expect(refund).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card' });
      expect(charge).toMatchObject({ amount_refunded: 0, refunded: false, disputed: true });
    } finally {
      await sandbox.stop();
      await receiver.stop();
    }
  });
});

describe('StripeSandbox listens on the loopback interface only', () => {
  it('cannot be reached on any other address of this machine', async () => {
    const { receiver, sandbox, port } = await startPair();
    try {
      const others = Object.values(networkInterfaces())
        .flat()
        .filter((i) => i && !i.internal && i.family === 'IPv4')
        .map((i) => i!.address);
      expect(others.length).toBeGreaterThan(0); // without one this test could not fail
      for (const address of others) {
        const outcome = await new Promise<string>((resolve) => {
          const socket = connect({ host: address, port }, () => {
            socket.destroy();
            resolve('connected');
          });
          socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
        });
        expect({ address, outcome }).toEqual({ address, outcome: 'ECONNREFUSED' });
      }
    } finally {
      await sandbox.stop();
      await receiver.stop();
    }
  });
});
