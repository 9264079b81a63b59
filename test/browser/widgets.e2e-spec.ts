/// <reference lib="dom" />
// Callbacks passed to page.evaluate() run in the browser and use its globals.
import { join } from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { formatMoney } from '../../src/money';
import { accessibleAccent } from '../../src/wording/accent';

const rgbOf = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
import { startTestApp, TestApp } from '../support/app';
import { createAppeal, recordGift, uniqueSlug } from '../support/appeals';
import { waitFor } from '../support/wait';
import { ARTIFACTS, asServiceSite, describeInBrowser, launchChromium, LaunchedBrowser, startHostSite } from '../support/browser';

/**
 * Real headless Chromium against the real service: an article on another site embeds the
 * widget by script, by iframe and as an <img>, under a strict CSP of its own; a gift recorded
 * meanwhile must show without a reload. Screenshots are kept in test-artifacts/browser/.
 */
describeInBrowser('widgets in a browser', () => {
  let t: TestApp;
  let chromium: LaunchedBrowser;
  let host: { url: string; close(): Promise<void> };
  let context: BrowserContext;
  let service: string;
  const slug = uniqueSlug('article');
  let gifts = 0;

  const article = (title: string, inner: string, head = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${title}</title><link rel="stylesheet" href="/host.css">${head}</head>
<body><h1>${title}</h1><p class="aw-title">The host's own paragraph</p>${inner}<p>Rest of the article.</p></body></html>`;

  beforeAll(async () => {
    t = await startTestApp();
    service = asServiceSite(t.url);
    await createAppeal(t, slug, { title: 'School roof', target: 1_000_000 });
    await recordGift(t.url, slug, 875_000, 'first', 'Ann');
    const strict = `default-src 'self'; script-src 'self' ${service}; frame-src ${service}; img-src ${service}`;
    const withConnect = `${strict}; connect-src 'self' ${service}`;
    host = await startHostSite({
      // Host styles that would wreck the widget if they leaked into it.
      '/host.css': {
        type: 'text/css',
        csp: "default-src 'none'",
        body: 'p{color:rgb(255,0,0)!important;font:30px serif!important}.aw-fill{background:rgb(0,255,0)!important}',
      },
      '/host.js': { type: 'text/javascript', csp: "default-src 'none'", body: HOST_RESIZER },
      '/script.html': {
        csp: withConnect,
        body: article(
          'Script embed',
          `<div data-appeal="${slug}"></div><div data-appeal="${slug}" data-theme="dark" data-accent="#ff6600"></div>`,
          `<script src="${service}/widgets/embed.js" async></script>`,
        ),
      },
      '/script-strict.html': {
        csp: strict,
        body: article(
          'Script embed, strict CSP',
          `<div data-appeal="${slug}"></div>`,
          `<script src="${service}/widgets/embed.js" async></script>`,
        ),
      },
      '/iframe.html': {
        csp: strict,
        body: article(
          'Iframe embed',
          `<iframe src="${service}/widgets/${slug}" title="Appeal progress" width="100%" height="60" frameborder="0"></iframe>`,
          '<script src="/host.js"></script>',
        ),
      },
      '/img.html': {
        csp: strict,
        body: article('Badge', `<img id="badge" src="${service}/widgets/${slug}.svg" alt="School roof progress">`),
      },
    });
    chromium = await launchChromium();
    context = chromium.context;
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await host?.close();
    await t?.close();
  });

  afterEach(async () => {
    for (const p of context.pages()) await p.close();
  });

  /** Watches for CSP violations and page errors, which would mean the widget does not fit a strict host. */
  const open = async (path: string): Promise<{ page: Page; problems: string[] }> => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.goto(host.url + path);
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 42;
    });
    return { page, problems };
  };

  const give = async (amount: number) => {
    const before = (await t.request('GET', `/api/appeals/${slug}/progress`, { token: null })).body.raised;
    await recordGift(t.url, slug, amount, `gift-${++gifts}`);
    return before + amount;
  };

  const money = (minor: number) => formatMoney(minor, 'usd', 'en-US', { noDecimalsWhenWhole: true });
  const notReloaded = async (page: Page) => expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  it('fills every <div data-appeal> through the script embed, isolated in Shadow DOM, and updates live', async () => {
    const { page, problems } = await open('/script.html');
    const amounts = page.locator('div[data-appeal] .aw-amounts');
    await waitFor(
      async () =>
        (await amounts.allTextContents()).length === 2 && (await amounts.allTextContents()).every((s) => s.includes('raised of $10,000')),
      10_000,
      'both widgets',
    );
    const bar = page.locator('div[data-appeal] [role=progressbar]').first();
    expect(await bar.getAttribute('aria-valuemin')).toBe('0');
    expect(await bar.getAttribute('aria-valuemax')).toBe('100');
    const startNow = Number(await bar.getAttribute('aria-valuenow'));
    // Host styles do not leak in, widget styles do not leak out.
    const inside = await page
      .locator('div[data-appeal] .aw-title')
      .first()
      .evaluate((e) => getComputedStyle(e).color);
    expect(inside).not.toBe('rgb(255, 0, 0)');
    expect(
      await page
        .locator('div[data-appeal] .aw-fill')
        .first()
        .evaluate((e) => getComputedStyle(e).backgroundColor),
    ).toBe('rgb(26, 95, 180)');
    expect(
      await page
        .locator('div[data-appeal] .aw-fill')
        .nth(1)
        .evaluate((e) => getComputedStyle(e).backgroundColor),
    ).toBe(rgbOf(accessibleAccent('#ff6600'))); // too light for white text: darkened to 4.5:1
    expect(await page.locator('body > p.aw-title').evaluate((e) => getComputedStyle(e).fontWeight)).toBe('400');
    const give1 = page.locator('div[data-appeal] a.aw-give').first();
    expect(await give1.getAttribute('href')).toBe(`${service}/donate/${slug}?lang=en`);
    expect(await give1.getAttribute('target')).toBe('_blank');
    await shot(page, 'script-embed-before');

    const raised = await give(62_500);
    await waitFor(
      async () => (await amounts.allTextContents()).every((s) => s.startsWith(`${money(raised)} raised`)),
      5000,
      'live update in both widgets',
    );
    expect(Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(startNow);
    await notReloaded(page);
    await shot(page, 'script-embed-after');
    expect(problems).toEqual([]);
  });

  it('falls back to an iframe inside the Shadow DOM when the host CSP allows no connection to us', async () => {
    const { page } = await open('/script-strict.html');
    const frame = await waitFor(() => page.frames().find((f) => f.url().includes(`/widgets/${slug}?`)), 10_000, 'fallback iframe');
    const text = () => frame.locator('.aw-amounts').textContent();
    await waitFor(async () => (await text())?.includes('raised of $10,000'), 10_000, 'widget in the fallback iframe');
    const raised = await give(1_250);
    await waitFor(async () => (await text())?.startsWith(`${money(raised)} raised`), 5000, 'live update in the fallback');
    await notReloaded(page);
    await shot(page, 'script-embed-strict-csp');
  });

  it('shows the iframe widget, sized by the height it posts, and updates it live', async () => {
    const { page, problems } = await open('/iframe.html');
    const frame: Frame = await waitFor(() => page.frames().find((f) => f.url().startsWith(`${service}/widgets/${slug}`)), 10_000, 'iframe');
    await frame.locator('.aw-amounts').waitFor();
    // host.js sizes the frame from the widget's postMessage; the markup said 60 px.
    await waitFor(
      async () => (await page.locator('iframe').evaluate((f) => f.getBoundingClientRect().height)) > 120,
      5000,
      'iframe resized by postMessage',
    );
    const reported = await page.evaluate(() => document.body.dataset.widgetHeight);
    expect(Number(reported)).toBeGreaterThan(120);
    expect(await frame.locator('.aw-bar').getAttribute('role')).toBe('progressbar');
    await shot(page, 'iframe-before');
    const raised = await give(2_000);
    await waitFor(
      async () => (await frame.locator('.aw-amounts').textContent())?.startsWith(`${money(raised)} raised`),
      5000,
      'iframe live update',
    );
    expect(await frame.locator('.aw-bar').getAttribute('aria-valuetext')).toContain(money(raised));
    await notReloaded(page);
    await shot(page, 'iframe-after');
    expect(problems).toEqual([]);
  });

  it('honours prefers-color-scheme and prefers-reduced-motion in the iframe page', async () => {
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    await page.goto(`${service}/widgets/${slug}`);
    expect(await page.locator('.aw').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(22, 27, 34)');
    expect(await page.locator('.aw-fill').evaluate((e) => getComputedStyle(e).transitionDuration)).toBe('0s');
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
    expect(await page.locator('.aw').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(255, 255, 255)');
    expect(await page.locator('.aw-fill').evaluate((e) => getComputedStyle(e).transitionDuration)).toBe('0.6s');
    await shot(page, 'iframe-page-light');
  });

  it('renders the SVG badge in an <img> with no script', async () => {
    const { page, problems } = await open('/img.html');
    const size = await waitFor(
      () =>
        page
          .locator('#badge')
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0 && [img.naturalWidth, img.naturalHeight]),
      5000,
      'badge loaded',
    );
    expect(size).toEqual([400, 136]);
    await shot(page, 'svg-badge');
    expect(problems).toEqual([]);
  });
});

/** The host's own script for plain iframe embeds: size each widget frame to the height it posts. */
const HOST_RESIZER = `
window.addEventListener('message', function (e) {
  if (!e.data || e.data.type !== 'appeal-widget:height') return;
  document.querySelectorAll('iframe').forEach(function (f) {
    if (f.contentWindow === e.source) { f.height = String(e.data.height); document.body.dataset.widgetHeight = String(e.data.height); }
  });
});
`;
