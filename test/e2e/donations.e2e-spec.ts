import { startTestApp, TestApp } from '../support/app';
import { createAppeal } from '../support/appeals';
import { expectLedgerConsistent, resetLedger, totalsOf } from '../support/ledger';

describe('offline gifts and the donations list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await resetLedger(t.ds);
    await createAppeal(t, 'roof');
  });
  afterEach(async () => {
    await expectLedgerConsistent(t.ds);
  });

  const gift = (body: Record<string, unknown>, slug = 'roof') => t.request('POST', `/api/appeals/${slug}/donations`, { body });

  it('records an offline gift, counts it, and keeps who recorded it', async () => {
    const res = await gift({
      amount: 5000,
      reference: 'cash-2027-01',
      donorName: 'Parish council',
      note: 'spring fair',
      receivedAt: '2026-01-14T10:00:00Z',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      amount: 5000,
      currency: 'usd',
      status: 'succeeded',
      source: 'offline',
      reference: 'cash-2027-01',
      recordedBy: 'admin',
      receivedAt: '2026-01-14T10:00:00.000Z',
      counted: true,
    });
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 5000, donations: 1, donors: 1 });
  });

  it('records one gift when the same reference is sent twice, even concurrently', async () => {
    const body = { amount: 5000, reference: 'bank-42' };
    const answers = await Promise.all([gift(body), gift(body), gift(body)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 5000, donations: 1 });
  });

  it('refuses a reused reference for a different gift with 409', async () => {
    await gift({ amount: 5000, reference: 'bank-42' });
    const res = await gift({ amount: 7000, reference: 'bank-42' });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('bank-42');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 5000 });
  });

  it("stores a gift in another currency with the organiser's converted amount, counting the converted one", async () => {
    const res = await gift({ amount: 4600, currency: 'eur', convertedAmount: 5000, reference: 'eur-1' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ amount: 5000, currency: 'usd', originalAmount: 4600, originalCurrency: 'eur' });
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 5000 });
  });

  it.each([
    ['foreign currency without a converted amount', { amount: 4600, currency: 'eur', reference: 'x' }, 'convertedAmount'],
    ['no reference', { amount: 100 }, 'reference'],
    ['a blank reference', { amount: 100, reference: '   ' }, 'reference'],
    ['a string amount', { amount: '100', reference: 'x' }, 'amount'],
    ['a zero amount', { amount: 0, reference: 'x' }, 'amount'],
    ['an amount beyond any real gift', { amount: 1e21, reference: 'x' }, 'amount'],
    ['an unsafe integer amount', { amount: 9007199254740993, reference: 'x' }, 'amount'],
    ['a future receivedAt', { amount: 100, reference: 'x', receivedAt: '2999-01-01T00:00:00Z' }, 'receivedAt'],
    ['an unknown currency', { amount: 100, reference: 'x', currency: 'abc' }, 'currency'],
  ])('refuses %s with 400 naming the field', async (_n, body, field) => {
    const res = await gift(body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect((await t.ds.query('SELECT count(*)::int AS n FROM donations'))[0].n).toBe(0);
  });

  it('needs an organiser token', async () => {
    expect((await t.request('POST', '/api/appeals/roof/donations', { body: { amount: 1, reference: 'x' }, token: null })).status).toBe(401);
    expect((await t.request('GET', '/api/appeals/roof/donations', { token: null })).status).toBe(401);
    expect((await t.request('GET', '/api/appeals/roof/donations.csv', { token: null })).status).toBe(401);
  });

  it('lists donations newest first with keyset pagination that visits each exactly once', async () => {
    for (let i = 0; i < 7; i++) await gift({ amount: 100 + i, reference: `r${i}`, donorName: `Donor ${i}` });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `?limit=3&cursor=${cursor}` : '?limit=3';
      const page = await t.request('GET', `/api/appeals/roof/donations${q}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((d: { amount: number }) => d.amount));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([106, 105, 104, 103, 102, 101, 100]);
    expect((await t.request('GET', '/api/appeals/roof/donations?cursor=garbage')).status).toBe(400);
    expect((await t.request('GET', '/api/appeals/roof/donations?limit=1000')).status).toBe(400);
  });

  it('exports CSV with every gift, neutralising spreadsheet formulas in typed text', async () => {
    await gift({ amount: 1234, reference: 'csv-1', donorName: '=HYPERLINK("http://evil","x")', note: '+1 cmd' });
    await gift({ amount: 500, reference: 'csv-2', donorName: 'Zoë "Z" Smith' });
    const res = await t.request('GET', '/api/appeals/roof/donations.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('roof-donations.csv');
    const lines = res.text.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('"counted_amount"');
    expect(res.text).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(res.text).toContain(`"'+1 cmd"`);
    expect(res.text).toContain('"Zoë ""Z"" Smith"');
    expect(res.text).toContain('"12.34"');
    expect(res.text).not.toMatch(/(^|,)"=/m);
  });

  it('answers 404 for gifts to an unknown appeal', async () => {
    expect((await gift({ amount: 100, reference: 'x' }, 'nope')).status).toBe(404);
  });
});
