import { AssetName, assetUrl } from './assets';
import { Html, html } from './html';

export interface PageOptions {
  title: string;
  main: Html;
  /** Sandbox mode: every page says TEST MODE plainly. */
  sandbox: boolean;
  /** Page scripts, loaded deferred in this order. */
  scripts?: AssetName[];
  /** Site header (the dashboard's navigation); the donor pages have none. */
  header?: Html;
  narrow?: boolean;
  /** Extra <head> tags (the donate page's Open Graph and Twitter meta). */
  head?: Html;
}

export const TEST_MODE_TEXT = 'TEST MODE: payments go to the Stripe sandbox and no real money moves';

export function renderPage(o: PageOptions): string {
  const scripts = (o.scripts ?? []).map((s) => html`<script src="${assetUrl(s)}" defer></script>\n`);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="strict-origin-when-cross-origin">
<title>${o.title}${o.sandbox ? ' · TEST MODE' : ''}</title>
${o.head ?? ''}<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assetUrl('pages.css')}">
${scripts}</head>
<body>
<a class="skip" href="#main">Skip to content</a>
${o.sandbox ? html`<div class="test-mode" role="note">${TEST_MODE_TEXT}</div>` : ''}
${o.header ?? ''}
<main id="main"${o.narrow ? html` class="narrow"` : ''} tabindex="-1">
${o.main}
</main>
</body>
</html>
`.value;
}
