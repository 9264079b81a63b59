import { StripeGateway } from '../../src/payments/stripe/stripe-gateway';
import { startTestApp, TestApp, METRICS_TOKEN } from '../support/app';
import { deliver, event, session, WEBHOOK_SECRET } from '../support/stripe-events';
import { createAppeal, startCheckout } from '../support/appeals';
import { expectLedgerConsistent } from '../support/ledger';
import { openStream } from '../support/sse';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const STRIPE_ID = /\b(cs|pi|ch|evt|dp|re)_[A-Za-z0-9_]{6,}/;

/**
 * Public responses and widget pages carry totals, never people: no donor e-mail, no name of a
 * donor who asked to stay anonymous, no internal id other than the slug.
 */
describe('public responses leak nothing private', () => {
  let t: TestApp;
  const secrets: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, CHECKOUT_RATE_LIMIT: '1000' });
    t.app.get(StripeGateway).sandbox!.autoDeliver = false;
    await createAppeal(t, 'garden', { description: 'A community garden' });
    const [appeal] = await t.ds.query(`SELECT id FROM appeals WHERE slug = 'garden'`);
    secrets.push(appeal.id);
    await give('Secret Sam', 'sam.secret@private.test', true);
    await give('Visible Vera', 'vera.private@private.test', false);
    // A Payment Link sale: no pending donation, the name and e-mail come from Stripe only.
    const link = session({
      amount_total: 1500,
      metadata: { appeal: 'garden' },
      client_reference_id: null,
      customer_details: { ...session().customer_details!, email: 'link.lee@private.test', name: 'Link Lee' },
    });
    expect((await deliver(t.url, event('checkout.session.completed', link))).body.outcome).toBe('counted');
    secrets.push('link.lee@private.test', link.id, String(link.payment_intent));
    const gift = await t.request('POST', '/api/appeals/garden/donations', {
      body: { amount: 900, reference: 'bank-ref-7781', donorName: 'Quiet Quentin', note: 'internal note 5521' },
    });
    expect(gift.status).toBe(201);
    secrets.push(gift.body.id, 'bank-ref-7781', 'internal note 5521');
    for (const row of await t.ds.query('SELECT id FROM donations')) secrets.push(row.id);
  });
  afterAll(async () => {
    await expectLedgerConsistent(t.ds);
    await t.close();
  });

  async function give(name: string, email: string, anonymous: boolean): Promise<void> {
    const c = await startCheckout(t, 'garden', 2500, { donorName: name, donorEmail: email, anonymous, message: 'Good luck' });
    const s = session({
      id: c.sessionId,
      amount_total: 2500,
      metadata: { appeal: 'garden', donation_id: c.donationId },
      client_reference_id: c.donationId,
      customer_details: { ...session().customer_details!, email, name },
    });
    expect((await deliver(t.url, event('checkout.session.completed', s))).body.outcome).toBe('counted');
    secrets.push(email, c.sessionId, c.donationId, String(s.payment_intent));
    if (anonymous) secrets.push(name);
  }

  const PUBLIC = [
    '/api/appeals/garden',
    '/api/appeals/garden/progress',
    '/api/appeals/garden/supporters',
    '/widgets/garden',
    '/widgets/garden.svg',
    '/widgets/garden?theme=dark&locale=de-DE',
    '/widgets/embed.js',
    '/donate/garden',
    '/donate/garden/thanks',
    '/api/appeals/garden/nothing',
    '/metrics',
    '/health/ready',
    '/docs-json',
  ];

  it.each(PUBLIC)('%s carries no e-mail, anonymous name or internal id', async (path) => {
    // A request id is the request's own: the caller's X-Request-Id, or a fresh UUID naming nothing stored.
    const metrics: Record<string, string> = path === '/metrics' ? { authorization: `Bearer ${METRICS_TOKEN}` } : {};
    const res = await fetch(t.url + path, { headers: { 'x-request-id': 'privacy-check', ...metrics } });
    const requestId = res.headers.get('x-request-id');
    expect([null, 'privacy-check']).toContain(requestId);
    const text = `${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${await res.text()}`;
    expect(secrets.filter((s) => text.includes(s))).toEqual([]);
    expect(text).not.toMatch(/@private\.test/);
    expect(text.match(UUID)?.[0]).toBeUndefined();
    expect(text.match(STRIPE_ID)?.[0]).toBeUndefined();
  });

  it('the live stream carries totals only', async () => {
    const stream = await openStream(`${t.url}/api/appeals/garden/progress/stream`);
    const first = await stream.waitFor((e) => e.event === 'progress');
    stream.close();
    const text = first.data ?? '';
    expect(text).toContain('"raised"');
    expect(secrets.filter((s) => text.includes(s))).toEqual([]);
    expect(text.match(UUID)?.[0]).toBeUndefined();
  });

  it('the public totals still count every gift', async () => {
    const res = await t.request('GET', '/api/appeals/garden/progress', { token: null });
    expect(res.body).toMatchObject({ raised: 2500 + 2500 + 1500 + 900, donations: 4 });
  });
});
