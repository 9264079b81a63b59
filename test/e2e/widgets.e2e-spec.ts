import { createHash } from 'node:crypto';
import { readBrowserFile } from '../../src/common/browser-build';
import { formatMoney } from '../../src/money';
import { startTestApp, TestApp } from '../support/app';
import { createAppeal, recordGift, uniqueSlug } from '../support/appeals';
import { openStream } from '../support/sse';
import { waitFor } from '../support/wait';

const RULE =
  'Card gifts and offline gifts; refunds deducted; pending payments not counted. Monthly gifts count each payment as it arrives, until the appeal ends.';

describe('widgets', () => {
  let t: TestApp;
  let slug: string;
  beforeAll(async () => {
    t = await startTestApp();
    slug = uniqueSlug('widget');
    await createAppeal(t, slug, { title: 'School roof', target: 1_000_000 });
    await recordGift(t.url, slug, 500_000, 'w1', 'Ann');
    await recordGift(t.url, slug, 375_000, 'w2', 'Bob');
    await waitFor(async () => (await get(`/api/appeals/${slug}/progress`)).body.raised === 875_000, 3000, 'gifts counted');
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => t.request('GET', path, { token: null, headers });
  const en = { 'accept-language': 'en-US,en;q=0.9' };

  it('serves the iframe page: title, bar, amounts, donors, counting rule and a Give link in a new tab', async () => {
    const res = await get(`/widgets/${slug}`, en);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = res.text;
    expect(html).toContain('<p class="aw-title">School roof</p>');
    expect(html).toContain('<p class="aw-amounts">$8,750 raised of $10,000</p>');
    expect(html).toContain('2 donors');
    expect(html).toContain(RULE);
    expect(html).toMatch(
      /role="progressbar" aria-label="School roof" aria-valuemin="0" aria-valuemax="100" aria-valuenow="87" aria-valuetext="\$8,750 raised of \$10,000 \(87%\)"/,
    );
    expect(html).toContain(`<a class="aw-give" href="../donate/${slug}" target="_blank" rel="noopener">Give</a>`);
    expect(html).toContain('prefers-color-scheme:dark');
    expect(html).toContain('prefers-reduced-motion:reduce');
    // Nothing from anywhere else: no external fonts, scripts or styles.
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<link|@import|url\(/);
  });

  it('is framable from any site and allows only its own script and its hashed inline style', async () => {
    const res = await get(`/widgets/${slug}`, en);
    expect(res.headers.get('x-frame-options')).toBeNull();
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain('frame-ancestors *');
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.text)![1];
    expect(csp).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=30');
    const etag = res.headers.get('etag')!;
    expect((await get(`/widgets/${slug}`, { ...en, 'if-none-match': etag })).status).toBe(304);
  });

  it('follows the reader locale, and the theme, accent and locale options', async () => {
    const de = await get(`/widgets/${slug}`, { 'accept-language': 'de-DE' });
    expect(de.text).toContain(`${formatMoney(875_000, 'usd', 'de-DE', { noDecimalsWhenWhole: true })} raised of`);
    expect(de.headers.get('vary')).toBe('Accept-Language');
    const opt = await get(`/widgets/${slug}?theme=dark&accent=ff6600&locale=fr-FR`, { 'accept-language': 'de-DE' });
    expect(opt.text).toContain('data-theme="dark"');
    expect(opt.text).toContain('--aw-accent:#ff6600');
    expect(opt.text).toContain(`${formatMoney(875_000, 'usd', 'fr-FR', { noDecimalsWhenWhole: true })} raised of`);
    expect(opt.text).toContain('data-locale-fixed');
    expect(opt.headers.get('vary')).toBeNull();
    expect(opt.headers.get('etag')).not.toBe(de.headers.get('etag'));
  });

  it('ignores malformed options instead of reflecting them', async () => {
    const res = await get(`/widgets/${slug}?theme=%22%3E%3Cscript%3E&accent=red;background:url(x)&locale=%3Cscript%3E`, en);
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-theme="auto"');
    expect(res.text).not.toMatch(/<script>|url\(x\)|red;/);
    expect(res.text).toContain('$8,750 raised of $10,000');
  });

  it('formats JPY without decimals and KWD with three', async () => {
    const jpy = uniqueSlug('yen');
    await createAppeal(t, jpy, { currency: 'jpy', target: 500_000 });
    await recordGift(t.url, jpy, 123_456, 'y1');
    const kwd = uniqueSlug('dinar');
    await createAppeal(t, kwd, { currency: 'kwd', target: 1_000_000 });
    await recordGift(t.url, kwd, 1230, 'k1');
    const y = await waitFor(
      async () => {
        const r = await get(`/widgets/${jpy}`, en);
        return r.text.includes('123,456') && r;
      },
      3000,
      'yen page',
    );
    expect(y.text).toContain('¥123,456 raised of ¥500,000');
    const k = await waitFor(
      async () => {
        const r = await get(`/widgets/${kwd}`, en);
        return r.text.includes('1.230') && r;
      },
      3000,
      'dinar page',
    );
    expect(k.text).toContain(
      `${formatMoney(1230, 'kwd', 'en-US')} raised of ${formatMoney(1_000_000, 'kwd', 'en-US', { noDecimalsWhenWhole: true })}`,
    );
    expect(k.text).toMatch(/KWD.1\.230 raised of KWD.1,000</);
  });

  it('serves an SVG badge for <img>: no script, cacheable like the JSON', async () => {
    const res = await get(`/widgets/${slug}.svg`, en);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(res.text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(res.text).toContain('$8,750 raised of $10,000');
    expect(res.text).toContain('2 donors');
    expect(res.text).not.toMatch(/<script|on\w+=|href=/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=30');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const etag = res.headers.get('etag')!;
    expect((await get(`/widgets/${slug}.svg`, { ...en, 'if-none-match': etag })).status).toBe(304);
  });

  it('serves embed.js as a cacheable script that references nothing external', async () => {
    const res = await get('/widgets/embed.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.text).toContain('data-appeal');
    expect(res.text).not.toMatch(/https?:\/\//);
    expect(() => new Function(res.text)).not.toThrow();
    // As a browser or a CDN revalidates (fetch() would add `Cache-Control: no-cache` otherwise).
    expect((await get('/widgets/embed.js', { 'cache-control': 'max-age=0', 'if-none-match': res.headers.get('etag')! })).status).toBe(304);
  });

  it('serves embed.js as the one file the build bundled, with its own cross-origin and cache headers', async () => {
    const res = await get('/widgets/embed.js');
    expect(res.text).toBe(readBrowserFile('widgets', 'embed.js').toString('utf8'));
    expect(res.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=86400');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    // None of the global same-origin headers, which would stop other sites from loading it.
    for (const h of ['x-frame-options', 'content-security-policy', 'cross-origin-opener-policy']) expect(res.headers.get(h)).toBeNull();
    const etag = res.headers.get('etag')!;
    const fresh = await get('/widgets/embed.js', { 'cache-control': 'max-age=0', 'if-none-match': `"stale", ${etag}` });
    expect(fresh.status).toBe(304);
    expect(fresh.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=86400');
    expect(fresh.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers 404 on every widget route for an unknown or a draft appeal', async () => {
    const draft = uniqueSlug('draft');
    await createAppeal(t, draft, { status: 'draft' });
    for (const s of [draft, 'no-such-appeal']) {
      const page = await get(`/widgets/${s}`);
      expect(page.status).toBe(404);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const svg = await get(`/widgets/${s}.svg`);
      expect(svg.status).toBe(404);
      expect(svg.body).toEqual({ statusCode: 404, error: 'Not Found', message: `No appeal with slug "${s}"` });
    }
  });

  it('escapes a hostile title everywhere', async () => {
    const evil = uniqueSlug('evil');
    await createAppeal(t, evil, { title: '<img src=x onerror=alert(1)> & "quotes"' });
    const page = await get(`/widgets/${evil}`, en);
    const svg = await get(`/widgets/${evil}.svg`, en);
    for (const text of [page.text, svg.text]) {
      expect(text).not.toContain('<img');
      expect(text).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
    }
  });

  it('shows no donor data on any public route', async () => {
    const p = uniqueSlug('privacy');
    await createAppeal(t, p);
    await recordGift(t.url, p, 4200, 'secret-ref-991', 'Zebedee Quixote-Private');
    await waitFor(async () => (await get(`/api/appeals/${p}/progress`)).body.raised === 4200);
    const stream = await openStream(`${t.url}/api/appeals/${p}/progress/stream`);
    const first = await stream.waitFor((e) => e.event === 'progress');
    stream.close();
    const bodies = [
      first.data!,
      ...(await Promise.all(
        [`/api/appeals/${p}`, `/api/appeals/${p}/progress`, `/widgets/${p}`, `/widgets/${p}.svg`, '/widgets/embed.js'].map(
          async (path) => (await get(path)).text,
        ),
      )),
    ];
    for (const text of bodies) {
      expect(text).not.toMatch(/Zebedee|Quixote|secret-ref-991/);
      expect(text).not.toMatch(/donorName|donorEmail|"email"/);
    }
  });

  it('leaves the security headers of every other route alone, errors and unknown paths included', async () => {
    for (const path of ['/health', '/organiser/sign-in', `/donate/${slug}`, '/no/such/path', '/api/appeals', '/assets/pages.css']) {
      const res = await get(path);
      expect({ path, xfo: res.headers.get('x-frame-options') }).toEqual({ path, xfo: 'SAMEORIGIN' });
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });
});
