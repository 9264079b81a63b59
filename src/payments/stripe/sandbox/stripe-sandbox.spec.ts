import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { formatMinorAmount } from './money-format';
import { StripeSandbox } from './stripe-sandbox';

jest.setTimeout(20_000);

const SECRET = 'whsec_sandbox_spec_secret';
// Only used for constructEvent; verification is local and needs no API key to be valid.
const verifier = new Stripe('sk_test_verifier_only');

interface Received { event: Stripe.Event; raw: string; headers: IncomingMessage['headers']; at: number }

/** A webhook endpoint that verifies signatures exactly like the service must. */
class Receiver {
  readonly received: Received[] = [];
  rejected = 0;
  /** Decides the HTTP status per verified event; default 200. */
  respond: (event: Stripe.Event) => number = () => 200;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        try {
          const event = verifier.webhooks.constructEvent(raw, String(req.headers['stripe-signature']), SECRET);
          this.received.push({ event, raw, headers: req.headers, at: Date.now() });
          res.writeHead(this.respond(event)).end();
        } catch {
          this.rejected++;
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/stripe`;
  }

  types(): string[] {
    return this.received.map((r) => r.event.type);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

async function startPair(opts: { autoDeliver?: boolean } = {}) {
  const receiver = new Receiver();
  const webhookUrl = await receiver.start();
  const sandbox = new StripeSandbox({ webhookUrl, webhookSecret: SECRET, retryDelaysMs: [50, 100, 200], ...opts });
  const { port } = await sandbox.start();
  const stripe = new Stripe(sandbox.apiKey, { host: '127.0.0.1', port, protocol: 'http' });
  return { receiver, sandbox, stripe, port };
}

function sessionParams(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'payment',
    line_items: [{
      quantity: 1,
      price_data: { currency: 'gbp', unit_amount: 1250, product_data: { name: 'Donation: Roof Appeal' } },
    }],
    metadata: { appeal: 'roof-appeal', donation: 'don_1' },
    payment_intent_data: { metadata: { appeal: 'roof-appeal', donation: 'don_1' } },
    client_reference_id: 'don_1',
    customer_email: 'donor@example.org',
    success_url: 'http://localhost:3000/thanks?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://localhost:3000/appeals/roof-appeal',
    ...overrides,
  };
}

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
    const a = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'idem-1' });
    const b = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'idem-1' });
    expect(b.id).toBe(a.id);
    expect(a.id).toMatch(/^cs_test_[A-Za-z0-9]+$/);
    expect(a).toMatchObject({
      object: 'checkout.session', status: 'open', payment_status: 'unpaid', amount_total: 1250, currency: 'gbp',
      metadata: { appeal: 'roof-appeal', donation: 'don_1' }, client_reference_id: 'don_1',
      customer_email: 'donor@example.org', livemode: false, payment_intent: null,
      url: `http://127.0.0.1:${port}/pay/${a.id}`,
      presentment_details: { presentment_amount: 1250, presentment_currency: 'gbp' },
    });
    const other = sessionParams({ client_reference_id: 'don_2' });
    await expect(stripe.checkout.sessions.create(other, { idempotencyKey: 'idem-1' }))
      .rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    const bad = stripe.checkout.sessions.create(sessionParams({ success_url: undefined }));
    await expect(bad).rejects.toMatchObject({ type: 'StripeInvalidRequestError', param: 'success_url', statusCode: 400 });
    const retrieved = await stripe.checkout.sessions.retrieve(a.id);
    expect(retrieved.id).toBe(a.id);
  });

  it('serves a self-contained TEST MODE payment page', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams());
    const res = await fetch(s.url!);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('TEST MODE');
    expect(html).toContain('£12.50');
    expect(html).toContain('roof-appeal');
    expect(html).not.toMatch(/<script|<link|src=/);
    const declined = await postOutcome(s.url!, 'declined');
    expect(declined.status).toBe(200);
    expect(await declined.text()).toContain('declined');
    const paid = await postOutcome(s.url!, 'paid');
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`http://localhost:3000/thanks?session_id=${s.id}`);
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
    expect(receiver.types()).toEqual(expect.arrayContaining([
      'checkout.session.async_payment_succeeded', 'checkout.session.async_payment_failed',
    ]));
  });

  it('refunds partially then fully with a cumulative amount_refunded', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams());
    await sandbox.pay(s.id, 'paid');
    const [partial] = await sandbox.refund(s.id, 250);
    const charge1 = partial.data.object as Stripe.Charge;
    expect(partial.type).toBe('charge.refunded');
    expect(charge1).toMatchObject({ amount: 1250, amount_refunded: 250, refunded: false, currency: 'gbp' });
    expect(charge1.metadata).toEqual({ appeal: 'roof-appeal', donation: 'don_1' });
    expect(charge1).not.toHaveProperty('refunds');
    const pi = charge1.payment_intent as string;
    const [full] = await sandbox.refund(pi, 1000);
    const charge2 = full.data.object as Stripe.Charge;
    expect(charge2).toMatchObject({ id: charge1.id, amount_refunded: 1250, refunded: true });
    await expect(sandbox.refund(pi, 1)).rejects.toThrow(/greater than unrefunded/);
    const refunds = await stripe.refunds.list({ charge: charge1.id });
    expect(refunds.data.map((r) => r.amount).sort()).toEqual([1000, 250]);
    expect(refunds.data[0].id).toMatch(/^re_/);
  });

  it('emits dispute funds_withdrawn and funds_reinstated', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams());
    await sandbox.pay(s.id, 'paid');
    const [withdrawn] = await sandbox.dispute(s.id, 'funds_withdrawn');
    const [reinstated] = await sandbox.dispute(s.id, 'funds_reinstated');
    expect(withdrawn.type).toBe('charge.dispute.funds_withdrawn');
    expect(reinstated.type).toBe('charge.dispute.funds_reinstated');
    const d1 = withdrawn.data.object as Stripe.Dispute;
    const d2 = reinstated.data.object as Stripe.Dispute;
    expect(d1).toMatchObject({ amount: 1250, currency: 'gbp', status: 'needs_response' });
    expect(d1.id).toMatch(/^dp_/);
    expect(d1.charge).toMatch(/^ch_/);
    expect(d2).toMatchObject({ id: d1.id, status: 'won' });
    expect(d2.balance_transactions.map((t) => t.amount)).toEqual([-1250, 1250]);
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

  it('drives the session over the HTTP test controls', async () => {
    const s = await stripe.checkout.sessions.create(sessionParams());
    const res = await fetch(`http://127.0.0.1:${port}/sandbox/sessions/${s.id}/pay`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'paid' }),
    });
    const body = (await res.json()) as { events: Stripe.Event[] };
    expect(res.status).toBe(200);
    expect(body.events[0].type).toBe('checkout.session.completed');
    const listed = (await (await fetch(`http://127.0.0.1:${port}/sandbox/events`)).json()) as { data: Stripe.Event[] };
    expect(listed.data.at(-1)!.id).toBe(body.events[0].id);
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
    await expect(stripe.checkout.sessions.create(noAmount))
      .rejects.toMatchObject({ param: 'line_items[0][price_data][unit_amount]' });
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

function postOutcome(url: string, outcome: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `outcome=${outcome}`,
    redirect: 'manual',
  });
}
