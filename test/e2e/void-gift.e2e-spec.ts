import { startTestApp, TestApp } from '../support/app';
import { createAppeal } from '../support/appeals';
import { expectLedgerConsistent, resetLedger, totalsOf } from '../support/ledger';
import { deliver, event, session, WEBHOOK_SECRET } from '../support/stripe-events';
import { waitFor } from '../support/wait';

/** Parses the export enough to read cells by header name (every cell is quoted; none here holds a newline). */
function csvRecords(text: string): Array<Record<string, string>> {
  const lines = text.trim().split('\r\n');
  const cells = (line: string) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1].replace(/""/g, '"'));
  const header = cells(lines[0]);
  return lines.slice(1).map((l) => Object.fromEntries(cells(l).map((v, i) => [header[i], v])));
}

describe('voiding an offline gift', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
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

  const gift = async (amount: number, reference: string, donorName: string) => {
    const res = await t.request('POST', '/api/appeals/roof/donations', { body: { amount, reference, donorName } });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };
  const voidGift = (id: string, body: unknown, slug = 'roof') => t.request('POST', `/api/appeals/${slug}/donations/${id}/void`, { body });

  it('takes the gift out of the total, keeps its row, and shows the void in the API and the CSV', async () => {
    const cheque = await gift(5_000, 'cheque-17', 'Ana');
    await gift(3_000, 'cash-3', 'Ben');
    // The public read comes from the progress cache, refreshed by NOTIFY: wait for it to catch up.
    const progress = await waitFor(
      async () => {
        const r = await t.request('GET', '/api/appeals/roof/progress', { token: null });
        return r.body.raised === 8_000 && r;
      },
      5000,
      'the public total before the void',
    );

    const res = await voidGift(cheque.id, { reason: '  Cheque bounced  ' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: cheque.id,
      status: 'voided',
      amount: 5_000,
      counted: false,
      void: { amount: 5_000, currency: 'usd', reason: 'Cheque bounced', by: 'admin', at: expect.any(String) },
    });
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 3_000, donations: 1, donors: 1 });

    // The public progress follows through the ledger's NOTIFY, with a new ETag.
    const after = await waitFor(
      async () => {
        const r = await t.request('GET', '/api/appeals/roof/progress', { token: null });
        return r.body.raised === 3_000 && r;
      },
      5000,
      'the public total after the void',
    );
    expect(after.body).toMatchObject({ raised: 3_000, donations: 1, donors: 1 });
    expect(after.headers.get('etag')).not.toBe(progress.headers.get('etag'));

    // Both rows stay: the gift (voided, with its void) and the other gift.
    const list = (await t.request('GET', '/api/appeals/roof/donations')).body.data as Array<Record<string, any>>;
    expect(list.map((d) => [d.reference, d.status, d.void?.reason ?? null])).toEqual([
      ['cash-3', 'succeeded', null],
      ['cheque-17', 'voided', 'Cheque bounced'],
    ]);
    const [row] = await t.ds.query('SELECT amount::int AS amount, status FROM donations WHERE id = $1', [cheque.id]);
    expect(row).toEqual({ amount: 5_000, status: 'voided' });

    // The CSV: the gift's line (voided, who and why), then its void's negative line, then the other gift.
    const csv = await t.request('GET', '/api/appeals/roof/donations.csv');
    expect(csv.status).toBe(200);
    const records = csvRecords(csv.text);
    expect(records.map((r) => [r.reference, r.status, r.counted_amount, r.net, r.void_reason, r.voided_by])).toEqual([
      ['cheque-17', 'voided', '5000', '5000', 'Cheque bounced', 'admin'],
      ['cheque-17', 'void', '-5000', '-5000', 'Cheque bounced', 'admin'],
      ['cash-3', 'succeeded', '3000', '3000', '', ''],
    ]);
    expect(records[1].donation_id).toBe(cheque.id);
    expect(records[1].voided_at).toBe(res.body.void.at);
  });

  it('answers a second void of the same gift with the first one, even concurrently, and takes the gift out once', async () => {
    const cheque = await gift(5_000, 'cheque-18', 'Ana');
    await gift(1_000, 'cheque-19', 'Ana');
    const answers = await Promise.all([
      voidGift(cheque.id, { reason: 'first' }),
      voidGift(cheque.id, { reason: 'second' }),
      voidGift(cheque.id, { reason: 'third' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    const reasons = new Set(answers.map((a) => a.body.void.reason));
    expect(reasons.size).toBe(1);
    const again = await voidGift(cheque.id, { reason: 'later' });
    expect(again.status).toBe(200);
    expect(again.body.void).toEqual(answers[0].body.void);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM voids')).toEqual([{ n: 1 }]);
    // Ana still gave the other gift: she stays a donor.
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 1_000, donations: 1, donors: 1 });
  });

  it('refuses to void a Stripe gift, saying it is refunded instead', async () => {
    const s = session({ amount_total: 2_500, metadata: { appeal: 'roof' } });
    expect((await deliver(t.url, event('checkout.session.completed', s))).body.outcome).toBe('counted');
    const [{ id }] = await t.ds.query('SELECT id FROM donations WHERE stripe_checkout_session_id = $1', [s.id]);
    const res = await voidGift(id, { reason: 'duplicate' });
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/only offline gifts are voided; a Stripe gift is refunded instead/);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2_500, donations: 1 });
    expect(await t.ds.query('SELECT count(*)::int AS n FROM voids')).toEqual([{ n: 0 }]);
  });

  it('has the database refuse a void of a Stripe gift, of another amount, and any change to a void', async () => {
    const s = session({ amount_total: 2_500, metadata: { appeal: 'roof' } });
    await deliver(t.url, event('checkout.session.completed', s));
    const [{ id: card }] = await t.ds.query('SELECT id FROM donations WHERE stripe_checkout_session_id = $1', [s.id]);
    const insert = (id: string, amount: number) =>
      t.ds.query(`INSERT INTO voids (donation_id, amount, currency, reason, voided_by) VALUES ($1, $2, 'usd', 'x', 'test')`, [id, amount]);
    await expect(insert(card, 2_500)).rejects.toThrow(/only an offline gift can be voided/);
    const cheque = await gift(5_000, 'cheque-20', 'Ana');
    await expect(insert(cheque.id, 4_000)).rejects.toThrow(/a void takes out the whole gift/);
    await expect(t.ds.query(`UPDATE donations SET status = 'voided' WHERE id = $1`, [card])).rejects.toThrow(/CHK_donations_voided/);

    expect((await voidGift(cheque.id, { reason: 'typo' })).status).toBe(201);
    await expect(t.ds.query(`UPDATE voids SET reason = 'rewritten'`)).rejects.toThrow(/never changed or deleted/);
    await expect(t.ds.query(`DELETE FROM voids`)).rejects.toThrow(/never changed or deleted/);
  });

  it.each([
    ['no reason', {}, /reason/],
    ['an empty reason', { reason: '' }, /reason must be 1 to 500 characters/],
    ['a blank reason', { reason: '   ' }, /reason must not be blank/],
    ['a reason of 501 characters', { reason: 'x'.repeat(501) }, /reason must be 1 to 500 characters/],
    ['a reason that is not text', { reason: 42 }, /reason must be a string/],
    ['an unknown field', { reason: 'ok', amount: 1 }, /amount/],
  ])('answers 400 naming the field for %s', async (_, body, message) => {
    const cheque = await gift(5_000, 'cheque-21', 'Ana');
    const res = await voidGift(cheque.id, body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toMatch(message);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 5_000 });
  });

  it('answers 404 for an unknown gift or one of another appeal, 400 for an id that is not one, 401 without a token', async () => {
    await createAppeal(t, 'hall');
    const other = (await t.request('POST', '/api/appeals/hall/donations', { body: { amount: 700, reference: 'h-1' } })).body;
    expect((await voidGift('0b5c6bd2-8a70-4a43-9d0e-6f1f0f7d7d11', { reason: 'x' })).status).toBe(404);
    expect((await voidGift(other.id, { reason: 'x' })).status).toBe(404);
    const bad = await voidGift('not-an-id', { reason: 'x' });
    expect([bad.status, bad.body.message]).toEqual([400, expect.stringContaining('id must be a donation id')]);
    expect((await voidGift(other.id, { reason: 'x' }, 'no-such-appeal')).status).toBe(404);
    const anonymous = await t.request('POST', `/api/appeals/hall/donations/${other.id}/void`, { body: { reason: 'x' }, token: null });
    expect(anonymous.status).toBe(401);
    expect(await totalsOf(t.ds, 'hall')).toMatchObject({ raised: 700 });
  });
});
