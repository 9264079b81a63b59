import { firstAcceptedLocale, knownLocale, normaliseAccent, optionsKey, parseWidgetOptions } from './widget-options';

describe('widget options', () => {
  it.each([
    ['en-US', 'en-US'],
    ['de-de', 'de-DE'],
    ['fr', 'fr'],
    ['ja-JP', 'ja-JP'],
    ['zz-ZZ', null],
    ['<script>', null],
    ['en_US', null],
    ['x'.repeat(40), null],
    [42, null],
  ])('knownLocale(%p) -> %p', (tag, expected) => {
    expect(knownLocale(tag)).toBe(expected);
  });

  it.each([
    ['de-CH,de;q=0.9,en;q=0.8', 'de-CH'],
    ['fr;q=0.7', 'fr'],
    ['*', null],
    ['', null],
    [undefined, null],
  ])('firstAcceptedLocale(%p) -> %p', (header, expected) => {
    expect(firstAcceptedLocale(header as string | undefined)).toBe(expected);
  });

  it.each([
    ['993300', '#993300'],
    ['#993300', '#993300'],
    ['#930', '#993300'],
    ['930', '#993300'],
    ['red', null],
    ['#ff660', null],
    ['#ff6600;x', null],
    ['url(x)', null],
    [['#fff'], null],
  ])('normaliseAccent(%p) -> %p', (value, expected) => {
    expect(normaliseAccent(value)).toBe(expected);
  });

  it('darkens a too-light accent instead of refusing it', () => {
    expect(normaliseAccent('#ffff00')).toMatch(/^#[0-9a-f]{6}$/);
    expect(normaliseAccent('#ffff00')).not.toBe('#ffff00');
  });

  it('uses the query locale for numbers, else the reader locale when it is the chosen language, else the language', () => {
    expect(parseWidgetOptions({ locale: 'fr-FR' }, 'de-DE')).toEqual({
      theme: 'auto',
      accent: null,
      lang: 'en',
      locale: 'fr-FR',
      localeFixed: true,
      supporters: false,
    });
    expect(parseWidgetOptions({}, 'de-DE')).toMatchObject({ lang: 'en', locale: 'en-US', localeFixed: false });
    expect(parseWidgetOptions({}, 'en-GB')).toMatchObject({ lang: 'en', locale: 'en-GB' });
    expect(parseWidgetOptions({ lang: 'de' }, 'de-CH')).toMatchObject({ lang: 'de', locale: 'de-CH' });
    expect(parseWidgetOptions({ lang: 'es' }, 'de-DE')).toMatchObject({ lang: 'es', locale: 'es' });
    expect(parseWidgetOptions({ locale: 'nonsense!' }, undefined)).toMatchObject({ locale: 'en-US', localeFixed: false });
  });

  it.each([
    [{ lang: 'es' }, 'fr', 'es'],
    [{ lang: 'es-MX' }, 'fr', 'es'],
    [{ lang: 'xx' }, 'fr', 'fr'],
    [{ lang: ['es', 'de'] }, 'pt', 'pt'],
    [{}, 'ar', 'ar'],
    [{}, undefined, 'en'],
    [{ lang: 'xx' }, 'zz', 'en'],
  ])('chooses the language from ?lang=, then the appeal: %p with appeal %p -> %p', (query, appeal, expected) => {
    expect(parseWidgetOptions(query, undefined, appeal).lang).toBe(expected);
  });

  it('accepts the three themes and nothing else', () => {
    expect(parseWidgetOptions({ theme: 'dark' }).theme).toBe('dark');
    expect(parseWidgetOptions({ theme: 'light' }).theme).toBe('light');
    expect(parseWidgetOptions({ theme: ['dark', 'light'] }).theme).toBe('auto');
    expect(parseWidgetOptions({ theme: 'neon' }).theme).toBe('auto');
  });

  it('gives equal options equal keys', () => {
    expect(optionsKey(parseWidgetOptions({ accent: 'F60' }))).toBe(optionsKey(parseWidgetOptions({ accent: '#ff6600' })));
  });
});
