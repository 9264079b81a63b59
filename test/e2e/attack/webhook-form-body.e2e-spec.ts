import { startTestApp, TestApp } from '../../support/app';
import { WEBHOOK_SECRET } from '../../support/stripe-events';
import { rawPost } from '../../support/raw-http';

const MIB = 1024 * 1024;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const forgedSignature = () => ({ 'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` });
/** ~1 MiB of percent-escapes in 200 fields, with a `__proto__` field at the end. */
const megabyteForm = () => `${Array.from({ length: 200 }, (_, i) => `f${i}=${'%C3%A9'.repeat(870)}`).join('&')}&__proto__=1`;

/**
 * Attack: the webhook takes 1 MiB and is meant to read only raw bytes, but a form-encoded body
 * was parsed there first. A megabyte of percent-escapes costs fast-querystring 30-60 ms of the
 * event loop (idle core; 130-330 ms on the loaded CI machine), so eight unsigned clients
 * posting it held every other request back by a second or more.
 */
describe('attack: form-encoded bodies on the Stripe webhook', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a 1 MiB form body on its signature without parsing it', async () => {
    const form = megabyteForm();
    expect(form.length).toBeGreaterThan(MIB - 4096);
    expect(form.length).toBeLessThan(MIB);
    const res = await rawPost(t.url, '/webhooks/stripe', form, { ...FORM, ...forgedSignature() });
    // A form parser that ran would have decoded the whole megabyte and answered about __proto__.
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^signature verification failed/);
  });

  it('still parses (and guards) form bodies on the routes that take them', async () => {
    const res = await rawPost(t.url, '/organiser/sign-in', '__proto__=1&_csrf=x&token=y', FORM);
    expect(res.status).toBe(400);
    expect(res.text).toContain('forbidden prototype property');
  });
});
