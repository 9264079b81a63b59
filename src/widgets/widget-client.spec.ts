import { formatMoney, SUPPORTED_CURRENCIES } from '../money';
import { viewFixture } from '../progress/progress-view.fixture';
import type { ProgressView } from '../progress/progress-view';
import { CLIENT_FORMAT_JS } from './client/widget-format.client';
import { embedScriptSource, exponentTables } from './embed-script';
import { widgetText } from './widget-text';

/** The browser's formatting code, evaluated as the browser would, with the tables embed.js ships. */
function clientFormat(): { money: (m: number, c: string, l: string) => string; widgetText: (v: ProgressView, l: string) => unknown } {
  const { zero, three } = exponentTables();
  return new Function(`var ZERO_DECIMAL = ${JSON.stringify(zero)}; var THREE_DECIMAL = ${JSON.stringify(three)};\n${CLIENT_FORMAT_JS}\nreturn { money: money, widgetText: widgetText };`)();
}

describe('browser widget formatting', () => {
  const client = clientFormat();

  it.each(['en-US', 'de-DE', 'fr-FR', 'ja-JP', 'ar-EG', 'hi-IN'])('formats every supported currency as the server does (%s)', (locale) => {
    for (const currency of SUPPORTED_CURRENCIES) {
      for (const amount of [0, 1, 10, 1230, 875_000, 1_000_000, 123_456_789, Number.MAX_SAFE_INTEGER]) {
        expect(client.money(amount, currency, locale)).toBe(formatMoney(amount, currency, locale, { noDecimalsWhenWhole: true }));
      }
    }
  });

  it.each([
    [viewFixture(), 'en-US'],
    [viewFixture({ donors: 1, percent: 160, raised: 16_000n, target: 10_000, nextTarget: 30_000 }), 'en-US'],
    [viewFixture({ currency: 'jpy', raised: 123_456n, target: 500_000, percent: 24 }), 'ja-JP'],
    [viewFixture({ currency: 'kwd', raised: 1230n, target: 1_000_000, percent: 0 }), 'ar-KW'],
    [viewFixture({ donors: 12_345 }), 'de-DE'],
  ])('says exactly what the server says (%#)', (view, locale) => {
    expect(client.widgetText(view, locale)).toEqual(widgetText(view, locale));
  });

  it('keeps JPY whole and KWD at three decimals', () => {
    expect(client.money(123_456, 'jpy', 'en-US')).toBe('¥123,456');
    expect(client.money(1230, 'kwd', 'en-US')).toMatch(/^KWD.1\.230$/);
    expect(client.money(1000, 'kwd', 'en-US')).toMatch(/^KWD.1$/);
    expect(client.money(875_050, 'usd', 'en-US')).toBe('$8,750.50');
  });

  it('ships a script that parses, has no template literals and references nothing external', () => {
    const src = embedScriptSource();
    expect(() => new Function(src)).not.toThrow();
    expect(src).not.toContain('`');
    expect(src).not.toMatch(/https?:\/\/|innerHTML|eval\(/);
  });
});
