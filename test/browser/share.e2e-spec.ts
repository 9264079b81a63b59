import { TestApp } from '../support/app';
import { createAppeal } from '../support/appeals';
import { Browser, describeInBrowser, launchBrowser, screenshot, startBrowserApp } from '../support/browser';

jest.setTimeout(60_000);

describeInBrowser('share buttons in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    t = await startBrowserApp();
    await createAppeal(t, 'share-roof', { title: 'Fix the roof & "more"' });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('links to each network with the appeal address, and copies the link with a spoken confirmation', async () => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
    const page = await browser.context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${t.url}/donate/share-roof/thanks`);
    const url = `${t.url}/donate/share-roof`;
    const share = page.getByRole('region', { name: 'Share this appeal' });
    const href = async (name: string) => new URL((await share.getByRole('link', { name }).getAttribute('href'))!);

    const x = await href('X (opens in a new tab)');
    expect(`${x.origin}${x.pathname}`).toBe('https://x.com/intent/post');
    expect(x.searchParams.get('url')).toBe(url);
    expect(x.searchParams.get('text')).toBe('Please join me in supporting Fix the roof & "more"');
    const fb = await href('Facebook (opens in a new tab)');
    expect(`${fb.origin}${fb.pathname}`).toBe('https://www.facebook.com/sharer/sharer.php');
    expect(fb.searchParams.get('u')).toBe(url);
    const wa = await href('WhatsApp (opens in a new tab)');
    expect(`${wa.origin}${wa.pathname}`).toBe('https://wa.me/');
    expect(wa.searchParams.get('text')).toBe(`Please join me in supporting Fix the roof & "more": ${url}`);
    const mail = await href('E-mail');
    expect(mail.protocol).toBe('mailto:');
    expect(mail.searchParams.get('subject')).toBe('Fix the roof & "more"');
    expect(mail.searchParams.get('body')).toBe(`Please join me in supporting Fix the roof & "more":\n${url}`);

    // The system share sheet is offered exactly where the browser has one.
    const native = await page.evaluate(() => typeof navigator.share === 'function');
    expect(await share.getByRole('button', { name: 'Share…' }).isVisible()).toBe(native);

    await share.getByRole('button', { name: 'Copy link' }).click();
    await share.getByRole('status').getByText('Link copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await screenshot(page, 'thanks-share');

    // Nothing was loaded from any network: only this service.
    expect(requests.filter((r) => !r.startsWith(t.url))).toEqual([]);
    expect(browser.errors).toEqual([]);
  });
});
