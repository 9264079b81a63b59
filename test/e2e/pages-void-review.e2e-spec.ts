import type Stripe from 'stripe';
import { TestApp } from '../support/app';
import { totalsOf } from '../support/ledger';
import { stubbedLedgerSpec } from '../support/lifecycle-app';
import { page, Signed, signIn, textOf } from '../support/pages';
import { StripeApiStub } from '../support/stripe-api-stub';
import { charge, deliver, event, session } from '../support/stripe-events';

/** The dashboard's void button (appeal page) and held-payment actions (payments health panel), behind session + CSRF. */
describe('organiser dashboard: voiding gifts and resolving held payments', () => {
  let t: TestApp;
  let stub: StripeApiStub;
  let s: Signed;
  stubbedLedgerSpec((app) => ({ t, stub } = app));
  beforeAll(async () => {
    s = await signIn(t);
  });

  const post = (path: string, form: Record<string, string>, csrf: string | null = s.csrf) =>
    page(t, 'POST', path, { cookie: s.cookie, form: csrf === null ? form : { _csrf: csrf, ...form } });

  async function held(over: Record<string, unknown>): Promise<{ id: string; session: Stripe.Checkout.Session }> {
    const cs = session({ client_reference_id: null, ...over });
    expect((await deliver(t.url, event('checkout.session.completed', cs))).body.outcome).toBe('review');
    stub.charges.set('x', charge({ amount: cs.amount_total, currency: cs.currency, payment_intent: cs.payment_intent }));
    const [{ id }] = await t.ds.query('SELECT id FROM donations WHERE stripe_checkout_session_id = $1', [cs.id]);
    return { id, session: cs };
  }

  it('voids an offline gift from its row with a reason, and shows who, when and why', async () => {
    const gift = (await t.request('POST', '/api/appeals/roof/donations', { body: { amount: 5_000, reference: 'chq-1', donorName: 'Ana' } }))
      .body;
    const action = `/organiser/appeals/roof/donations/${gift.id}/void`;
    const before = await page(t, 'GET', '/organiser/appeals/roof', { cookie: s.cookie });
    expect(before.text).toContain(`action="${action}"`);
    expect(before.text).toMatch(/<label for="void-reason-[^"]+">Reason \(kept with the void\)<\/label>/);

    for (const csrf of [null, 'not-the-token']) expect((await post(action, { reason: 'forged' }, csrf)).status).toBe(403);
    const blank = await post(action, { reason: '   ' });
    expect(blank.status).toBe(400);
    expect(textOf(blank.text, `void-error-${gift.id}`)).toContain('reason must');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 5_000, donations: 1 });

    const ok = await post(action, { reason: 'Cheque bounced' });
    expect([ok.status, ok.location]).toEqual([303, '/organiser/appeals/roof?notice=gift-voided#donations']);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 0, donations: 0 });
    const after = await page(t, 'GET', ok.location!, { cookie: s.cookie });
    expect(textOf(after.text, 'notice')).toContain('Gift voided');
    const row = new RegExp(`<tr data-donation="${gift.id}">[\\s\\S]*?</tr>`).exec(after.text)![0];
    expect(row).toContain('<span class="badge voided">voided</span>');
    expect(row).toMatch(/Voided \$50\.00 by admin on .* UTC: Cheque bounced/);
    expect(row).not.toContain('Void this gift');

    // The form posted again (a reload, a second tab): the same void, nothing more.
    const again = await post(action, { reason: 'twice' });
    expect(again.location).toBe('/organiser/appeals/roof?notice=gift-already-voided#donations');
    expect(await t.ds.query('SELECT reason FROM voids')).toEqual([{ reason: 'Cheque bounced' }]);
  });

  it('offers no void for a Stripe gift, and refuses one posted anyway beside the row', async () => {
    const cs = session({ amount_total: 2_500, metadata: { appeal: 'roof' } });
    await deliver(t.url, event('checkout.session.completed', cs));
    const [{ id }] = await t.ds.query('SELECT id FROM donations WHERE stripe_checkout_session_id = $1', [cs.id]);
    const shown = await page(t, 'GET', '/organiser/appeals/roof', { cookie: s.cookie });
    expect(shown.text).not.toContain(`/donations/${id}/void`);
    const res = await post(`/organiser/appeals/roof/donations/${id}/void`, { reason: 'duplicate' });
    expect(res.status).toBe(422);
    expect(textOf(res.text, `void-error-${id}`)).toContain('a Stripe gift is refunded instead');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2_500 });
  });

  it('assigns a held payment from the payments health panel, in major units of the appeal currency', async () => {
    const eur = await held({ amount_total: 1_500, currency: 'eur', metadata: { appeal: 'roof' } });
    const dash = await page(t, 'GET', '/organiser', { cookie: s.cookie });
    expect(dash.text).toContain(`data-held-assign="${eur.id}"`);
    expect(dash.text).toContain(`data-held-refund="${eur.id}"`);
    expect(dash.text).toMatch(new RegExp(`<select id="held-appeal-${eur.id}" name="appeal"><option value="roof" selected>`));

    expect((await post(`/organiser/review/${eur.id}`, { action: 'assign', appeal: 'roof', amount: '16.20' }, null)).status).toBe(403);
    const missing = await post(`/organiser/review/${eur.id}`, { action: 'assign', appeal: 'roof', amount: '' });
    expect(missing.status).toBe(400);
    expect(textOf(missing.text, `held-error-${eur.id}`)).toContain('amount is required');

    const ok = await post(`/organiser/review/${eur.id}`, { action: 'assign', appeal: 'roof', amount: '16.20' });
    expect([ok.status, ok.location]).toEqual([303, '/organiser?notice=held-assigned#payments-health']);
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 1_620, donations: 1 });
    const after = await page(t, 'GET', '/organiser', { cookie: s.cookie });
    expect(after.text).not.toContain(`data-held-assign="${eur.id}"`);
    const detail = await page(t, 'GET', '/organiser/appeals/roof', { cookie: s.cookie });
    expect(detail.text).toMatch(/Assigned here at \$16\.20 by admin/);
  });

  it('refunds a held payment from the panel, and shows a Stripe refusal beside it with the payment still held', async () => {
    const lost = await held({ amount_total: 2_000, metadata: { appeal: 'no-such-appeal' } });
    stub.refuseRefunds = { status: 402, type: 'invalid_request_error', message: 'Insufficient funds in Stripe balance' };
    const refused = await post(`/organiser/review/${lost.id}`, { action: 'refund' });
    expect(refused.status).toBe(502);
    expect(textOf(refused.text, `held-error-${lost.id}`)).toContain('Insufficient funds in Stripe balance');
    expect(refused.text).toContain(`data-held-refund="${lost.id}"`);

    stub.refuseRefunds = null;
    const ok = await post(`/organiser/review/${lost.id}`, { action: 'refund' });
    expect([ok.status, ok.location]).toEqual([303, '/organiser?notice=held-refunded#payments-health']);
    expect(stub.refunds.size).toBe(1);
    expect(await t.ds.query('SELECT refunded::int AS refunded FROM donations WHERE id = $1', [lost.id])).toEqual([{ refunded: 2_000 }]);
    const after = await page(t, 'GET', '/organiser', { cookie: s.cookie });
    expect(after.text).not.toContain(`data-held-refund="${lost.id}"`);
  });
});
