import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { freePort } from './free-port';
import { startTestApp, TestApp } from './app';
import { ROOT } from './process';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'browser');

/** Hosts the browser resolves to this machine, so the article and the service are different sites. */
export const HOST_SITE = 'news.test';
export const SERVICE_SITE = 'widgets.test';

/**
 * Browser suites need Debian's Chromium. On a developer machine without it (the README's quick
 * start promises only Node and npm) they are reported as skipped, loudly; under CI, or with
 * REQUIRE_BROWSER=1, a missing browser is a failure, so CI can never pass without running them.
 */
const browserRequired = !!process.env.CI || process.env.REQUIRE_BROWSER === '1';
export const describeInBrowser: jest.Describe = ((name: string, fn: () => void) => {
  if (existsSync(CHROMIUM) || browserRequired) return describe(name, fn);
  console.warn(
    `SKIPPED "${name}": no Chromium at ${CHROMIUM}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH; CI=true makes this a failure.`,
  );
  return describe.skip(name, fn);
}) as jest.Describe;

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Debian's chromium, never a downloaded browser. Reaching here without one (CI) fails with a
 * clear message.
 */
export async function launchChromium(): Promise<LaunchedBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install Debian's chromium (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH.`,
    );
  }
  // A fresh profile per run (Playwright takes it as the persistent context's directory).
  const profile = mkdtempSync(join(tmpdir(), 'appeal-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'en-US',
    viewport: { width: 800, height: 700 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=MAP ${HOST_SITE} 127.0.0.1, MAP ${SERVICE_SITE} 127.0.0.1`,
    ],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface HostPage {
  body: string;
  csp: string;
  type?: string;
}

/** The "news site": a separate origin serving articles with a strict CSP of its own. */
export async function startHostSite(pages: Record<string, HostPage>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const page = pages[(req.url ?? '/').split('?')[0]];
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': page.type ?? 'text/html; charset=utf-8',
      'content-security-policy': page.csp,
      'cache-control': 'no-store',
    });
    res.end(page.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://${HOST_SITE}:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** "http://127.0.0.1:1234" -> "http://widgets.test:1234": the service as the article sees it. */
export const asServiceSite = (url: string): string => url.replace('127.0.0.1', SERVICE_SITE);

export interface Browser {
  context: BrowserContext;
  /** Console errors and uncaught exceptions of every page, CSP violations included. */
  errors: string[];
  close(): Promise<void>;
}

/** Debian's Chromium with a fresh profile , watching every page for errors. */
export async function launchBrowser(): Promise<Browser> {
  const { context, close } = await launchChromium();
  const errors: string[] = [];
  const watch = (p: Page) => {
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${p.url()}: ${m.text()}`);
    });
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
  return startTestApp({
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    SANDBOX_PORT: '0',
    CHECKOUT_RATE_LIMIT: '100',
    ...env,
  });
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
