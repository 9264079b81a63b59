import { Page } from 'playwright-core';
import { ADMIN_TOKEN, TestApp } from '../support/app';
import { createAppeal } from '../support/appeals';
import { expectLedgerConsistent, resetLedger, totalsOf } from '../support/ledger';
import { asServiceSite, Browser, describeInBrowser, launchBrowser, screenshot, startBrowserApp, startHostSite } from '../support/browser';

jest.setTimeout(120_000);

/**
 * The supporters wall in a real browser: two donors give through the sandbox, one thanked in
 * public with a message and one anonymous; the donate page, the iframe widget and a script embed
 * (both opted in to supporters) show both live; the organiser hides the message from the
 * dashboard and every open page loses it without a reload.
 */
describeInBrowser('supporters wall in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let article: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    browser = await launchBrowser();
    t = await startBrowserApp();
    const service = asServiceSite(t.url);
    const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>An article</title></head>
<body><h1>News: the roof appeal</h1><div data-appeal="roof" data-show="supporters"></div>
<iframe id="widget" src="${service}/widgets/roof?show=supporters" title="Appeal progress" width="420" height="420"></iframe>
<script src="${service}/widgets/embed.js" async></script></body></html>`;
    const csp = `default-src 'self'; script-src ${service}; connect-src ${service}; frame-src ${service}; img-src ${service}`;
    const site = await startHostSite({ '/article': { body, csp } });
    article = { url: `${site.url}/article`, close: site.close };
  });
  afterAll(async () => {
    await browser?.close();
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

  const open = async (url: string): Promise<Page> => {
    const page = await browser.context.newPage();
    await page.goto(url);
    return page;
  };

  async function give(amount: string, details: { name: string; email: string; message?: string; thankInPublic: boolean }) {
    const donor = await open(`${t.url}/donate/roof`);
    await donor.getByRole('radio', { name: amount, exact: true }).check();
    await donor.getByLabel('Name').fill(details.name);
    await donor.getByLabel('E-mail').fill(details.email);
    if (details.message) await donor.getByLabel('Message').fill(details.message);
    if (details.thankInPublic) await donor.getByLabel(/Thank me in public/).check();
    await donor.getByRole('button', { name: 'Continue to payment' }).click();
    await donor.waitForURL(/\/sandbox\/pay\/cs_test_/);
    await donor.getByRole('button', { name: /^Pay / }).click();
    await donor.getByText(/has been received and counted/).waitFor();
    await donor.close();
  }

  it('shows a named and an anonymous supporter live, and loses the hidden message without a reload', async () => {
    const donatePage = await open(`${t.url}/donate/roof`);
    await donatePage.getByText('No gifts yet: be the first to give.').waitFor();
    const reader = await open(article.url);
    // The iframe widget, as an article embeds it.
    const widget = reader.frameLocator('#widget');
    const embedded = reader.locator('div[data-appeal="roof"]');
    await embedded.getByText('$0 raised of $10,000').waitFor();
    await embedded.getByText('No gifts yet: be the first to give.').waitFor();

    await give('$25', { name: 'Ada Lovelace', email: 'ada@example.org', message: 'Dry classrooms for all!', thankInPublic: true });
    await give('$50', { name: 'Quiet Quentin', email: 'quentin@example.org', message: 'Keep it quiet', thankInPublic: false });
    expect(await totalsOf(t.ds, 'roof')).toMatchObject({ raised: 7500, donations: 2 });

    // No reload anywhere: the stream's `supporters` event redraws each list.
    for (const [name, where] of [
      ['donate page', donatePage.locator('[data-supporters]')],
      ['iframe widget', widget.locator('[data-widget-supporters]')],
      ['script embed', embedded.locator('.aw-supporters')],
    ] as const) {
      await where.getByText('Ada Lovelace (United States)').waitFor();
      await where.getByText('Dry classrooms for all!').waitFor();
      await where.getByText('Anonymous').waitFor();
      expect({ name, items: await where.locator('li').count() }).toEqual({ name, items: 2 });
      expect({ name, text: await where.textContent() }).toEqual({ name, text: expect.not.stringMatching(/Quentin|Keep it quiet|@/) });
    }
    await donatePage.getByText('from 1 country').waitFor();
    await widget.getByText('from 1 country').waitFor();
    await screenshot(donatePage, 'supporters-donate-page');
    await screenshot(reader, 'supporters-article-widgets');

    const organiser = await open(`${t.url}/organiser/appeals/roof`);
    await organiser.getByLabel('Organiser token').fill(ADMIN_TOKEN);
    await organiser.getByLabel('Organiser token').press('Enter');
    await organiser.waitForURL(`${t.url}/organiser/appeals/roof`);
    const adaRow = organiser.locator('#donations-table tr', { hasText: 'Ada Lovelace' });
    await adaRow.getByRole('button', { name: 'Hide name and message' }).click();
    await organiser.getByText("The gift's name and message are hidden from the supporters wall.").waitFor();
    await organiser.locator('#donations-table tr', { hasText: 'Ada Lovelace' }).getByText('Wall: hidden by an organiser').waitFor();

    for (const where of [
      donatePage.locator('[data-supporters]'),
      widget.locator('[data-widget-supporters]'),
      embedded.locator('.aw-supporters'),
    ]) {
      await where.getByText('Dry classrooms for all!').waitFor({ state: 'detached' });
      await where.getByText('Ada Lovelace (United States)').waitFor({ state: 'detached' });
      expect(await where.getByText('Anonymous').count()).toBe(2);
    }
    await screenshot(donatePage, 'supporters-donate-page-hidden');
    expect(browser.errors).toEqual([]);
  });
});
