import { viewFixture } from '../progress/progress-view.fixture';
import { SUPPORTED_LANGUAGES } from '../wording/languages';
import { renderBadge } from './widget-badge';
import { parseWidgetOptions } from './widget-options';
import { renderWidgetPage } from './widget-page';

const ar = (n: number) => new Intl.NumberFormat('ar').format(n);
const COUNTS = [0, 1, 2, 5, 11, 100];
const EXPECTED: Record<string, string[]> = {
  en: ['0 donors', '1 donor', '2 donors', '5 donors', '11 donors', '100 donors'],
  es: ['0 donantes', '1 donante', '2 donantes', '5 donantes', '11 donantes', '100 donantes'],
  pt: ['0 doadores', '1 doador', '2 doadores', '5 doadores', '11 doadores', '100 doadores'],
  fr: ['0 donateur', '1 donateur', '2 donateurs', '5 donateurs', '11 donateurs', '100 donateurs'],
  de: ['0 Spender', '1 Spender', '2 Spender', '5 Spender', '11 Spender', '100 Spender'],
  ar: ['لا متبرعين بعد', 'متبرع واحد', 'متبرعان', `${ar(5)} متبرعين`, `${ar(11)} متبرعًا`, `${ar(100)} متبرع`],
};

describe.each(SUPPORTED_LANGUAGES)('the widget and badge in %s', (lang) => {
  const opts = parseWidgetOptions({ lang });

  it.each(COUNTS.map((n, i) => [n, i]))('count %p donors with the right plural', (n, i) => {
    const view = viewFixture({ donors: n });
    expect(renderWidgetPage(view, opts).html).toContain(`<span class="aw-donors">${EXPECTED[lang][i]}</span>`);
    expect(renderBadge(view, opts)).toContain(EXPECTED[lang][i]);
  });

  it('sets the language and direction of the page and the badge', () => {
    const dir = lang === 'ar' ? 'rtl' : 'ltr';
    const { html } = renderWidgetPage(viewFixture(), opts);
    expect(html).toContain(`<html lang="${lang}" dir="${dir}">`);
    expect(html).toContain(`data-lang="${lang}" dir="${dir}"`);
    expect(renderBadge(viewFixture(), opts)).toContain(`xml:lang="${lang}"`);
  });
});

describe('accessibility of the widget page', () => {
  it('has an empty polite live region for the script to announce changes in', () => {
    const { html } = renderWidgetPage(viewFixture(), parseWidgetOptions({}));
    expect(html).toContain('<p class="aw-live" role="status" aria-live="polite" aria-atomic="true"></p>');
  });

  it('darkens a too-light accent in the page and the badge instead of dropping it', () => {
    const opts = parseWidgetOptions({ accent: 'ffeb3b' });
    expect(opts.accent).not.toBe('#ffeb3b');
    expect(renderWidgetPage(viewFixture(), opts).html).toContain(`--aw-accent:${opts.accent}`);
    expect(renderBadge(viewFixture({ percent: 50 }), opts)).toContain(`fill="${opts.accent}"`);
  });
});
