/// <reference lib="dom" />
// Callbacks passed to page.evaluate() run in the browser and use its globals.
import { Frame, Page } from 'playwright-core';
import { StripeGateway } from '../../src/payments/stripe/stripe-gateway';
import { ADMIN_TOKEN, TestApp } from '../support/app';
import { createAppeal } from '../support/appeals';
import { expectLedgerConsistent, resetLedger, totalsOf } from '../support/ledger';
import { asServiceSite, Browser, describeInBrowser, launchBrowser, screenshot, startBrowserApp, startHostSite } from '../support/browser';

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
  let article: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    browser = await launchBrowser();
    t = await startBrowserApp();
    gateway = t.app.get(StripeGateway);
    // An article on another site embedding the iframe widget page, as an organiser's blog would.
    const service = asServiceSite(t.url);
    const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Our roof</title></head>
<body><h1>Give monthly to the roof</h1><iframe src="${service}/widgets/roof" title="Appeal progress" width="100%" height="80"></iframe></body></html>`;
    const site = await startHostSite({
      '/article': { body, csp: `default-src 'self'; frame-src ${service}` },
      // The browser asks a top-level site for its icon; an empty one keeps the console free of 404s.
      '/favicon.ico': { body: '', type: 'image/x-icon', csp: "default-src 'none'" },
    });
    article = { url: `${site.url}/article`, close: site.close };
  });
  afterAll(async () => {
    await browser?.close(); // first, so the article's server has no open connections left to wait for
    await article?.close();
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
    // The iframe widget page in an article, open before the gift and never reloaded.
    const reader = await browser.context.newPage();
    await reader.goto(article.url);
    const widget = reader.frameLocator('iframe');
    await widget.getByText('$0 raised of $10,000').waitFor();
    const frame = (): Frame => reader.frames().find((f) => f.url().endsWith('/widgets/roof'))!;
    await frame().evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

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
    // Monthly, and when the next payment is due: a month on by the sandbox's test clock.
    const subscription = () => gateway.sandbox!.ledger.billing.all()[0].sub;
    await donor.getByText('Thank you! You now give $10.00 monthly.', { exact: false }).waitFor();
    const due = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(subscription().items.data[0].current_period_end * 1000),
    );
    await donor.getByText(`Your next payment is due on ${due}.`, { exact: false }).waitFor();
    await screenshot(donor, 'monthly-thanks');

    await widget.getByText('1 gives monthly').waitFor();
    await widget.getByText('$10 raised of $10,000').waitFor();
    await screenshot(reader, 'monthly-widget-first');

    // The organiser moves the sandbox's test clock on a month from its page in the dashboard.
    const organiser = await open('/organiser/sandbox');
    await organiser.getByLabel('Organiser token').fill(ADMIN_TOKEN);
    await organiser.getByLabel('Organiser token').press('Enter');
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
    expect(await frame().evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await screenshot(reader, 'monthly-widget-renewed');

    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2000, donations: 2, donors: 1 });
    const subscriptions = gateway.sandbox!.ledger.billing.all();
    expect(subscriptions.map((s) => [s.sub.status, s.invoices.map((i) => i.invoice.status)])).toEqual([['active', ['paid', 'paid']]]);

    // The donor cancels from the thanks page through the sandbox's customer portal, and comes back.
    await donor.getByRole('button', { name: 'Manage or cancel your monthly gift' }).click();
    await donor.waitForURL(/\/sandbox\/portal\/bps_/);
    await donor.getByText('US$10.00 every month').waitFor();
    await screenshot(donor, 'monthly-portal');
    await donor.getByRole('button', { name: 'Cancel plan' }).click();
    await donor.getByText('Your plan is cancelled.', { exact: false }).waitFor();
    expect(subscription()).toMatchObject({ status: 'active', cancel_at_period_end: true });
    await donor.getByRole('link', { name: 'Return to the appeal' }).click();
    await donor.waitForURL((url) => url.origin === new URL(t.url).origin && !url.pathname.startsWith('/sandbox/'));
    // A month later the plan ends instead of renewing: no third payment, and nobody gives monthly any more.
    await organiser.getByRole('button', { name: 'Advance one month' }).click();
    await organiser
      .locator('#notice')
      .getByText(/customer\.subscription\.deleted/)
      .waitFor();
    await widget.getByText('1 gives monthly').waitFor({ state: 'hidden' });
    await widget.getByText('$20 raised of $10,000').waitFor();
    expect(subscription()).toMatchObject({ status: 'canceled' });
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2000, donations: 2 });
    expect(browser.errors).toEqual([]);
  });
});
