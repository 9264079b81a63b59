/// <reference lib="dom" />
import { join } from 'node:path';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { formatMoney } from '../../src/money';
import { startTestApp, TestApp } from '../support/app';
import { createAppeal, recordGift, uniqueSlug } from '../support/appeals';
import { openStream, SseClient } from '../support/sse';
import { waitFor } from '../support/wait';
import { ARTIFACTS, asServiceSite, describeInBrowser, launchChromium, LaunchedBrowser, startHostSite } from '../support/browser';

/**
 * Real Chromium against a service whose stream cap for this address is already taken: the
 * stream is refused (429), and the widget and the donate page must still show every gift, by
 * polling the progress JSON with its ETag.
 */
describeInBrowser('widgets when the stream is refused', () => {
  let t: TestApp;
  let chromium: LaunchedBrowser;
  let context: BrowserContext;
  let host: { url: string; close(): Promise<void> };
  let holder: SseClient;
  const slug = uniqueSlug('polled');
  let gifts = 0;

  beforeAll(async () => {
    // One stream per address, and the test holds it: every browser stream from 127.0.0.1 is refused.
    t = await startTestApp({ STREAMS_PER_ADDRESS: '1' });
    await createAppeal(t, slug, { title: 'Village hall', target: 1_000_000 });
    await recordGift(t.url, slug, 250_000, 'first');
    holder = await openStream(`${t.url}/api/appeals/${slug}/progress/stream`);
    await holder.waitFor((e) => e.event === 'progress');
    const service = asServiceSite(t.url);
    host = await startHostSite({
      '/article.html': {
        csp: `default-src 'self'; script-src 'self' ${service}; connect-src 'self' ${service}; frame-src ${service}`,
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Article</title>
<script src="${service}/widgets/embed.js" async></script></head><body><div data-appeal="${slug}"></div></body></html>`,
      },
    });
    chromium = await launchChromium();
    context = chromium.context;
  }, 60_000);

  afterAll(async () => {
    holder?.close();
    await chromium?.close();
    await host?.close();
    await t?.close();
  });

  afterEach(async () => {
    for (const p of context.pages()) await p.close();
  });

  const money = (minor: number) => formatMoney(minor, 'usd', 'en-US', { noDecimalsWhenWhole: true });
  const give = async (amount: number) => {
    const before = (await t.request('GET', `/api/appeals/${slug}/progress`, { token: null })).body.raised;
    await recordGift(t.url, slug, amount, `gift-${++gifts}`);
    return before + amount;
  };

  /** Every answer the page got from the progress routes: the refused stream and the polls. */
  const watch = (page: Page) => {
    const seen: Array<{ url: string; status: number; ifNoneMatch?: string }> = [];
    page.on('response', (r: Response) => {
      if (r.url().includes(`/api/appeals/${slug}/progress`) && r.request().method() === 'GET') {
        seen.push({ url: r.url(), status: r.status(), ifNoneMatch: r.request().headers()['if-none-match'] });
      }
    });
    return seen;
  };

  it('shows the script embed and keeps it current by polling with If-None-Match', async () => {
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(`${host.url}/article.html`);
    const amounts = page.locator('div[data-appeal] .aw-amounts');
    await waitFor(async () => (await amounts.textContent())?.includes('raised of $10,000'), 15_000, 'the widget, from the polled JSON');
    await waitFor(() => seen.some((s) => s.url.endsWith('/stream') && s.status === 429), 5000, 'the refused stream');
    // Unchanged progress: the polls revalidate and get 304.
    await waitFor(
      () => seen.some((s) => !s.url.endsWith('/stream') && s.ifNoneMatch && s.status === 304),
      15_000,
      'a 304 to a poll with If-None-Match',
    );
    const raised = await give(40_000);
    await waitFor(async () => (await amounts.textContent())?.startsWith(`${money(raised)} raised`), 15_000, 'the gift, by polling');
    await page.screenshot({ path: join(ARTIFACTS, 'widget-polling-after-refused-stream.png'), fullPage: true });
  });

  it('keeps the donate page progress current by polling', async () => {
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(`${t.url}/donate/${slug}`);
    await waitFor(() => seen.some((s) => s.url.endsWith('/stream') && s.status === 429), 10_000, 'the refused stream');
    const raised = await give(15_000);
    const block = page.locator('[data-live-progress]');
    await waitFor(
      async () => (await block.getAttribute('data-raised')) === String(raised),
      15_000,
      'the gift on the donate page, by polling',
    );
    expect(await block.locator('.aw-amounts').textContent()).toMatch(new RegExp(`^${money(raised).replace('$', '\\$')} raised`));
  });
});
