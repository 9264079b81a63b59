import type Stripe from 'stripe';
import { startTestApp, TestApp } from './app';
import { charge, deliver, event, session, WEBHOOK_SECRET } from './stripe-events';
import { StripeApiStub } from './stripe-api-stub';
import { createAppeal } from './appeals';
import { expectLedgerConsistent, resetLedger } from './ledger';

/** The app with a real Stripe key, its SDK pointed at a stand-in Stripe API the test controls. */
export async function startWithStripeStub(env: Record<string, string> = {}): Promise<{ t: TestApp; stub: StripeApiStub }> {
  const stub = new StripeApiStub();
  const url = await stub.start();
  const t = await startTestApp({
    STRIPE_SECRET_KEY: 'sk_test_ledgerlifecycle',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_URL: url,
    ...env,
  });
  return { t, stub };
}

/**
 * The usual life of a spec against the stubbed app: start it once, and before each test a fresh
 * stub, an empty ledger and the appeal `slug`; after each test the ledger must still add up.
 * `use` receives the running app and stub (assign them to the spec's own variables).
 */
export function stubbedLedgerSpec(use: (app: { t: TestApp; stub: StripeApiStub }) => void, slug = 'roof'): void {
  let app: { t: TestApp; stub: StripeApiStub };
  beforeAll(async () => {
    app = await startWithStripeStub();
    use(app);
  });
  afterAll(async () => {
    await app.t.close();
    await app.stub.stop();
  });
  beforeEach(async () => {
    app.stub.reset();
    await resetLedger(app.t.ds);
    await createAppeal(app.t, slug);
  });
  afterEach(async () => {
    await expectLedgerConsistent(app.t.ds);
  });
}

export interface Payment {
  paymentIntent: string;
  charge: Stripe.Charge;
  amount: number;
}

/** A paid Payment Link session for an appeal, delivered (counted) through the webhook. */
export async function paidGift(
  t: TestApp,
  stub: StripeApiStub,
  slug: string,
  amount: number,
  email = 'donor@example.org',
): Promise<Payment> {
  const s = session({
    amount_total: amount,
    metadata: { appeal: slug },
    client_reference_id: null,
    // A billing country, so counting it asks Stripe for nothing (no card country to read).
    customer_details: {
      email,
      name: null,
      address: { city: null, country: 'US', line1: null, line2: null, postal_code: null, state: null },
    },
  });
  const res = await deliver(t.url, event('checkout.session.completed', s));
  if (res.status !== 200) throw new Error(`payment not counted: ${res.status} ${res.text}`);
  const ch = charge({ amount, amount_captured: amount, payment_intent: s.payment_intent, metadata: { appeal: slug } });
  stub.charges.set(ch.id, ch);
  return { paymentIntent: s.payment_intent as string, charge: ch, amount };
}
