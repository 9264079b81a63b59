import { TestApp } from '../support/app';
import { createAppeal, uniqueSlug } from '../support/appeals';
import { expectLedgerConsistent, totalsOf } from '../support/ledger';
import { startWithStripeStub } from '../support/lifecycle-app';
import { StripeApiStub } from '../support/stripe-api-stub';
import { charge, deliver, event, session } from '../support/stripe-events';
import { member, Member } from '../support/team';

/** Corrections by people with roles: voids and held payments, refused without the right, audited with the actor. */
describe('corrections by role, in the audit trail', () => {
  let t: TestApp;
  let stub: StripeApiStub;
  let roof: string;
  let hall: string;
  let editor: Member;
  let hallEditor: Member;
  let viewer: Member;

  const entries = async (action: string) =>
    (await t.ds.query('SELECT actor_id, appeal_slug, details FROM audit_entries WHERE action = $1 ORDER BY id', [action])) as Array<{
      actor_id: string | null;
      appeal_slug: string | null;
      details: Record<string, any>;
    }>;

  /** A paid session naming no appeal we know: held for review. */
  async function held(amount: number): Promise<string> {
    const s = session({ client_reference_id: null, amount_total: amount, metadata: { appeal: 'no-such-appeal' } });
    const res = await deliver(t.url, event('checkout.session.completed', s));
    expect(res.body.outcome).toBe('review');
    const ch = charge({ amount, currency: s.currency, payment_intent: s.payment_intent, metadata: s.metadata });
    stub.charges.set(ch.id, ch);
    return (await t.ds.query('SELECT id FROM donations WHERE stripe_checkout_session_id = $1', [s.id]))[0].id;
  }

  beforeAll(async () => {
    ({ t, stub } = await startWithStripeStub());
    roof = uniqueSlug('roof');
    hall = uniqueSlug('hall');
    await createAppeal(t, roof);
    await createAppeal(t, hall);
    editor = await member(t, 'editor', [roof]);
    hallEditor = await member(t, 'editor', [hall]);
    viewer = await member(t, 'viewer', [roof]);
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await stub.stop();
  });
  afterEach(async () => {
    await expectLedgerConsistent(t.ds);
  });

  it('voids a cheque as its editor, audited once with the reason; a viewer and an editor of another appeal are refused', async () => {
    const gift = await t.request('POST', `/api/appeals/${roof}/donations`, {
      token: editor.token,
      body: { amount: 5000, reference: 'chq 7' },
    });
    const path = `/api/appeals/${roof}/donations/${gift.body.id}/void`;
    for (const m of [viewer, hallEditor]) {
      const res = await t.request('POST', path, { token: m.token, body: { reason: 'not mine' } });
      expect(res.status).toBe(403);
      expect(res.body.message).toBe(`editor rights on appeal '${roof}' are required`);
    }
    expect(await totalsOf(t.ds, roof)).toMatchObject({ raised: 5000 });
    expect((await t.request('POST', path, { token: editor.token, body: { reason: 'bounced' } })).status).toBe(201);
    expect((await t.request('POST', path, { token: editor.token, body: { reason: 'again' } })).status).toBe(200);
    expect(await totalsOf(t.ds, roof)).toMatchObject({ raised: 0 });
    const voided = await entries('gift.voided');
    expect(voided).toEqual([
      {
        actor_id: editor.id,
        appeal_slug: roof,
        details: expect.objectContaining({ donationId: gift.body.id, amount: 5000, reason: 'bounced' }),
      },
    ]);
    const row = await t.ds.query('SELECT voided_by FROM voids WHERE donation_id = $1', [gift.body.id]);
    expect(row[0].voided_by).toBe(editor.email);
  });

  it('lets editors list and resolve held payments, assigning only to an appeal they edit, and audits each', async () => {
    expect((await t.request('GET', '/api/review', { token: viewer.token })).status).toBe(403);
    expect((await t.request('GET', '/api/review', { token: hallEditor.token })).status).toBe(200);
    const a = await held(2500);
    const refused = await t.request('POST', `/api/review/${a}`, { token: hallEditor.token, body: { action: 'assign', appeal: roof } });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(`editor rights on appeal '${roof}' are required`);
    expect((await t.ds.query('SELECT status FROM donations WHERE id = $1', [a]))[0].status).toBe('review');
    const ok = await t.request('POST', `/api/review/${a}`, { token: editor.token, body: { action: 'assign', appeal: roof } });
    expect(ok.status).toBe(200);
    expect(await entries('held-payment.assigned')).toEqual([
      { actor_id: editor.id, appeal_slug: roof, details: expect.objectContaining({ donationId: a, amount: 2500 }) },
    ]);
    const b = await held(1200);
    const refund = await t.request('POST', `/api/review/${b}`, { token: hallEditor.token, body: { action: 'refund' } });
    expect(refund.status).toBe(200);
    const refunded = await entries('held-payment.refunded');
    expect(refunded).toEqual([
      {
        actor_id: hallEditor.id,
        appeal_slug: null,
        details: expect.objectContaining({ donationId: b, stripeRefundId: expect.any(String) }),
      },
    ]);
  });
});
