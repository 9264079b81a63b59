import { LedgerService } from '../../src/donations/ledger.service';
import { MetricsService } from '../../src/metrics/metrics.service';
import { startTestApp, TestApp } from '../support/app';
import { createAppeal } from '../support/appeals';
import { expectLedgerConsistent, totalsOf } from '../support/ledger';

/** gifts_counted_total counts committed gifts: a gift whose transaction rolls back was never counted. */
describe('the gifts counted metric', () => {
  let t: TestApp;
  let ledger: LedgerService;
  let appealId: string;
  const counted = async (source: string): Promise<number> =>
    (await t.app.get(MetricsService).giftsCounted.get()).values.find((v) => v.labels.source === source)?.value ?? 0;

  beforeAll(async () => {
    t = await startTestApp();
    ledger = t.app.get(LedgerService);
    await createAppeal(t, 'metric-after-commit');
    [{ id: appealId }] = await t.ds.query(`SELECT id FROM appeals WHERE slug = 'metric-after-commit'`);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is not moved by a gift inserted counted whose transaction rolls back, and moves once it commits', async () => {
    const before = await counted('offline');
    const gift = (ref: string) => ({
      appealId,
      amount: 500,
      currency: 'usd',
      status: 'succeeded' as const,
      source: 'offline' as const,
      offlineReference: ref,
    });
    await expect(
      ledger.transaction(async (em) => {
        await ledger.insert(em, gift('rolled-back'));
        throw new Error('rolled back after the insert');
      }),
    ).rejects.toThrow('rolled back after the insert');
    expect(await counted('offline')).toBe(before);
    expect((await totalsOf(t.ds, 'metric-after-commit')).donations).toBe(0);

    await ledger.transaction((em) => ledger.insert(em, gift('kept')));
    expect(await counted('offline')).toBe(before + 1);
    expect((await totalsOf(t.ds, 'metric-after-commit')).donations).toBe(1);
    await expectLedgerConsistent(t.ds);
  });

  it('is not moved by a pending gift marked paid in a transaction that rolls back', async () => {
    const pending = await ledger.transaction((em) =>
      ledger.insert(em, { appealId, amount: 700, currency: 'usd', status: 'pending', source: 'stripe' }),
    );
    const before = await counted('stripe');
    await expect(
      ledger.transaction(async (em) => {
        const { changed } = await ledger.succeed(em, pending, { amount: 700 });
        expect(changed).toBe(true);
        throw new Error('rolled back after succeed');
      }),
    ).rejects.toThrow('rolled back after succeed');
    expect(await counted('stripe')).toBe(before);

    await ledger.transaction((em) => ledger.succeed(em, pending, { amount: 700 }));
    expect(await counted('stripe')).toBe(before + 1);
    await expectLedgerConsistent(t.ds);
  });
});
