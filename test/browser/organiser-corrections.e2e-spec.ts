import { Page } from 'playwright-core';
import { ADMIN_TOKEN, TestApp } from '../support/app';
import { createAppeal, uniqueSlug } from '../support/appeals';
import { Browser, describeInBrowser, launchBrowser, startBrowserApp } from '../support/browser';
import { expectLedgerConsistent, totalsOf } from '../support/ledger';

jest.setTimeout(120_000);

/** The void button on an appeal's donations table, used as an organiser would: keyboard and form, no API. */
describeInBrowser('voiding a gift from the dashboard in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    t = await startBrowserApp();
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  afterEach(async () => {
    try {
      expect(browser.errors).toEqual([]);
      await expectLedgerConsistent(t.ds);
    } finally {
      await browser.close();
    }
  });

  it('voids a cheque with a reason: the total drops, the row stays marked voided with who, when and why', async () => {
    const slug = uniqueSlug('void');
    await createAppeal(t, slug, { title: `Church roof ${slug}`, target: 500_000 });
    const cheque = await t.request('POST', `/api/appeals/${slug}/donations`, {
      body: { amount: 7_500, reference: `${slug}-chq`, donorName: 'Parish council' },
    });
    await t.request('POST', `/api/appeals/${slug}/donations`, { body: { amount: 2_000, reference: `${slug}-cash`, donorName: 'Ana' } });

    await page.goto(`${t.url}/organiser/appeals/${slug}`);
    await page.getByLabel('Organiser token').fill(ADMIN_TOKEN);
    await page.getByLabel('Organiser token').press('Enter');
    await page.waitForURL(`${t.url}/organiser/appeals/${slug}`);

    const row = page.locator(`tr[data-donation="${cheque.body.id}"]`);
    await row.getByText('Void this gift…').click();
    // The browser itself refuses an empty reason (required): nothing is posted.
    await row.getByRole('button', { name: 'Void gift' }).click();
    expect(await row.getByLabel('Reason (kept with the void)').evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
    expect(await totalsOf(t.ds, slug)).toMatchObject({ raised: 9_500 });

    await row.getByLabel('Reason (kept with the void)').fill('Cheque returned unpaid');
    await row.getByLabel('Reason (kept with the void)').press('Enter');
    await page.waitForURL(`${t.url}/organiser/appeals/${slug}?notice=gift-voided#donations`);
    await page.getByText('Gift voided: it no longer counts.').waitFor();
    const voided = page.locator(`tr[data-donation="${cheque.body.id}"]`);
    await voided.locator('.badge.voided').waitFor();
    await voided.getByText(/Voided \$75\.00 by admin on .* UTC: Cheque returned unpaid/).waitFor();
    expect(await voided.getByText('Void this gift…').count()).toBe(0);
    await page.locator('.aw-amounts').first().getByText('$20 raised of $5,000').waitFor();
    expect(await totalsOf(t.ds, slug)).toMatchObject({ raised: 2_000, donations: 1, donors: 1 });
  });
});
