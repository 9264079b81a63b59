import { ReconcileService } from '../../src/payments/stripe/reconcile.service';
import { StripeGateway } from '../../src/payments/stripe/stripe-gateway';
import { startTestApp, TestApp } from '../support/app';
import { WEBHOOK_SECRET } from '../support/stripe-events';
import { createAppeal, startCheckout } from '../support/appeals';
import { expectLedgerConsistent, totalsOf } from '../support/ledger';

describe('reconciliation with the Stripe Events API', () => {
  let t: TestApp;
  let gateway: StripeGateway;
  beforeAll(async () => {
    t = await startTestApp({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
    gateway = t.app.get(StripeGateway);
    await createAppeal(t, 'roof');
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(async () => {
    await expectLedgerConsistent(t.ds);
  });

  it('applies events whose webhooks never arrived, once, and records the run', async () => {
    const sandbox = gateway.sandbox!;
    sandbox.autoDeliver = false; // the endpoint is "down": Stripe gave up on these deliveries
    const a = await startCheckout(t, 'roof', 3000);
    const b = await startCheckout(t, 'roof', 2000);
    await sandbox.pay(a.sessionId, 'paid');
    await sandbox.pay(b.sessionId, 'paid');
    await sandbox.refund(b.sessionId, 500);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0 });

    const first = await t.app.get(ReconcileService).run();
    // A refund is three events (refund.created, charge.refunded, charge.refund.updated); one moves money.
    expect(first.eventsApplied).toBe(5);
    expect(first.applied.map((x) => x.outcome)).toEqual(['counted', 'counted', 'refunded', 'unchanged', 'unchanged']);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 4500, donations: 2 });

    const second = await t.app.get(ReconcileService).run();
    expect(second.eventsFound).toBeGreaterThanOrEqual(5);
    expect(second.eventsApplied).toBe(0);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 4500, donations: 2 });

    // A late webhook for an event reconciliation already applied is a duplicate.
    sandbox.autoDeliver = true;
    const late = await sandbox.deliver(sandbox.events[0].id);
    expect(late).toBe(200);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 4500 });
    const runs = await t.ds.query('SELECT events_applied, error FROM reconcile_runs ORDER BY started_at');
    expect(runs).toEqual([
      { events_applied: 5, error: null },
      { events_applied: 0, error: null },
    ]);
  });

  it('re-checks a pending donation older than a day and resolves it from the session', async () => {
    const sandbox = gateway.sandbox!;
    sandbox.autoDeliver = false;
    const paid = await startCheckout(t, 'roof', 1000);
    const lapsed = await startCheckout(t, 'roof', 1000);
    await sandbox.pay(paid.sessionId, 'paid');
    await sandbox.expire(lapsed.sessionId);
    // Their events are beyond the Events API's reach (older than 30 days in real life): drop them.
    sandbox.events.length = 0;
    await t.ds.query(`UPDATE donations SET created_at = now() - interval '2 days' WHERE id = ANY($1)`, [
      [paid.donationId, lapsed.donationId],
    ]);
    const before = (await totalsOf(t.ds, 'roof')).raised;
    const report = await t.app.get(ReconcileService).run();
    expect(report.pendingChecked).toBe(2);
    expect(report.pendingResolved).toBe(2);
    const rows = await t.ds.query('SELECT id, status FROM donations WHERE id = ANY($1) ORDER BY amount', [
      [paid.donationId, lapsed.donationId],
    ]);
    expect(Object.fromEntries(rows.map((r: { id: string; status: string }) => [r.id, r.status]))).toEqual({
      [paid.donationId]: 'succeeded',
      [lapsed.donationId]: 'expired',
    });
    expect((await totalsOf(t.ds, 'roof')).raised).toBe(before + 1000);
  });
});
