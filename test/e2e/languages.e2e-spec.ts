import { StripeGateway } from '../../src/payments/stripe/stripe-gateway';
import type Stripe from 'stripe';
import { LANGUAGES, SUPPORTED_LANGUAGES } from '../../src/wording/languages';
import { startTestApp, TestApp } from '../support/app';
import { createAppeal, recordGift } from '../support/appeals';
import { englishWordsIn, ENGLISH_WORDS, SAME_IN_BOTH } from '../support/english-words';
import { page, textOf } from '../support/pages';
import { WEBHOOK_SECRET } from '../support/stripe-events';
import { waitFor } from '../support/wait';

describe('every reader in their own language', () => {
  let t: TestApp;
  let gateway: StripeGateway;
  const slug = 'mundo';
  beforeAll(async () => {
    t = await startTestApp({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, CHECKOUT_RATE_LIMIT: '100' });
    gateway = t.app.get(StripeGateway);
    // The title is the organiser's own text: a name no language's check would mistake.
    await createAppeal(t, slug, { title: 'Kasa Ñandutí', target: 1_000_000, stretchTargets: [2_000_000] });
    await recordGift(t.url, slug, 1_200_000, 'm1', 'Ana');
    // A named, public gift from a country: the supporters wall and "from 1 country" show too.
    const named = await t.request('POST', `/api/appeals/${slug}/donations`, {
      body: { amount: 1_000, reference: 'm2', donorName: 'Bea', public: true, message: 'Ñandutí!', country: 'BR' },
    });
    expect(named.status).toBe(201);
    await waitFor(async () => (await get(`/api/appeals/${slug}/progress`)).body.donors === 2, 3000, 'gifts counted');
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => t.request('GET', path, { token: null, headers });

  it('knows enough English words for the check to mean something', () => {
    for (const w of ['raised', 'donors', 'give', 'amount', 'payment', 'thank', 'card', 'refunds']) expect(ENGLISH_WORDS.has(w)).toBe(true);
  });

  it('finds English on the English pages (the check can fail)', async () => {
    expect(englishWordsIn((await get(`/widgets/${slug}?lang=en`)).text)).toEqual(expect.arrayContaining(['raised', 'give']));
  });

  describe.each(SUPPORTED_LANGUAGES.filter((l) => l !== 'en'))('%s', (lang) => {
    const except = SAME_IN_BOTH[lang];
    const dir = lang === 'ar' ? 'rtl' : 'ltr';

    it('widget page: no English words, <html lang dir>, the Give link keeps the language', async () => {
      const res = await get(`/widgets/${slug}?lang=${lang}&show=supporters`);
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/<p class="aw-countries">[^<]+<\/p>/);
      expect(res.text).toContain(`<html lang="${lang}" dir="${dir}">`);
      expect(res.text).toContain(`href="../donate/${slug}?lang=${lang}"`);
      expect(englishWordsIn(res.text, except)).toEqual([]);
    });

    it('badge: no English words, the language in the ETag', async () => {
      const res = await get(`/widgets/${slug}.svg?lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`xml:lang="${lang}"`);
      expect(res.headers.get('etag')).toMatch(new RegExp(`^"\\d+-${lang}-`));
      expect(englishWordsIn(res.text, except)).toEqual([]);
    });

    it('donate page: no English words (TEST MODE banner included), <html lang dir>', async () => {
      const res = await page(t, 'GET', `/donate/${slug}?lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`<html lang="${lang}" dir="${dir}">`);
      expect(res.text).toMatch(/class="test-mode"/);
      expect(englishWordsIn(res.text, except)).toEqual([]);
    });

    it('thanks page and its status answer: no English words', async () => {
      const res = await page(t, 'GET', `/donate/${slug}/thanks?session_id=cs_test_unknown&lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`<html lang="${lang}" dir="${dir}">`);
      expect(englishWordsIn(res.text, except)).toEqual([]);
      const status = await get(`/donate/${slug}/thanks/status?session_id=cs_test_unknown&lang=${lang}`);
      expect(englishWordsIn(status.body.text, except)).toEqual([]);
    });

    it('error and not-found pages: no English words', async () => {
      const missing = await page(t, 'GET', `/donate/no-such-appeal?lang=${lang}`);
      expect(missing.status).toBe(404);
      expect(missing.text).toContain(`<html lang="${lang}" dir="${dir}">`);
      expect(englishWordsIn(missing.text, except)).toEqual([]);
      const widget = await get(`/widgets/no-such-appeal?lang=${lang}`);
      expect(widget.status).toBe(404);
      expect(englishWordsIn(widget.text, except)).toEqual([]);
    });
  });

  it('draws the Arabic badge right to left: text anchored right, the bar filled from the right', async () => {
    const svg = (await get(`/widgets/${slug}.svg?lang=ar`)).text;
    expect(svg).toMatch(/<text class="fg" x="386" direction="rtl" text-anchor="end"/);
    // 100 % of 372 px from x=14: a full bar starts at the left edge either way; a partial one
    // (the next check) starts from the right.
    const partial = await createAppeal(t, 'nisf', { title: 'Nisf', target: 1_000_000, language: 'ar' });
    expect(partial.language).toBe('ar');
    await recordGift(t.url, 'nisf', 250_000, 'n1');
    const quarter = await waitFor(
      async () => {
        const r = await get('/widgets/nisf.svg');
        return r.text.includes('class="fill"') && r.text;
      },
      3000,
      'quarter bar',
    );
    expect(quarter).toMatch(/<rect class="fill" fill="#1a5fb4" x="293" y="40" width="93"/);
  });

  it("uses the appeal's own language when the embed names none, and falls back cleanly", async () => {
    await createAppeal(t, 'monde', { title: 'Kasa', language: 'fr' });
    expect((await get('/widgets/monde')).text).toContain('<html lang="fr" dir="ltr">');
    expect((await get('/widgets/monde?lang=xx')).text).toContain('<html lang="fr" dir="ltr">');
    expect((await get('/widgets/monde?lang=es-MX')).text).toContain('<html lang="es" dir="ltr">');
    expect((await get('/widgets/monde.svg')).text).toContain('xml:lang="fr"');
    expect((await get('/api/appeals/monde/progress')).body.language).toBe('fr');
  });

  it('refuses a language with no catalog on the organiser API, naming the field', async () => {
    const res = await t.request('POST', '/api/appeals', {
      body: { slug: 'klingon', title: 'K', currency: 'usd', target: 100, language: 'tlh' },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain('language must be one of en, es, pt, fr, de, ar');
    const patch = await t.request('PATCH', `/api/appeals/${slug}`, { body: { language: 'de' } });
    expect(patch.status).toBe(200);
    expect(patch.body.language).toBe('de');
    expect((await get(`/widgets/${slug}`)).text).toContain('<html lang="de" dir="ltr">');
    await t.request('PATCH', `/api/appeals/${slug}`, { body: { language: 'en' } });
  });

  it('gives each language its own ETag and a 304 only for the same one', async () => {
    const es = await get(`/widgets/${slug}?lang=es`);
    const fr = await get(`/widgets/${slug}?lang=fr`);
    expect(es.headers.get('etag')).not.toBe(fr.headers.get('etag'));
    expect((await get(`/widgets/${slug}?lang=es`, { 'if-none-match': es.headers.get('etag')! })).status).toBe(304);
    expect((await get(`/widgets/${slug}?lang=fr`, { 'if-none-match': es.headers.get('etag')! })).status).toBe(200);
  });

  it('answers the donate page in the Accept-Language, and says it varies by it', async () => {
    const res = await page(t, 'GET', `/donate/${slug}`, { headers: { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' } });
    expect(res.text).toContain('<html lang="es" dir="ltr">');
    expect(res.headers.get('vary')).toContain('Accept-Language');
    expect(res.text).toContain('Tu donación');
    // ?lang= wins over the header; an unknown header language falls back to the appeal's.
    expect((await page(t, 'GET', `/donate/${slug}?lang=pt`, { headers: { 'accept-language': 'es' } })).text).toContain('<html lang="pt"');
    expect((await page(t, 'GET', `/donate/${slug}`, { headers: { 'accept-language': 'ja' } })).text).toContain('<html lang="en"');
  });

  it.each([
    ['es', 'es', 'Donación a Kasa Ñandutí'],
    ['pt', 'pt-BR', 'Doação para Kasa Ñandutí'],
    ['ar', 'auto', 'تبرع لـKasa Ñandutí'],
  ])('starts Checkout in %s (Stripe locale %s), and the thanks page follows', async (lang, locale, product) => {
    const res = await t.request('POST', `/api/appeals/${slug}/checkout`, { token: null, body: { amount: 2500, language: lang } });
    expect(res.status).toBe(201);
    const session = await gateway.stripe.checkout.sessions.retrieve(res.body.id);
    expect(session.locale).toBe(locale);
    expect(session.success_url).toContain(`/donate/${slug}/thanks?session_id={CHECKOUT_SESSION_ID}&lang=${lang}`);
    expect(session.cancel_url).toContain(`&lang=${lang}`);
    const pay = await page(t, 'GET', new URL(res.body.url).pathname, { headers: { 'accept-language': lang } });
    expect(pay.text).toContain(`<html lang="${lang}"`);
    expect(pay.text).toContain(product);
    expect(englishWordsIn(pay.text, SAME_IN_BOTH[lang])).toEqual([]);
  });

  it.each(SUPPORTED_LANGUAGES.filter((l) => l !== 'en'))(
    'starts a monthly Checkout in %s: its locale, the plan named in it, how often said on the pay page, the thanks page follows',
    async (lang) => {
      const res = await t.request('POST', `/api/appeals/${slug}/checkout`, {
        token: null,
        body: { amount: 1000, frequency: 'monthly', language: lang },
      });
      expect(res.status).toBe(201);
      const session = await gateway.stripe.checkout.sessions.retrieve(res.body.id);
      expect(session.mode).toBe('subscription');
      expect(session.success_url).toContain(`&lang=${lang}`);
      expect(session.cancel_url).toContain(`&frequency=monthly&lang=${lang}`);
      const pay = await page(t, 'GET', new URL(res.body.url).pathname, { headers: { 'accept-language': lang } });
      expect(pay.text).toContain(`<html lang="${lang}"`);
      expect(englishWordsIn(pay.text, SAME_IN_BOTH[lang])).toEqual([]);
    },
  );

  it.each(SUPPORTED_LANGUAGES.filter((l) => l !== 'en'))(
    "the sandbox's customer portal speaks %s: the plan, its state, the cancel notice",
    async (lang) => {
      const res = await t.request('POST', `/api/appeals/${slug}/checkout`, {
        token: null,
        body: { amount: 1000, frequency: 'monthly', language: lang, donorEmail: 'mo@example.org' },
      });
      expect(res.status).toBe(201);
      const pay = new URL(res.body.url).pathname;
      expect((await page(t, 'POST', pay, { form: { outcome: 'paid' } })).status).toBe(303);
      const paid = await gateway.stripe.checkout.sessions.retrieve(res.body.id);
      const sub = await gateway.stripe.subscriptions.retrieve(paid.subscription as string);
      const portal = await gateway.stripe.billingPortal.sessions.create({
        customer: sub.customer as string,
        return_url: `${t.url}/donate/${slug}?lang=${lang}`,
        locale: LANGUAGES[lang].stripe as Stripe.BillingPortal.SessionCreateParams.Locale,
      });
      const headers = { 'accept-language': lang };
      const shown = await page(t, 'GET', new URL(portal.url).pathname, { headers });
      expect(shown.status).toBe(200);
      expect(shown.text).toContain(`<html lang="${lang}"`);
      expect(shown.text).toContain('class="plan-state"');
      expect(englishWordsIn(shown.text, SAME_IN_BOTH[lang])).toEqual([]);
      const cancel = await page(t, 'POST', `${new URL(portal.url).pathname}/cancel`, { form: { subscription: sub.id } });
      expect(cancel.status).toBe(303);
      const after = await page(t, 'GET', cancel.location!.replace(/^https?:\/\/[^/]+/, ''), { headers });
      expect(after.text).toContain('id="notice"');
      expect(englishWordsIn(after.text, SAME_IN_BOTH[lang])).toEqual([]);
    },
  );

  it('without the script, the form posts in its language and Checkout gets the same locale', async () => {
    const form = await page(t, 'GET', `/donate/${slug}?lang=fr`);
    const key = /name="key" value="([0-9a-f]{32})"/.exec(form.text)![1];
    expect(form.text).toContain(`action="/donate/${slug}?lang=fr"`);
    const post = await page(t, 'POST', `/donate/${slug}?lang=fr`, { form: { preset: 'other', customAmount: '12', key, lang: 'fr' } });
    expect(post.status).toBe(303);
    const id = /\/pay\/(cs_test_\w+)/.exec(post.location!)![1];
    expect((await gateway.stripe.checkout.sessions.retrieve(id)).locale).toBe('fr');
    // A problem re-shows the form in French.
    const bad = await page(t, 'POST', `/donate/${slug}?lang=fr`, { form: { preset: 'other', customAmount: 'abc', key, lang: 'fr' } });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Saisissez un montant comme 25.50');
  });

  it('without the script, says the checkout limits and a bad e-mail in the donor language', async () => {
    const form = await page(t, 'GET', `/donate/${slug}?lang=es`);
    const key = /name="key" value="([0-9a-f]{32})"/.exec(form.text)![1];
    const res = await page(t, 'POST', `/donate/${slug}?lang=es`, {
      form: { preset: 'other', customAmount: '0.01', donorEmail: 'not-an-address', key, lang: 'es' },
    });
    expect(res.status).toBe(400);
    expect(textOf(res.text, 'amount-error')).toMatch(/^La donación más pequeña que podemos aceptar es de 0,50\sUS\$\.$/);
    expect(textOf(res.text, 'donorEmail-error')).toBe('Escribe una dirección de correo como nombre@ejemplo.org.');
    expect(englishWordsIn(res.text, SAME_IN_BOTH.es)).toEqual([]);
  });

  it('rejects an unsupported language on the checkout API', async () => {
    const res = await t.request('POST', `/api/appeals/${slug}/checkout`, { token: null, body: { amount: 2500, language: 'xx' } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain('language must be one of');
  });
});
