import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { StripeSandbox } from './stripe-sandbox';

// Shared by the sandbox's specs (not a spec itself).

export const SECRET = 'whsec_sandbox_spec_secret';
// Only used for constructEvent; verification is local and needs no API key to be valid.
const verifier = new Stripe('sk_test_verifier_only');

export interface Received {
  event: Stripe.Event;
  raw: string;
  headers: IncomingMessage['headers'];
  at: number;
}

/** A webhook endpoint that verifies signatures exactly like the service must. */
export class Receiver {
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

export async function startPair(opts: { autoDeliver?: boolean } = {}) {
  const receiver = new Receiver();
  const webhookUrl = await receiver.start();
  const sandbox = new StripeSandbox({ webhookUrl, webhookSecret: SECRET, retryDelaysMs: [50, 100, 200], ...opts });
  const { port } = await sandbox.start();
  const stripe = new Stripe(sandbox.apiKey, { host: '127.0.0.1', port, protocol: 'http' });
  return { receiver, sandbox, stripe, port };
}

export function sessionParams(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'payment',
    line_items: [
      {
        quantity: 1,
        price_data: { currency: 'gbp', unit_amount: 1250, product_data: { name: 'Donation: Roof Appeal' } },
      },
    ],
    metadata: { appeal: 'roof-appeal', donation: 'don_1' },
    payment_intent_data: { metadata: { appeal: 'roof-appeal', donation: 'don_1' } },
    client_reference_id: 'don_1',
    customer_email: 'donor@example.org',
    success_url: 'http://localhost:3000/thanks?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://localhost:3000/appeals/roof-appeal',
    ...overrides,
  };
}

/** Everything the sandbox sent, newest last, verified by the receiver. */
export async function delivered(sandbox: StripeSandbox, receiver: Receiver, events: Stripe.Event[]): Promise<Stripe.Event[]> {
  await sandbox.waitForDeliveries();
  const ids = new Set(events.map((e) => e.id));
  return receiver.received.filter((r) => ids.has(r.event.id)).map((r) => r.event);
}
