import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium } from 'playwright-core';
import { ROOT } from '../support/process';

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
  console.warn(`SKIPPED "${name}": no Chromium at ${CHROMIUM}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH; CI=true makes this a failure.`);
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
    throw new Error(`Chromium not found at ${CHROMIUM}. Install Debian's chromium (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH.`);
  }
  // A fresh profile per run (Playwright takes it as the persistent context's directory).
  const profile = mkdtempSync(join(tmpdir(), 'appeal-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'en-US',
    viewport: { width: 800, height: 700 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--host-resolver-rules=MAP ${HOST_SITE} 127.0.0.1, MAP ${SERVICE_SITE} 127.0.0.1`],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); },
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
    if (!page) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': page.type ?? 'text/html; charset=utf-8', 'content-security-policy': page.csp, 'cache-control': 'no-store' });
    res.end(page.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://${HOST_SITE}:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** "http://127.0.0.1:1234" -> "http://widgets.test:1234": the service as the article sees it. */
export const asServiceSite = (url: string): string => url.replace('127.0.0.1', SERVICE_SITE);
