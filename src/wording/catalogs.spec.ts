import { MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { CATALOGS, translator } from './catalogs';
import { acceptedLanguage, LANGUAGES, languageOf, resolveLanguage, SUPPORTED_LANGUAGES } from './languages';
import { widgetText } from './widget-text';

const catalogs = CATALOGS();
const en = catalogs.en as unknown as Record<string, Record<string, string>>;
const ids = Object.entries(en).flatMap(([section, messages]) => Object.keys(messages).map((id) => `${section}.${id}`));
const messageOf = (lang: string, id: string): string | undefined => {
  const [section, name] = id.split('.');
  return (catalogs as unknown as Record<string, Record<string, Record<string, string>>>)[lang]?.[section]?.[name];
};

/** Every argument a message takes, with its kind (plain, plural, select...), and every plural's categories. */
function argumentsOf(ast: MessageFormatElement[], into = new Map<string, number>(), plurals: string[][] = []) {
  for (const el of ast) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    if (el.type === TYPE.tag) {
      argumentsOf(el.children, into, plurals);
      continue;
    }
    into.set(el.value, el.type);
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      if (el.type === TYPE.plural) plurals.push(Object.keys(el.options));
      for (const option of Object.values(el.options)) argumentsOf(option.value, into, plurals);
    }
  }
  return { args: into, plurals };
}

describe('message catalogs', () => {
  it('has a catalog for every supported language and no other', () => {
    expect(Object.keys(catalogs).sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
  });

  it.each(SUPPORTED_LANGUAGES)('%s has every key of the English catalog, and no key English lacks', (lang) => {
    const own = Object.entries(catalogs[lang] as unknown as Record<string, Record<string, string>>).flatMap(([s, m]) =>
      Object.keys(m).map((id) => `${s}.${id}`),
    );
    expect(own.filter((id) => !ids.includes(id))).toEqual([]);
    expect(ids.filter((id) => messageOf(lang, id) === undefined)).toEqual([]);
    for (const id of ids) expect({ id, empty: !messageOf(lang, id)?.trim() }).toEqual({ id, empty: false });
  });

  it.each(SUPPORTED_LANGUAGES)('every %s message parses as ICU MessageFormat and takes the same arguments as English', (lang) => {
    for (const id of ids) {
      const mine = argumentsOf(parse(messageOf(lang, id)!));
      const english = argumentsOf(parse(messageOf('en', id)!));
      expect({ id, args: [...mine.args].sort() }).toEqual({ id, args: [...english.args].sort() });
    }
  });

  it.each(SUPPORTED_LANGUAGES)('every plural in %s has every category the language needs (Intl.PluralRules), and "other"', (lang) => {
    const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    for (const id of ids) {
      for (const categories of argumentsOf(parse(messageOf(lang, id)!)).plurals) {
        expect({ id, missing: needed.filter((c) => !categories.includes(c)) }).toEqual({ id, missing: [] });
        expect(categories).toContain('other');
      }
    }
  });

  it('formats every message of every language with the English arguments, without throwing', () => {
    const sample = { n: 3, count: '3', title: 'T', amount: '$1', raised: '$1', target: '$2', percent: '5%', donors: 'x', amounts: 'y' };
    const args = {
      ...sample,
      currency: 'USD',
      minimum: '$1',
      maximum: '$9',
      example: '25.50',
      date: 'd',
      method: 'm',
      sandbox: 'yes',
      interval: 'month',
    };
    for (const lang of SUPPORTED_LANGUAGES) {
      const t = translator(lang);
      for (const id of ids) expect(typeof t(id as Parameters<typeof t>[0], args)).toBe('string');
    }
  });
});

describe('donor counts in every language', () => {
  const view = (donors: number) => ({ title: 'T', currency: 'usd', target: 100, raised: 0, donors, percent: 0, nextTarget: null });
  const counts = [0, 1, 2, 5, 11, 100];
  // Digits as Intl writes them for Arabic on this ICU (Arabic-Indic or Latin).
  const ar = (n: number) => new Intl.NumberFormat('ar').format(n);
  const expected: Record<string, string[]> = {
    en: ['0 donors', '1 donor', '2 donors', '5 donors', '11 donors', '100 donors'],
    es: ['0 donantes', '1 donante', '2 donantes', '5 donantes', '11 donantes', '100 donantes'],
    pt: ['0 doadores', '1 doador', '2 doadores', '5 doadores', '11 doadores', '100 doadores'],
    fr: ['0 donateur', '1 donateur', '2 donateurs', '5 donateurs', '11 donateurs', '100 donateurs'],
    de: ['0 Spender', '1 Spender', '2 Spender', '5 Spender', '11 Spender', '100 Spender'],
    // zero, one, two, few (3-10), many (11-99), other (100): Arabic's six forms.
    ar: ['لا متبرعين بعد', 'متبرع واحد', 'متبرعان', `${ar(5)} متبرعين`, `${ar(11)} متبرعًا`, `${ar(100)} متبرع`],
  };

  it.each(SUPPORTED_LANGUAGES)('says the right plural in %s for 0, 1, 2, 5, 11 and 100 donors', (lang) => {
    const locale = lang === 'en' ? 'en-US' : lang;
    expect(counts.map((n) => widgetText(view(n), locale, lang).donors)).toEqual(expected[lang]);
  });

  it('says "de" before a million in Spanish, French and Portuguese (their "many" form)', () => {
    expect(widgetText(view(1_000_000), 'es', 'es').donors).toBe('1.000.000 de donantes');
    expect(widgetText(view(1_000_000), 'pt', 'pt').donors).toBe('1.000.000 de doadores');
  });

  it('uses Arabic plural categories zero, one, two, few, many and other for those counts', () => {
    const rules = new Intl.PluralRules('ar');
    expect(counts.map((n) => rules.select(n))).toEqual(['zero', 'one', 'two', 'few', 'many', 'other']);
  });
});

describe('choosing a language', () => {
  it.each([
    ['es', 'es'],
    ['es-MX', 'es'],
    ['pt_BR', 'pt'],
    ['AR', 'ar'],
    ['xx', null],
    ['', null],
    ['e', null],
    [['es'], null],
    ['es-<script>', null],
  ])('languageOf(%p) -> %p', (tag, lang) => {
    expect(languageOf(tag)).toBe(lang);
  });

  it('takes the first supported candidate, else English', () => {
    expect(resolveLanguage('xx', 'fr')).toBe('fr');
    expect(resolveLanguage(undefined, null, 'de-AT')).toBe('de');
    expect(resolveLanguage('xx', 'zz')).toBe('en');
  });

  it.each([
    ['es-MX,es;q=0.9,en;q=0.5', 'es'],
    ['ja,fr;q=0.4,de;q=0.6', 'de'],
    ['en;q=0.2,ar', 'ar'],
    ['ja, zh;q=0.8', null],
    ['fr;q=0, de', 'de'],
    [undefined, null],
    ['*', null],
  ])('acceptedLanguage(%p) -> %p', (header, lang) => {
    expect(acceptedLanguage(header)).toBe(lang);
  });

  it('bounds the work on a huge Accept-Language header', () => {
    expect(acceptedLanguage(`${'xx;q=0.5,'.repeat(100_000)}es`)).toBeNull();
  });

  it('maps every language to a Checkout locale the Stripe SDK lists (Arabic: auto, Checkout has none)', () => {
    const stripeLocales = ['auto', 'de', 'en', 'es', 'fr', 'pt', 'pt-BR'];
    for (const lang of SUPPORTED_LANGUAGES) expect(stripeLocales).toContain(LANGUAGES[lang].stripe);
    expect(LANGUAGES.ar).toMatchObject({ dir: 'rtl', stripe: 'auto' });
  });
});
