import { readFileSync } from 'node:fs';
import { Page } from 'playwright-core';
import { ADMIN_TOKEN, TestApp } from '../support/app';
import { createAppeal, uniqueSlug } from '../support/appeals';
import { Browser, describeInBrowser, launchBrowser, screenshot, startBrowserApp } from '../support/browser';
import { expectLedgerConsistent, totalsOf } from '../support/ledger';

jest.setTimeout(120_000);

/**
 * Every test has its own browser profile (so its own cookies) and its own appeal, so any one of
 * them runs alone (`-t`) and in any order; the app is shared, which is why slugs are unique.
 */
describeInBrowser('organiser dashboard in a real browser', () => {
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

  /** Opens `path`, which sends a signed-out browser to the sign-in form and back afterwards. */
  async function signInAt(path: string): Promise<void> {
    await page.goto(`${t.url}${path}`);
    await page.getByLabel('Organiser token').fill(ADMIN_TOKEN);
    await page.getByLabel('Organiser token').press('Enter');
    await page.waitForURL(`${t.url}${path}`);
    await page.getByText('Signed in as admin').waitFor();
  }

  /** An active appeal with a $5,000 target and, if given, one offline gift recorded through the API. */
  async function appealWithGift(
    prefix: string,
    gift?: { amount: number; donorName?: string; note?: string },
  ): Promise<{ slug: string; title: string }> {
    const slug = uniqueSlug(prefix);
    const title = `Village hall ${slug}`;
    await createAppeal(t, slug, { title, target: 500_000 });
    if (gift) {
      const res = await t.request('POST', `/api/appeals/${slug}/donations`, { body: { reference: `${slug}-1`, ...gift } });
      expect(res.status).toBe(201);
    }
    return { slug, title };
  }

  it('redirects signed-out requests to sign-in', async () => {
    await page.goto(`${t.url}/organiser/appeals/anything`);
    expect(page.url()).toBe(`${t.url}/organiser/sign-in?next=%2Forganiser%2Fappeals%2Fanything`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'organiser-sign-in');
  });

  it('signs in, creates an appeal, records an offline gift and sees it in the table and the chart', async () => {
    const slug = uniqueSlug('hall');
    await signInAt('/organiser');
    await page.getByRole('link', { name: 'New appeal' }).first().click();
    await page.getByLabel('Slug').fill(slug);
    await page.getByLabel('Title', { exact: true }).fill('Village hall heating');
    await page.getByLabel('Target', { exact: true }).fill('5,000');
    await page.getByLabel('Status').selectOption('active');
    await page.getByLabel('Preset amounts on the donate page').fill('10, 20, 75');
    await screenshot(page, 'organiser-new-appeal');
    await page.getByRole('button', { name: 'Create appeal' }).click();
    await page.waitForURL(`${t.url}/organiser/appeals/${slug}?notice=created`);
    await page.getByText('Appeal created.').waitFor();

    await page.getByLabel('Amount', { exact: true }).fill('75');
    await page.getByLabel('Donor name').fill('Parish council');
    await page.getByLabel('Note').fill('=SUM(A1:A9) collected at the fair');
    await page.getByRole('button', { name: 'Record gift' }).click();
    await page.getByText('Gift recorded.').waitFor();
    await page.locator('#donations-table').getByText('Parish council').waitFor();
    expect(await page.locator('.chart svg').getAttribute('data-last-total')).toBe('7500');
    expect(await page.locator('.chart desc').textContent()).toContain('Cumulative total $75 on');
    await page.locator('.aw-amounts').first().getByText('$75 raised of $5,000').waitFor();
    await screenshot(page, 'organiser-appeal');
    expect(await totalsOf(t.ds, slug)).toMatchObject({ raised: 7500, donations: 1 });
  });

  it('downloads the CSV, which contains the gifts, spreadsheet-safe', async () => {
    const { slug } = await appealWithGift('csv', { amount: 7500, donorName: 'Parish council', note: '=SUM(A1:A9) collected at the fair' });
    await signInAt(`/organiser/appeals/${slug}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download all donations as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${slug}-donations.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('"Parish council"');
    expect(csv).toContain('"7500","75.00","usd"');
    expect(csv).toContain(`"'=SUM(A1:A9) collected at the fair"`);
  });

  it('offers embed snippets with a live preview', async () => {
    const { slug } = await appealWithGift('embed', { amount: 7500 });
    await signInAt(`/organiser/appeals/${slug}`);
    const snippet = await page.locator('#embed-script').inputValue();
    expect(snippet).toBe(`<div data-appeal="${slug}"></div>\n<script src="${t.url}/widgets/embed.js" async></script>`);
    expect(await page.locator('#embed-iframe').inputValue()).toContain(`src="${t.url}/widgets/${slug}"`);
    await page.frameLocator('.preview iframe').getByText('$75 raised of $5,000').waitFor();
    await page.locator(`.preview [data-appeal="${slug}"]`).getByText('$75 raised of $5,000').waitFor();
    expect(await page.locator('.preview img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await page.getByRole('heading', { name: 'Embed on a website' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'organiser-embed');
    // Money moved elsewhere: the progress and the previews follow live, and the page offers a reload.
    await t.request('POST', `/api/appeals/${slug}/donations`, { body: { amount: 10000, reference: `${slug}-bank` } });
    await page.locator('#stale-notice').waitFor();
    await page.locator('.aw-amounts').first().getByText('$175 raised of $5,000').waitFor();
    await page.frameLocator('.preview iframe').getByText('$175 raised of $5,000').waitFor();
  });

  it('shows the payments health panel and live progress on the appeals list', async () => {
    const { slug, title } = await appealWithGift('list', { amount: 17_500 });
    await signInAt('/organiser');
    await page.getByRole('heading', { name: 'Payments health' }).waitFor();
    await page.locator('[data-health="mode"]').getByText('Sandbox').waitFor();
    const row = page.locator('#appeals-table tr', { hasText: title });
    await row.waitFor();
    await screenshot(page, 'organiser-appeals-list');
    // The list is live: a gift recorded elsewhere moves its progress without a reload.
    await t.request('POST', `/api/appeals/${slug}/donations`, { body: { amount: 5000, reference: `${slug}-bank` } });
    await row.locator('.aw-amounts').getByText('$225 raised of $5,000').waitFor();
  });

  it('edits an appeal with the same rules and messages as the API', async () => {
    const { slug, title } = await appealWithGift('edit');
    await signInAt('/organiser');
    await page.locator('#appeals-table tr', { hasText: title }).getByRole('link', { name: 'Edit', exact: true }).click();
    await page.waitForURL(`${t.url}/organiser/appeals/${slug}/edit`);
    await page.getByLabel('Closes (UTC)').fill('2020-01-01T00:00');
    await page.getByLabel('Opens (UTC)').fill('2021-01-01T00:00');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('#endsAt-error').getByText('endsAt must be after startsAt').waitFor();
    await screenshot(page, 'organiser-edit-appeal-error');
    browser.errors.length = 0; // Chromium logs the form's 400 answer as a console error: expected here
    await page.getByLabel('Opens (UTC)').fill('');
    await page.getByLabel('Closes (UTC)').fill('');
    await page.getByLabel('Title', { exact: true }).fill(`${title} fund`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    await page.getByRole('heading', { name: `${title} fund` }).waitFor();
  });

  it('rejects a forged form post without the CSRF token', async () => {
    const { slug } = await appealWithGift('csrf');
    await signInAt(`/organiser/appeals/${slug}`);
    // The browser holds the session cookie; only the token is missing.
    const res = await page.request.post(`${t.url}/organiser/appeals/${slug}/gifts`, {
      form: { amount: '1000', reference: `${slug}-forged` },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(403);
    expect(await t.ds.query(`SELECT id FROM donations WHERE offline_reference = $1`, [`${slug}-forged`])).toEqual([]);
  });

  it('signs out, after which dashboard pages redirect to sign-in', async () => {
    const { slug } = await appealWithGift('out');
    await signInAt(`/organiser/appeals/${slug}`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    await page.goto(`${t.url}/organiser/appeals/${slug}`);
    expect(page.url()).toContain('/organiser/sign-in?next=');
  });
});
