/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { ADMIN_TOKEN, TestApp } from '../support/app';
import { createAppeal, recordGift } from '../support/appeals';
import { axeViolations } from '../support/axe';
import {
  asServiceSite,
  Browser,
  describeInBrowser,
  launchBrowser,
  screenshot,
  startBrowserApp,
  startHostSite,
  tabTo,
  tabToText,
} from '../support/browser';
import { resetLedger } from '../support/ledger';
import { waitFor } from '../support/wait';

jest.setTimeout(180_000);

/**
 * The reader's language and accessibility in real Chromium: the embed on a Spanish article,
 * Arabic right to left, axe-core (WCAG 2.2 A/AA) on the donor, widget and organiser pages in
 * English and Arabic, keyboard-only giving in Spanish, and polite announcements.
 */
describeInBrowser('languages and accessibility in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let host: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    t = await startBrowserApp();
    await resetLedger(t.ds);
    await createAppeal(t, 'escuela', { title: 'Techo de la escuela', target: 1_000_000, language: 'en' });
    await createAppeal(t, 'madrasa', { title: 'سقف المدرسة', target: 1_000_000, language: 'ar' });
    await recordGift(t.url, 'escuela', 250_000, 'e1', 'Ana');
    await recordGift(t.url, 'madrasa', 250_000, 'a1', 'Ali');
    const service = asServiceSite(t.url);
    const csp = `default-src 'self'; script-src ${service}; connect-src ${service}; frame-src ${service}; img-src ${service}`;
    const article = (lang: string, dir: string, inner: string) => ({
      csp,
      body: `<!doctype html><html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><title>Artículo</title></head>
<body><main><h1>Noticias</h1>${inner}</main><script src="${service}/widgets/embed.js" async></script></body></html>`,
    });
    host = await startHostSite({
      '/es': article('es-ES', 'ltr', '<div data-appeal="escuela"></div>'),
      '/es-data-lang': article('es-ES', 'ltr', '<div data-appeal="escuela" data-lang="de"></div>'),
      '/no-lang': {
        csp,
        body: `<!doctype html><html><head><meta charset="utf-8"><title>x</title></head><body><main><div data-appeal="madrasa"></div></main><script src="${service}/widgets/embed.js" async></script></body></html>`,
      },
      '/ar': article('ar', 'rtl', '<div data-appeal="madrasa"></div>'),
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await t?.close();
  });
  afterEach(async () => {
    for (const p of browser.context.pages()) await p.close();
    browser.errors.length = 0;
  });

  const open = async (url: string): Promise<Page> => {
    const page = await browser.context.newPage();
    await page.goto(url);
    return page;
  };
  const widgetText = (page: Page, cls: string) =>
    page.evaluate((c) => document.querySelector('[data-appeal]')!.shadowRoot!.querySelector(`.aw-${c}`)!.textContent, cls);

  it('has an axe check that finds violations where there are some', async () => {
    const page = await browser.context.newPage();
    await page.setContent('<html><body><img src="data:,"><p style="color:#eee;background:#fff">pale</p><input></body></html>');
    const ids = (await axeViolations(page)).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['image-alt', 'color-contrast', 'html-has-lang', 'label']));
  });

  it('renders the embed in Spanish on a Spanish article (<html lang="es-ES">), numbers included', async () => {
    const page = await open(`${host.url}/es`);
    await waitFor(async () => (await widgetText(page, 'amounts').catch(() => null))?.includes('recaudados'), 10_000, 'Spanish widget');
    expect(await widgetText(page, 'amounts')).toBe(
      `${new Intl.NumberFormat('es-ES', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(2500)} recaudados de ${new Intl.NumberFormat('es-ES', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(10000)}`,
    );
    expect(await widgetText(page, 'donors')).toBe('1 donante');
    expect(await widgetText(page, 'give')).toBe('Donar');
    expect(await widgetText(page, 'rule')).toContain('no se cuentan los pagos pendientes');
    expect(
      await page.evaluate(() => document.querySelector('[data-appeal]')!.shadowRoot!.querySelector('.aw-give')!.getAttribute('href')),
    ).toMatch(/\/donate\/escuela\?lang=es$/);
    await screenshot(page, 'embed-spanish-article');
    expect(await axeViolations(page)).toEqual([]);
    expect(browser.errors).toEqual([]);
  });

  it('lets data-lang override the page language, and uses the appeal language on a page without one', async () => {
    const de = await open(`${host.url}/es-data-lang`);
    await waitFor(async () => (await widgetText(de, 'give').catch(() => null)) === 'Spenden', 10_000, 'German widget');
    const none = await open(`${host.url}/no-lang`);
    await waitFor(async () => (await widgetText(none, 'give').catch(() => null)) === 'تبرّع', 10_000, 'Arabic widget');
  });

  it('draws Arabic right to left, the bar filling from the right, on an Arabic article and in the iframe page', async () => {
    const page = await open(`${host.url}/ar`);
    await waitFor(async () => (await widgetText(page, 'give').catch(() => null)) === 'تبرّع', 10_000, 'Arabic widget');
    const geometry = () =>
      page.evaluate(() => {
        const root = document.querySelector('[data-appeal]')!.shadowRoot!;
        const bar = root.querySelector('.aw-bar')!.getBoundingClientRect();
        const fill = root.querySelector('.aw-fill')!.getBoundingClientRect();
        return {
          dir: root.querySelector('.aw')!.getAttribute('dir'),
          barRight: bar.right,
          fillRight: fill.right,
          barLeft: bar.left,
          fillLeft: fill.left,
        };
      });
    await waitFor(async () => (await geometry()).fillRight - (await geometry()).fillLeft > 10, 5000, 'bar drawn');
    const g = await geometry();
    expect(g.dir).toBe('rtl');
    expect(Math.abs(g.fillRight - g.barRight)).toBeLessThan(1);
    expect(g.fillLeft - g.barLeft).toBeGreaterThan(50);
    await screenshot(page, 'embed-arabic-article');
    expect(await axeViolations(page)).toEqual([]);

    const frame = await open(`${t.url}/widgets/madrasa`);
    expect(await frame.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const f = await frame.evaluate(() => {
      const bar = document.querySelector('.aw-bar')!.getBoundingClientRect();
      const fill = document.querySelector('.aw-fill')!.getBoundingClientRect();
      return { right: Math.abs(bar.right - fill.right), left: fill.left - bar.left };
    });
    expect(f.right).toBeLessThan(1);
    expect(f.left).toBeGreaterThan(50);
  });

  it('announces politely only when the rounded percent or the donor count changes', async () => {
    const page = await open(`${t.url}/widgets/escuela?lang=es`);
    const live = () => page.evaluate(() => document.querySelector('.aw-live')!.textContent);
    const amounts = () => page.evaluate(() => document.querySelector('.aw-amounts')!.textContent);
    expect(await page.evaluate(() => document.querySelector('.aw-live')!.getAttribute('aria-live'))).toBe('polite');
    expect(await live()).toBe('');
    // A new donor: news.
    await recordGift(t.url, 'escuela', 100_000, 'e2', 'Bea');
    await waitFor(async () => (await live()) !== '', 10_000, 'announcement');
    const said = `${new Intl.NumberFormat('es', { style: 'percent' }).format(0.35)} de la meta, 2 donantes`;
    expect(await live()).toBe(said);
    // Ana gives a little more: the total moves, the rounded percent and the donors do not.
    const before = await amounts();
    await recordGift(t.url, 'escuela', 10, 'e3', 'Ana');
    await waitFor(async () => (await amounts()) !== before, 10_000, 'small change shown');
    expect(await live()).toBe(said);
    // Another donor: news again.
    await recordGift(t.url, 'escuela', 10, 'e4', 'Cai');
    await waitFor(async () => (await live()) !== said, 10_000, 'second announcement');
    expect(await live()).toContain('3 donantes');
  });

  it('announces a new donor politely on the donate page too, in its language', async () => {
    const page = await open(`${t.url}/donate/madrasa?lang=ar`);
    const live = () => page.evaluate(() => document.querySelector('.progress-block .aw-live')!.textContent);
    expect(await live()).toBe('');
    // Whenever the page's stream connects, it compares with what the server drew (data-announced).
    await recordGift(t.url, 'madrasa', 100_000, `a-${Date.now()}`, 'Badr');
    await waitFor(async () => (await live()) !== '', 10_000, 'announcement');
    expect(await live()).toContain('متبرعان');
  });

  describe.each(['en', 'ar'])('axe-core finds no WCAG 2.2 A/AA violation in %s on', (lang) => {
    it('the donate page, a validation error, the thanks page and the widget page', async () => {
      const donor = await open(`${t.url}/donate/madrasa?lang=${lang}`);
      expect(await donor.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
        lang,
        lang === 'ar' ? 'rtl' : 'ltr',
      ]);
      expect(await axeViolations(donor)).toEqual([]);
      // Nothing pushed off the side (a right-to-left page scrolls to anything left of it).
      expect(await donor.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await donor.locator('#preset-other').check();
      await donor.locator('#customAmount').fill('0.01');
      await donor.locator('button[type=submit]').click();
      await donor.locator('#amount-error:not(:empty)').waitFor();
      expect(await axeViolations(donor)).toEqual([]);
      await screenshot(donor, `donate-${lang}-error`);
      const thanks = await open(`${t.url}/donate/madrasa/thanks?session_id=cs_test_nothing&lang=${lang}`);
      expect(await axeViolations(thanks)).toEqual([]);
      const widget = await open(`${t.url}/widgets/madrasa?lang=${lang}`);
      expect(await axeViolations(widget)).toEqual([]);
      const dark = await open(`${t.url}/widgets/madrasa?lang=${lang}&theme=dark&accent=ffeb3b`);
      expect(await axeViolations(dark)).toEqual([]);
    });

    it('the organiser pages (sign-in, appeals, an appeal in that language, new appeal form)', async () => {
      const page = await open(`${t.url}/organiser/sign-in`);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByLabel('Organiser token').fill(ADMIN_TOKEN);
      await page.getByLabel('Organiser token').press('Enter');
      await page.getByText('Signed in as admin').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      const slug = lang === 'ar' ? 'madrasa' : 'escuela';
      await page.goto(`${t.url}/organiser/appeals/${slug}`);
      expect(await axeViolations(page)).toEqual([]);
      await page.goto(`${t.url}/organiser/appeals/new`);
      expect(await axeViolations(page)).toEqual([]);
      await page.context().clearCookies();
    });
  });

  it('takes a gift in Spanish with the keyboard alone, with a visible focus ring, through Checkout in Spanish', async () => {
    const donor = await open(`${t.url}/donate/escuela?lang=es`);
    await tabTo(donor, 'preset-2500');
    const ring = await donor.evaluate(() => {
      const s = getComputedStyle(document.activeElement!.nextElementSibling!);
      return `${s.outlineStyle} ${s.outlineWidth}`;
    });
    expect(ring).toMatch(/^solid [1-9]/);
    await tabTo(donor, 'donorName');
    await donor.keyboard.type('Teclado');
    await donor.keyboard.press('Tab');
    await donor.keyboard.type('tecla@example.org');
    await tabTo(donor, 'anonymous');
    await donor.keyboard.press('Space');
    await donor.keyboard.press('Tab');
    const button = await donor.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const s = getComputedStyle(el);
      return { text: el.textContent, outline: `${s.outlineStyle} ${s.outlineWidth}` };
    });
    expect(button.text).toBe('Continuar al pago');
    expect(button.outline).toMatch(/^solid [1-9]/);
    await donor.keyboard.press('Enter');
    await donor.waitForURL(/\/pay\//);
    expect(await donor.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(await axeViolations(donor)).toEqual([]);
    await tabToText(donor, /^Pagar /);
    await donor.keyboard.press('Enter');
    await donor.waitForURL(/\/thanks\?.*lang=es/);
    await donor.getByText(/Tu donación de .* se ha recibido y contabilizado/).waitFor();
    expect(await axeViolations(donor)).toEqual([]);
    await screenshot(donor, 'thanks-spanish');
    expect(browser.errors).toEqual([]);
  });
});
