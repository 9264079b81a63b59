import { Page } from 'playwright-core';
import { StripeGateway } from '../../src/payments/stripe/stripe-gateway';
import { ADMIN_TOKEN, TestApp } from '../support/app';
import { createAppeal } from '../support/appeals';
import { expectLedgerConsistent, resetLedger, totalsOf } from '../support/ledger';
import { Browser, describeInBrowser, hostPage, launchBrowser, screenshot, startBrowserApp, tabTo, tabToText } from '../support/browser';

jest.setTimeout(120_000);

describeInBrowser('donor page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let gateway: StripeGateway;
  let article: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    browser = await launchBrowser();
    t = await startBrowserApp();
    gateway = t.app.get(StripeGateway);
    article = await hostPage(t.url, 'roof');
  });
  afterAll(async () => {
    await browser?.close(); // first, so the article's server has no open connections left to wait for
    await article?.close();
    await t?.close();
  });
  beforeEach(async () => {
    await resetLedger(t.ds);
    await createAppeal(t, 'roof', { title: 'Fix the school roof', description: 'Rain gets into the classrooms.' });
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

  it('takes a gift through the sandbox payment page to the thanks page, and the embedded widget shows the new total live', async () => {
    const reader = await browser.context.newPage();
    await reader.goto(article.url);
    await reader.getByText('$0 raised of $10,000').waitFor();

    const donor = await open('/donate/roof');
    await donor.getByText('TEST MODE').first().waitFor();
    await screenshot(donor, 'donate-form');
    await donor.getByRole('radio', { name: '$25', exact: true }).check();
    await donor.getByLabel('Name').fill('Ada Lovelace');
    await donor.getByLabel('E-mail').fill('ada@example.org');
    await donor.getByRole('button', { name: 'Continue to payment' }).click();
    await donor.waitForURL(/\/sandbox\/pay\/cs_test_/);
    // The test payment page is served by the service itself: one published port.
    expect(new URL(donor.url()).origin).toBe(new URL(t.url).origin);
    await donor.getByText('TEST MODE').first().waitFor();
    await screenshot(donor, 'sandbox-payment-page');
    await donor.getByRole('button', { name: /^Pay .*25\.00$/ }).click();

    await donor.waitForURL(/\/donate\/roof\/thanks\?session_id=cs_test_/);
    await donor.getByText('Your gift of $25.00 has been received and counted. Thank you!').waitFor();
    await donor.locator('.aw-amounts').getByText('$25 raised of $10,000').waitFor();
    await screenshot(donor, 'donate-thanks');

    await reader.getByText('$25 raised of $10,000').waitFor(); // no reload: the widget's stream
    await screenshot(reader, 'embedded-widget-on-article');
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 2500, donations: 1, donors: 1 });
    expect(browser.errors).toEqual([]);
  });

  it('says "confirming your payment" on the thanks page until the webhook lands, then shows the total move', async () => {
    gateway.sandbox!.autoDeliver = false; // hold the webhook back
    try {
      const donor = await open('/donate/roof');
      await donor.getByRole('radio', { name: '$50', exact: true }).check();
      await donor.getByRole('button', { name: 'Continue to payment' }).click();
      await donor.waitForURL(/\/pay\//);
      await donor.getByRole('button', { name: /^Pay .*50\.00$/ }).click();
      await donor.waitForURL(/\/thanks\?/);
      await donor.getByText('Confirming your payment of $50.00').waitFor();
      await screenshot(donor, 'donate-thanks-confirming');
      const sessionId = new URL(donor.url()).searchParams.get('session_id');
      const event = gateway.sandbox!.events.find(
        (e) => e.type === 'checkout.session.completed' && (e.data.object as { id: string }).id === sessionId,
      )!;
      expect(await gateway.sandbox!.deliver(event.id)).toBe(200);
      await donor.getByText('Your gift of $50.00 has been received and counted').waitFor();
      await donor.locator('.aw-amounts').getByText('$50 raised of $10,000').waitFor();
    } finally {
      gateway.sandbox!.autoDeliver = true;
    }
  });

  it('shows validation messages beside the fields: a too-small amount and a bad e-mail', async () => {
    const donor = await open('/donate/roof');
    await donor.getByLabel('Other amount (USD)').fill('0.10');
    await donor.getByLabel('E-mail').fill('ada@');
    await donor.getByRole('button', { name: 'Continue to payment' }).click();
    await donor.locator('#amount-error').getByText('The smallest gift we can take is $0.50.').waitFor();
    await donor.locator('#donorEmail-error').getByText('Enter an e-mail address such as name@example.org.').waitFor();
    expect(await donor.getAttribute('#donorEmail', 'aria-invalid')).toBe('true');
    expect(await donor.evaluate(() => document.activeElement?.id)).toBe('customAmount');
    await screenshot(donor, 'donate-validation-client');

    // An address only the server refuses: its 400 message lands beside the same field.
    await donor.getByLabel('Other amount (USD)').fill('5');
    await donor.getByLabel('E-mail').fill('ada@exa_mple.com');
    await donor.getByRole('button', { name: 'Continue to payment' }).click();
    await donor.locator('#donorEmail-error').getByText('E-mail must be an e-mail address').waitFor();
    expect(await donor.locator('#amount-error').textContent()).toBe('');
    await screenshot(donor, 'donate-validation-server');
    expect(await t.ds.query('SELECT id FROM donations')).toEqual([]);
  });

  it('returns from a cancelled checkout to the form with the amount kept', async () => {
    const donor = await open('/donate/roof');
    await donor.getByLabel('Other amount (USD)').fill('12.34');
    await donor.getByRole('button', { name: 'Continue to payment' }).click();
    await donor.waitForURL(/\/pay\//);
    await donor.getByRole('link', { name: 'Cancel and go back' }).click();
    await donor.waitForURL(/\/donate\/roof\?cancelled=1&amount=1234/);
    await donor.getByText('Your payment was cancelled').waitFor();
    expect(await donor.inputValue('#customAmount')).toBe('12.34');
    expect(await donor.isChecked('#preset-other')).toBe(true);
  });

  it('can be completed with the keyboard alone', async () => {
    const donor = await open('/donate/roof');
    await tabTo(donor, 'preset-2500');
    await donor.keyboard.press('ArrowRight');
    expect(await donor.isChecked('#preset-5000')).toBe(true);
    await donor.keyboard.press('Tab');
    await tabTo(donor, 'donorName');
    await donor.keyboard.type('Kay Board');
    await donor.keyboard.press('Tab');
    await donor.keyboard.type('kay@example.org');
    await tabTo(donor, 'anonymous');
    await donor.keyboard.press('Space');
    await donor.keyboard.press('Enter');
    await donor.waitForURL(/\/pay\//);
    await tabToText(donor, /^Pay .*50\.00$/);
    await donor.keyboard.press('Enter');
    await donor.waitForURL(/\/thanks\?/);
    await donor.getByText('Your gift of $50.00 has been received and counted').waitFor();
    const [row] = await t.ds.query('SELECT donor_name, donor_email, anonymous, amount FROM donations');
    expect(row).toEqual({ donor_name: 'Kay Board', donor_email: 'kay@example.org', anonymous: true, amount: '5000' });
  });

  it('fits a phone screen and says so plainly when an appeal is closed', async () => {
    await createAppeal(t, 'done', { status: 'closed' });
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 375, height: 740 });
    await phone.goto(`${t.url}/donate/roof`);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(phone, 'donate-form-phone');
    await phone.goto(`${t.url}/donate/done`);
    await phone.getByText('This appeal has closed and no longer takes gifts.').waitFor();
    expect(await phone.locator('form').count()).toBe(0);
    await screenshot(phone, 'donate-closed-phone');
  });

  it('lets a signed-in organiser refund, fail the refund and win a dispute from the sandbox page', async () => {
    const donor = await open('/donate/roof');
    await donor.getByRole('radio', { name: '$50', exact: true }).check();
    await donor.getByRole('button', { name: 'Continue to payment' }).click();
    await donor.waitForURL(/\/sandbox\/pay\//);
    await donor.getByRole('button', { name: /^Pay .*50\.00$/ }).click();
    await donor.getByText('Your gift of $50.00 has been received and counted').waitFor();

    const organiser = await open('/organiser/sandbox');
    await organiser.getByLabel('Organiser token').fill(ADMIN_TOKEN);
    await organiser.getByLabel('Organiser token').press('Enter');
    await organiser.waitForURL(`${t.url}/organiser/sandbox`);
    await organiser.locator('#sandbox-sessions a').first().click();
    await organiser.getByLabel(/^Amount in minor units/).fill('1500');
    await organiser.getByRole('button', { name: 'Refund', exact: true }).click();
    await organiser.getByText('Sent refund.created, charge.refunded, charge.refund.updated.').waitFor();
    await gateway.sandbox!.waitForDeliveries();
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 3500 });
    await organiser.getByRole('button', { name: 'Fail refund' }).click();
    await organiser.getByText('Sent refund.updated, refund.failed, charge.refund.updated.').waitFor();
    await organiser.getByRole('button', { name: 'Open dispute (funds withdrawn)' }).click();
    await organiser.getByText('Sent charge.dispute.created, charge.dispute.funds_withdrawn.').waitFor();
    await screenshot(organiser, 'sandbox-organiser-session');
    await organiser.getByRole('button', { name: 'Win dispute' }).click();
    await organiser.getByText('Sent charge.dispute.funds_reinstated, charge.dispute.closed.').waitFor();
    expect(browser.errors).toEqual([]);
  });
});
