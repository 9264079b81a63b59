import { ReconcileService } from '../../src/payments/stripe/reconcile.service';
import { StripeGateway } from '../../src/payments/stripe/stripe-gateway';
import { METRICS_TOKEN, startTestApp, TestApp } from '../support/app';
import { charge, deliver, event, session, WEBHOOK_SECRET } from '../support/stripe-events';
import { createAppeal, startCheckout } from '../support/appeals';
import { expectLedgerConsistent } from '../support/ledger';
import { page, Signed, signIn, textOf } from '../support/pages';
import { waitFor } from '../support/wait';

describe('payments health panel', () => {
  let t: TestApp;
  let s: Signed;
  let gateway: StripeGateway;
  // The panel shows one service's state (its last webhook, its failures, its sandbox), so each
  // test gets a service and database of its own and can run alone or in any order.
  beforeEach(async () => {
    t = await startTestApp({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
    gateway = t.app.get(StripeGateway);
    s = await signIn(t);
    await createAppeal(t, 'roof');
  });
  afterEach(async () => {
    try {
      await expectLedgerConsistent(t.ds);
    } finally {
      await t.close();
    }
  });

  /** One line of the panel on /organiser, as text. */
  const panel = async (key: string) => {
    const html = (await page(t, 'GET', '/organiser', { cookie: s.cookie })).text;
    return textOf(html.replace(`data-health="${key}"`, `id="health-${key}"`), `health-${key}`);
  };

  it('says which mode payments run in and that no webhook has arrived yet', async () => {
    expect(await panel('mode')).toContain('Sandbox test mode, offline');
    expect(await panel('last-webhook')).toBe('None received yet.');
    expect(await panel('redelivery')).toContain('None');
    expect(await panel('reconcile')).toContain('Not run yet');
  });

  it('shows the last webhook received and its type', async () => {
    const c = await startCheckout(t, 'roof', 2500);
    await gateway.sandbox!.pay(c.sessionId, 'paid');
    await gateway.sandbox!.waitForDeliveries();
    expect(await panel('last-webhook')).toMatch(/^checkout\.session\.completed received .* UTC \((just now|1 minute ago)\), counted$/);
  });

  it('lists events answered with an error until they are applied', async () => {
    // A refund for a charge the ledger does not know yet: 503, so Stripe will redeliver it.
    const refund = event('charge.refunded', charge({ amount_refunded: 500, metadata: { appeal: 'roof' } }));
    const first = await deliver(t.url, refund);
    expect(first.status).toBe(503);
    await deliver(t.url, refund);
    // The failure is recorded after the response is sent: wait for the second attempt to land.
    const shown = await waitFor(
      async () => {
        const text = await panel('redelivery');
        return text.includes('2 attempts') && text;
      },
      5000,
      'the second attempt on the panel',
    );
    expect(shown).toContain('1 event answered with an error');
    expect(shown).toContain(`${refund.id} charge.refunded: answered 503 (retry later), 2 attempts`);
    await t.ds.query(
      `INSERT INTO stripe_events (id, type, created, outcome, via) VALUES ($1, 'charge.refunded', now(), 'refunded', 'webhook')`,
      [refund.id],
    );
    expect(await panel('redelivery')).toContain('None');
  });

  it('lists payments held for review', async () => {
    await deliver(t.url, event('checkout.session.completed', session({ amount_total: 1500, metadata: { appeal: 'no-such-appeal' } })));
    const shown = await panel('review');
    expect(shown).toContain('1 payment received but not counted');
    expect(shown).toContain('$15.00 for no-such-appeal');
  });

  it('counts events in another Stripe API version and shows the last one', async () => {
    expect(await panel('api-version')).toBe('Pinned to 2026-10-28.endive. Every event received so far was in this version.');
    const older = event('checkout.session.completed', session({ metadata: { appeal: 'roof' } }), { api_version: '2025-03-31.basil' });
    expect((await deliver(t.url, older)).status).toBe(200);
    const shown = await panel('api-version');
    expect(shown).toMatch(
      new RegExp(
        `^Pinned to 2026-10-28\\.endive\\. Last event in another version: 2025-03-31\\.basil \\(${older.id}, received .* UTC \\(just now\\)\\)\\.`,
      ),
    );
    // An event in the pinned version afterwards does not hide it.
    expect((await deliver(t.url, event('checkout.session.completed', session({ metadata: { appeal: 'roof' } })))).status).toBe(200);
    expect(await panel('api-version')).toContain(older.id);
    const metrics = (await t.request('GET', '/metrics', { token: METRICS_TOKEN })).text;
    expect(metrics).toMatch(/^stripe_events_other_api_version_total\{version="2025-03-31\.basil"\} 1$/m);
    expect(metrics).not.toContain('stripe_events_other_api_version_total{version="2026-10-28.endive"}');
  });

  it('shows the last reconciliation and what it applied', async () => {
    const c = await startCheckout(t, 'roof', 4000);
    gateway.sandbox!.autoDeliver = false; // the webhook is "missed"
    await gateway.sandbox!.pay(c.sessionId, 'paid');
    gateway.sandbox!.autoDeliver = true;
    await t.app.get(ReconcileService).run();
    const shown = await panel('reconcile');
    expect(shown).toMatch(/^Finished .* UTC \(just now\): found \d+ events?, applied 1;/);
    expect(shown).toContain('checkout.session.completed: 1');
  });
});
