import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { freePort } from '../support/free-port';
import { startTestApp, TestApp } from '../support/app';
import { ARTIFACTS, asServiceSite, launchChromium, startHostSite } from './browser-helpers';

/** Shared by the donor page and dashboard browser specs (not a spec itself); builds on browser-helpers.ts. */

export interface Browser {
  context: BrowserContext;
  /** Console errors and uncaught exceptions of every page, CSP violations included. */
  errors: string[];
  close(): Promise<void>;
}

/** Debian's Chromium with a fresh profile (browser-helpers.ts), watching every page for errors. */
export async function launchBrowser(): Promise<Browser> {
  const { context, close } = await launchChromium();
  const errors: string[] = [];
  const watch = (p: Page) => {
    p.on('console', (m) => { if (m.type() === 'error') errors.push(`${p.url()}: ${m.text()}`); });
    p.on('pageerror', (e) => errors.push(`${p.url()}: ${e.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return { context, errors, close };
}

/**
 * The app on a fixed port with PUBLIC_BASE_URL naming it, so Stripe's success and cancel
 * redirects (from the sandbox payment page) come back to this very app.
 */
export async function startBrowserApp(env: Record<string, string> = {}): Promise<TestApp> {
  const port = await freePort();
  return startTestApp({ PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, SANDBOX_PORT: '0', CHECKOUT_RATE_LIMIT: '100', ...env });
}

/** Kept as test artifacts in test-artifacts/browser/ (gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** An article on another site (news.test) embedding the widget script, as a real one would. */
export async function hostPage(appUrl: string, slug: string): Promise<{ url: string; close(): Promise<void> }> {
  const service = asServiceSite(appUrl);
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>An article</title></head>
<body><h1>News: the roof appeal</h1><p>Our roof leaks.</p><div data-appeal="${slug}"></div>
<script src="${service}/widgets/embed.js" async></script></body></html>`;
  const csp = `default-src 'self'; script-src ${service}; connect-src ${service}; frame-src ${service}; img-src ${service}`;
  const site = await startHostSite({ '/article': { body, csp } });
  return { url: `${site.url}/article`, close: site.close };
}

/** Presses Tab until the element with this id has focus; fails if it never does. */
export async function tabTo(page: Page, id: string, max = 25): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id} (focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))})`);
}

/** Presses Tab until the focused element's text matches (buttons on pages we do not control). */
export async function tabToText(page: Page, text: RegExp, max = 25): Promise<void> {
  for (let i = 0; i < max; i++) {
    const focused = await page.evaluate(() => (document.activeElement?.textContent ?? '').trim());
    if (text.test(focused)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${text}`);
}
