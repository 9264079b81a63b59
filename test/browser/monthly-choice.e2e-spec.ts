import { TestApp } from '../support/app';
import { createAppeal } from '../support/appeals';
import { Browser, describeInBrowser, launchBrowser, tabTo } from '../support/browser';
import { startWithStripeStub } from '../support/lifecycle-app';
import { expectLedgerConsistent, resetLedger } from '../support/ledger';
import { StripeApiStub } from '../support/stripe-api-stub';

jest.setTimeout(120_000);

/**
 * The donate form's Once / Monthly choice in Chromium: keyboard only, each frequency showing its
 * own presets, and a monthly gift reaching Stripe (the stand-in API) as a subscription checkout.
 * The whole monthly flow through the sandbox's payment page is the sandbox's own browser test.
 */
describeInBrowser('choosing a monthly gift in a real browser', () => {
  let t: TestApp;
  let stub: StripeApiStub;
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    ({ t, stub } = await startWithStripeStub({ CHECKOUT_RATE_LIMIT: '100' }));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await stub?.stop();
  });
  beforeEach(async () => {
    stub.reset();
    await resetLedger(t.ds);
    browser.errors.length = 0;
  });
  afterEach(async () => {
    for (const p of browser.context.pages()) await p.close();
    await expectLedgerConsistent(t.ds);
  });

  it('switches to Monthly with the keyboard, shows the monthly presets only, and starts a subscription checkout', async () => {
    await createAppeal(t, 'roof', { monthlyPresetAmounts: [500, 1500, 3000] });
    const donor = await browser.context.newPage();
    // Stripe's checkout host does not exist here: answer it, to see where the donor was sent.
    await donor.route('https://checkout.stripe.test/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<p>Stripe Checkout</p>' }),
    );
    await donor.goto(`${t.url}/donate/roof`);
    expect(await donor.isVisible('label:has(#preset-2500)')).toBe(true);
    expect(await donor.isVisible('label:has(#monthly-preset-1500)')).toBe(false);

    await tabTo(donor, 'frequency-once');
    await donor.keyboard.press('ArrowRight');
    expect(await donor.isChecked('#frequency-monthly')).toBe(true);
    expect(await donor.isVisible('label:has(#monthly-preset-1500)')).toBe(true);
    expect(await donor.isVisible('label:has(#preset-2500)')).toBe(false);
    await donor.getByText('The same amount every month until you cancel.').waitFor();

    await tabTo(donor, 'monthly-preset-1500');
    await donor.keyboard.press('ArrowRight');
    expect(await donor.isChecked('#monthly-preset-3000')).toBe(true);
    await tabTo(donor, 'donorEmail');
    await donor.keyboard.type('mo@example.org');
    await donor.keyboard.press('Enter');
    await donor.waitForURL(/checkout\.stripe\.test/);
    expect(stub.createdSessions).toHaveLength(1);
    expect(stub.createdSessions[0].params).toMatchObject({
      mode: 'subscription',
      'line_items[0][price_data][unit_amount]': '3000',
      'line_items[0][price_data][recurring][interval]': 'month',
      customer_email: 'mo@example.org',
    });
    expect(browser.errors).toEqual([]);
  });

  it('offers no choice where the organiser switched monthly gifts off', async () => {
    await createAppeal(t, 'roof', { monthlyEnabled: false });
    const donor = await browser.context.newPage();
    await donor.goto(`${t.url}/donate/roof`);
    expect(await donor.locator('input[name=frequency]').count()).toBe(0);
    expect(await donor.isVisible('label:has(#preset-2500)')).toBe(true);
  });
});
