import { MetricsService } from '../../src/metrics/metrics.service';
import { startTestApp, TestApp } from '../support/app';
import { createAppeal, recordGift, uniqueSlug } from '../support/appeals';
import { page } from '../support/pages';
import { waitFor } from '../support/wait';

const BASE = 'https://give.example.org';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Png {
  status: number;
  headers: Headers;
  bytes: Buffer;
}

/** Width and height from the PNG's IHDR chunk, which must come first (RFC 2083). */
function ihdr(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);

/** Every <meta property|name="…" content="…"> of a page's head, content unescaped. */
function metaTags(html: string): Record<string, string> {
  const head = html.slice(0, html.indexOf('</head>'));
  const tags: Record<string, string> = {};
  for (const m of head.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)">/g)) tags[m[1]] = unescape(m[2]);
  return tags;
}

describe('share card and link previews', () => {
  let t: TestApp;
  let slug: string;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: `${BASE}/` });
    slug = uniqueSlug('card');
    await createAppeal(t, slug, { title: 'Roof for "Café Zoë" <b>now</b> & more', target: 1_000_000 });
    await recordGift(t.url, slug, 500_000, 'c1', 'Ann');
    await recordGift(t.url, slug, 375_000, 'c2', 'Bob');
    await waitFor(async () => (await t.request('GET', `/api/appeals/${slug}`, { token: null })).body.raised === 875_000, 10_000, 'gifts');
  });
  afterAll(async () => {
    await t.close();
  });

  const png = async (path: string, headers: Record<string, string> = {}): Promise<Png> => {
    const res = await fetch(t.url + path, { headers });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const renders = async () =>
    (await t.app.get(MetricsService).shareCardRenders.get()).values.find((v) => v.labels.outcome === 'rendered')?.value ?? 0;

  it('serves a 1200x630 PNG, cacheable like the badge, with 304 on If-None-Match', async () => {
    const res = await png(`/widgets/${slug}.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(ihdr(res.bytes)).toEqual({ width: 1200, height: 630 });
    expect(Number(res.headers.get('content-length'))).toBe(res.bytes.length);
    expect(res.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=30');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const etag = res.headers.get('etag')!;
    const version = (await t.request('GET', `/api/appeals/${slug}`, { token: null })).body.version;
    expect(etag).toMatch(new RegExp(`^"${version}-`));
    const again = await png(`/widgets/${slug}.png`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    expect(again.headers.get('etag')).toBe(etag);
  });

  it('draws a state once per instance, however many ask at the same time', async () => {
    const s = uniqueSlug('once');
    await createAppeal(t, s);
    const before = await renders();
    const answers = await Promise.all(Array.from({ length: 8 }, () => png(`/widgets/${s}.png`)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(new Set(answers.map((a) => a.headers.get('etag'))).size).toBe(1);
    expect(await renders()).toBe(before + 1);
    await png(`/widgets/${s}.png`);
    expect(await renders()).toBe(before + 1);
  });

  it('changes, with a new ETag, when the total changes', async () => {
    const s = uniqueSlug('moves');
    await createAppeal(t, s);
    const served = (raised: number) =>
      waitFor(
        async () => {
          const json = (await t.request('GET', `/api/appeals/${s}`, { token: null })).body;
          return json.raised === raised && (json.version as number);
        },
        10_000,
        `the total ${raised}`,
      );
    await recordGift(t.url, s, 10_000, 'm1');
    const v1 = await served(10_000);
    const first = await png(`/widgets/${s}.png`);
    expect(first.headers.get('etag')).toMatch(new RegExp(`^"${v1}-`));
    await recordGift(t.url, s, 25_000, 'm2');
    const v2 = await served(35_000);
    const second = await png(`/widgets/${s}.png`, { 'if-none-match': first.headers.get('etag')! });
    expect(second.status).toBe(200);
    expect(second.headers.get('etag')).toMatch(new RegExp(`^"${v2}-`));
    expect(second.headers.get('etag')).not.toBe(first.headers.get('etag'));
    expect(second.bytes.equals(first.bytes)).toBe(false);
    expect(ihdr(second.bytes)).toEqual({ width: 1200, height: 630 });
  });

  it('answers 404 for a draft and for an unknown slug', async () => {
    const draft = uniqueSlug('draft');
    await createAppeal(t, draft, { status: 'draft' });
    for (const s of [draft, 'no-such-appeal']) {
      const res = await t.request('GET', `/widgets/${s}.png`, { token: null });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: `No appeal with slug "${s}"` });
    }
  });

  it('gives the donate page Open Graph and Twitter meta: absolute, escaped, describing the total', async () => {
    const res = await page(t, 'GET', `/donate/${slug}`);
    expect(res.status).toBe(200);
    const head = res.text.slice(0, res.text.indexOf('</head>'));
    expect(head).not.toContain('<b>');
    expect(head).toContain('Roof for &quot;Café Zoë&quot; &lt;b&gt;now&lt;/b&gt; &amp; more');
    const url = `${BASE}/donate/${slug}`;
    const image = `${BASE}/widgets/${slug}.png`;
    const title = 'Roof for "Café Zoë" <b>now</b> & more';
    const description = '$8,750 raised of $10,000 by 2 donors';
    expect(metaTags(res.text)).toMatchObject({
      'og:type': 'website',
      'og:title': title,
      'og:description': description,
      'og:url': url,
      'og:image': image,
      'og:image:width': '1200',
      'og:image:height': '630',
      'og:image:alt': `${title}: ${description}`,
      'twitter:card': 'summary_large_image',
      'twitter:title': title,
      'twitter:description': description,
      'twitter:image': image,
    });
    // The image the meta names is the card this service draws.
    const card = await png(new URL(image).pathname);
    expect(ihdr(card.bytes)).toEqual({ width: 1200, height: 630 });
  });

  it('invites the first gift instead of saying "0 donors"', async () => {
    const s = uniqueSlug('empty');
    await createAppeal(t, s);
    const res = await page(t, 'GET', `/donate/${s}`);
    expect(metaTags(res.text)['og:description']).toBe('$0 raised of $10,000. Be the first to give.');
  });

  it('says from how many countries the gifts came, once a gift named one', async () => {
    const s = uniqueSlug('world');
    await createAppeal(t, s);
    for (const [reference, country] of [
      ['w1', 'FR'],
      ['w2', 'DE'],
    ]) {
      const res = await t.request('POST', `/api/appeals/${s}/donations`, { body: { amount: 5000, reference, country } });
      expect(res.status).toBe(201);
    }
    const description = await waitFor(
      async () => {
        const d = metaTags((await page(t, 'GET', `/donate/${s}`)).text)['og:description'];
        return d.startsWith('$100 raised') && d;
      },
      10_000,
      'both gifts',
    );
    expect(description).toBe('$100 raised of $10,000 by 2 donors from 2 countries');
  });

  it('puts share links on the thanks page, each pointing at the donate page', async () => {
    const res = await page(t, 'GET', `/donate/${slug}/thanks`);
    const url = encodeURIComponent(`${BASE}/donate/${slug}`);
    const hrefs = [...res.text.matchAll(/data-share-link="(\w+)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual(['email', 'whatsapp', 'x', 'facebook']);
    const links = res.text.replace(/&amp;/g, '&');
    expect(links).toContain(`href="https://www.facebook.com/sharer/sharer.php?u=${url}"`);
    expect(links).toContain(`href="https://x.com/intent/post?text=`);
    expect(links).toContain(`&url=${url}"`);
    expect(links).toContain(`href="https://wa.me/?text=`);
    expect(links).toContain(`href="mailto:?subject=`);
    // No network's script or widget: every script on the page is our own.
    for (const m of res.text.matchAll(/<script[^>]*src="([^"]+)"/g)) expect(m[1]).toMatch(/^\/assets\//);
    expect(metaTags(res.text)['og:url']).toBe(`${BASE}/donate/${slug}`);
  });
});
