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
    ['ff6600', '#ff6600'],
    ['#FF6600', '#ff6600'],
    ['#f60', '#ff6600'],
    ['f60', '#ff6600'],
    ['red', null],
    ['#ff660', null],
    ['#ff6600;x', null],
    ['url(x)', null],
    [['#fff'], null],
  ])('normaliseAccent(%p) -> %p', (value, expected) => {
    expect(normaliseAccent(value)).toBe(expected);
  });

  it('uses the query locale before Accept-Language, and falls back to en-US', () => {
    expect(parseWidgetOptions({ locale: 'fr-FR' }, 'de-DE')).toEqual({
      theme: 'auto',
      accent: null,
      locale: 'fr-FR',
      localeFixed: true,
      supporters: false,
    });
    expect(parseWidgetOptions({}, 'de-DE')).toMatchObject({ locale: 'de-DE', localeFixed: false });
    expect(parseWidgetOptions({ locale: 'nonsense!' }, undefined)).toMatchObject({ locale: 'en-US', localeFixed: false });
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
