import { LANGUAGES, SUPPORTED_LANGUAGES, type Language } from '../../src/wording/languages';
import { TestApp } from '../support/app';
import { createAppeal, recordGift } from '../support/appeals';
import { englishWordsIn, SAME_IN_BOTH } from '../support/english-words';
import { startWithStripeStub } from '../support/lifecycle-app';
import { hiddenValue, page } from '../support/pages';
import { StripeApiStub } from '../support/stripe-api-stub';
import { deliver, event, session, subscription } from '../support/stripe-events';
import { waitFor } from '../support/wait';

const BASE = 'https://give.example.org';

/** The widget line once one person gives monthly, per language (each language's "one" form). */
const ONE_GIVES_MONTHLY: Record<Language, string> = {
  en: '1 gives monthly',
  es: '1 dona cada mes',
  pt: '1 doa todo mês',
  fr: '1 donne chaque mois',
  de: '1 spendet monatlich',
  ar: 'شخص واحد يتبرع شهريًا',
};

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
/** Every <meta property|name="…" content="…"> of a page's head, content unescaped. */
function metaTags(html: string): Record<string, string> {
  const head = html.slice(0, html.indexOf('</head>'));
  const tags: Record<string, string> = {};
  for (const m of head.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)">/g))
    tags[m[1]] = m[2].replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);
  return tags;
}

/**
 * Monthly gifts' and sharing's words on the donor pages, the widget and the share card, in every
 * language: a monthly gift is running (so "1 gives monthly" shows) and its donor reads the thanks
 * page with the manage form.
 */
describe('monthly gifts and sharing in every language', () => {
  let t: TestApp;
  let stub: StripeApiStub;
  let sessionId: string;
  const slug = 'kasa';
  beforeAll(async () => {
    ({ t, stub } = await startWithStripeStub({ CHECKOUT_RATE_LIMIT: '1000', PUBLIC_BASE_URL: `${BASE}/` }));
    await createAppeal(t, slug, { title: 'Kasa Ñandutí', target: 1_000_000 });
    await recordGift(t.url, slug, 120_000, 'k1', 'Ana');
    // A monthly checkout as the donate page starts it, then Stripe's completed subscription session.
    const res = await t.request('POST', `/api/appeals/${slug}/checkout`, {
      body: { amount: 1_500, frequency: 'monthly', donorEmail: 'mo@example.org' },
      token: null,
    });
    expect(res.status).toBe(201);
    sessionId = res.body.id;
    const made = stub.createdSessions.find((s) => s.id === sessionId)!;
    const planId = made.params['metadata[plan_id]'];
    const sub = subscription({ amount: 1_500, metadata: { appeal: slug, plan_id: planId } });
    stub.subscriptions.set(sub.id, sub);
    const completed = session({
      id: sessionId,
      mode: 'subscription',
      amount_total: 1_500,
      payment_intent: null,
      subscription: sub.id,
      customer: sub.customer,
      metadata: { appeal: slug, plan_id: planId, donation_id: made.params['metadata[donation_id]'] },
      client_reference_id: made.params['metadata[donation_id]'],
    });
    expect((await deliver(t.url, event('checkout.session.completed', completed))).status).toBe(200);
    await waitFor(async () => (await get(`/api/appeals/${slug}/progress`)).body.monthlyDonors === 1, 5000, 'monthly donor counted');
  });
  afterAll(async () => {
    await t.close();
    await stub.stop();
  });

  const get = (path: string, headers: Record<string, string> = {}) => t.request('GET', path, { token: null, headers });
  const card = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(t.url + path, { headers });
    return { status: res.status, etag: res.headers.get('etag')!, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  it('finds the English monthly and share words on the English pages (the check can fail)', async () => {
    const donate = (await page(t, 'GET', `/donate/${slug}?lang=en`)).text;
    expect(donate).toContain(`<p class="aw-monthly">${ONE_GIVES_MONTHLY.en}</p>`);
    expect(englishWordsIn(donate)).toEqual(expect.arrayContaining(['monthly', 'share', 'copy']));
    const thanks = (await page(t, 'GET', `/donate/${slug}/thanks?session_id=${sessionId}&lang=en`)).text;
    expect(englishWordsIn(thanks)).toEqual(expect.arrayContaining(['manage', 'cancel', 'monthly']));
  });

  describe.each(SUPPORTED_LANGUAGES.filter((l) => l !== 'en'))('%s', (lang) => {
    const except = SAME_IN_BOTH[lang];

    it('widget: the monthly line in the language, no English words', async () => {
      const res = await get(`/widgets/${slug}?lang=${lang}`);
      expect(res.text).toContain(`<p class="aw-monthly">${ONE_GIVES_MONTHLY[lang]}</p>`);
      expect(englishWordsIn(res.text, except)).toEqual([]);
    });

    it('donate page: Once/Monthly, the monthly line, the share block and the link preview in the language', async () => {
      const res = await page(t, 'GET', `/donate/${slug}?lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('id="frequency-monthly"');
      expect(res.text).toContain('data-share ');
      expect(res.text).toContain(`<p class="aw-monthly">${ONE_GIVES_MONTHLY[lang]}</p>`);
      expect(englishWordsIn(res.text, except)).toEqual([]);
      // share.js says "copied" / "could not copy" with these, in the page's language.
      const copied = /data-share-copied="([^"]+)" data-share-copy-failed="([^"]+)"/.exec(res.text)!;
      expect(englishWordsIn(`${copied[1]} ${copied[2]}`, except)).toEqual([]);
      const meta = metaTags(res.text);
      expect(meta['og:locale']).toBe(lang);
      expect(meta['og:image']).toBe(`${BASE}/widgets/${slug}.png?lang=${lang}`);
      for (const k of ['og:description', 'og:image:alt', 'twitter:description'])
        expect({ k, words: englishWordsIn(meta[k], except) }).toEqual({ k, words: [] });
    });

    it("monthly donor's thanks page and its status answer: the monthly text and the manage form in the language", async () => {
      const res = await page(t, 'GET', `/donate/${slug}/thanks?session_id=${sessionId}&lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('data-monthly');
      expect(res.text).toContain('class="manage-monthly"');
      expect(englishWordsIn(res.text, except)).toEqual([]);
      const status = await get(`/donate/${slug}/thanks/status?session_id=${sessionId}&lang=${lang}`);
      expect(status.body.monthly).toBe(true);
      expect(englishWordsIn(status.body.text, except)).toEqual([]);
    });

    it("the manage button opens Stripe's customer portal in the language, returning to the appeal in it", async () => {
      const thanks = (await page(t, 'GET', `/donate/${slug}/thanks?session_id=${sessionId}&lang=${lang}`)).text;
      const form = { session_id: hiddenValue(thanks, 'session_id'), lang: hiddenValue(thanks, 'lang') };
      expect(form.lang).toBe(lang);
      const res = await page(t, 'POST', `/donate/${slug}/manage`, { form });
      expect(res.status).toBe(303);
      const made = stub.portalSessions[stub.portalSessions.length - 1];
      expect(res.location).toBe(made.url);
      expect(made.params).toMatchObject({ locale: LANGUAGES[lang].stripe, return_url: `${BASE}/donate/${slug}?lang=${lang}` });
    });

    it('share card: drawn in the language, which its ETag names; 304 on that ETag', async () => {
      const en = await card(`/widgets/${slug}.png`);
      const own = await card(`/widgets/${slug}.png?lang=${lang}`);
      expect(own.status).toBe(200);
      expect(own.etag).toMatch(new RegExp(`^"\\d+-${lang}-`));
      expect(own.etag).not.toBe(en.etag);
      expect(own.bytes.equals(en.bytes)).toBe(false);
      expect((await card(`/widgets/${slug}.png?lang=${lang}`, { 'if-none-match': own.etag })).status).toBe(304);
    });
  });

  it("draws the card in the appeal's language when the link names none, and the page's link says so only when they differ", async () => {
    await createAppeal(t, 'maison', { title: 'Maison', language: 'fr' });
    expect((await card('/widgets/maison.png')).etag).toMatch(/^"\d+-fr-/);
    expect((await card('/widgets/maison.png?lang=xx')).etag).toMatch(/^"\d+-fr-/);
    expect(metaTags((await page(t, 'GET', '/donate/maison?lang=fr')).text)['og:image']).toBe(`${BASE}/widgets/maison.png`);
    expect(metaTags((await page(t, 'GET', '/donate/maison?lang=es')).text)['og:image']).toBe(`${BASE}/widgets/maison.png?lang=es`);
  });
});
