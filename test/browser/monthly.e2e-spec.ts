/// <reference lib="dom" />
// Callbacks passed to page.evaluate() run in the browser and use its globals.
import { Page } from 'playwright-core';
import { StripeGateway } from '../../src/payments/stripe/stripe-gateway';
import { ADMIN_TOKEN, TestApp } from '../support/app';
import { createAppeal } from '../support/appeals';
import { expectLedgerConsistent, resetLedger, totalsOf } from '../support/ledger';
import { Browser, describeInBrowser, launchBrowser, screenshot, startBrowserApp } from '../support/browser';

jest.setTimeout(120_000);

/**
 * Issue 13's browser test: a donor gives monthly through the sandbox, the thanks page and the
 * widget say so, and when the organiser moves the sandbox's test clock on a month the renewal
 * arrives in the open widget without a reload. Real Chromium, the real service and its sandbox.
 */
describeInBrowser('monthly gifts in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let gateway: StripeGateway;
  beforeAll(async () => {
    browser = await launchBrowser();
    t = await startBrowserApp();
    gateway = t.app.get(StripeGateway);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  beforeEach(async () => {
    await resetLedger(t.ds);
    await createAppeal(t, 'roof', { title: 'Fix the school roof' });
    browser.errors.length = 0;
  });
  afterEach(async () => {
    for (const p of browser.context.pages()) await p.close();
    await expectLedgerConsistent(t.ds);
  });

  const open = async (path: string): Promise<Page> => {
    const page = await browser.context.newPage();
    await page.goto(t.url + path);
    return page;
  };

  it('gives $10 a month: thanks page says monthly, the widget shows "1 gives monthly", a month later the renewal arrives live', async () => {
    // The iframe widget page, open before the gift and never reloaded.
    const widget = await open('/widgets/roof');
    await widget.getByText('$0 raised of $10,000').waitFor();
    await widget.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    const donor = await open('/donate/roof');
    await donor.getByRole('radio', { name: 'Monthly', exact: true }).check();
    await donor.getByLabel('Other amount (USD)').fill('10');
    await donor.getByLabel('E-mail').fill('mo@example.org');
    await screenshot(donor, 'monthly-donate-form');
    await donor.getByRole('button', { name: 'Continue to payment' }).click();
    await donor.waitForURL(/\/sandbox\/pay\/cs_test_/);
    await donor.getByRole('heading', { name: 'Donate US$10.00 every month' }).waitFor();
    await screenshot(donor, 'monthly-sandbox-payment-page');
    await donor.getByRole('button', { name: 'Pay US$10.00 every month' }).click();

    await donor.waitForURL(/\/donate\/roof\/thanks\?session_id=cs_test_/);
    await donor
      .getByText(/monthly/i)
      .first()
      .waitFor();
    await screenshot(donor, 'monthly-thanks');

    await widget.getByText('1 gives monthly').waitFor();
    await widget.getByText('$10 raised of $10,000').waitFor();
    await screenshot(widget, 'monthly-widget-first');

    // The organiser moves the sandbox's test clock on a month from its page in the dashboard.
    const organiser = await open('/organiser/sandbox');
    await organiser.getByLabel('Organiser token').fill(ADMIN_TOKEN);
    await organiser.getByRole('button', { name: 'Sign in' }).click();
    await organiser.waitForURL(`${t.url}/organiser/sandbox`);
    await organiser.getByRole('button', { name: 'Advance one month' }).click();
    await organiser
      .locator('#notice')
      .getByText(/invoice\.paid/)
      .waitFor();
    await screenshot(organiser, 'monthly-sandbox-clock');

    // The renewal reaches the open widget by its stream: the DOM changes, the page is the same one.
    await widget.getByText('$20 raised of $10,000').waitFor();
    await widget.getByText('1 gives monthly').waitFor();
    expect(await widget.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await screenshot(widget, 'monthly-widget-renewed');

    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2000, donations: 2, donors: 1 });
    const subscriptions = gateway.sandbox!.ledger.billing.all();
    expect(subscriptions.map((s) => [s.sub.status, s.invoices.map((i) => i.invoice.status)])).toEqual([['active', ['paid', 'paid']]]);
    expect(browser.errors).toEqual([]);
  });
});
