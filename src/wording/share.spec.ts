import { shareCardAlt, shareMessage, shareSummary, shareWords } from './share';
import { SUPPORTED_LANGUAGES } from './languages';
import type { WidgetView } from './widget-text';

const viewFixture = (over: Partial<WidgetView> = {}): WidgetView => ({
  title: 'School roof',
  currency: 'usd',
  target: 1_000_000,
  raised: 875_000n,
  donors: 2,
  countries: 1,
  percent: 87,
  nextTarget: null,
  ...over,
});

describe('share wording', () => {
  it('sums an appeal up in English, and invites the first gift instead of "0 donors"', () => {
    expect(shareSummary(viewFixture({ donors: 53, countries: 12 }), 'en-US')).toBe(
      '$8,750 raised of $10,000 by 53 donors from 12 countries',
    );
    expect(shareSummary(viewFixture({ donors: 0, raised: 0n, percent: 0 }), 'en-US')).toBe('$0 raised of $10,000. Be the first to give.');
    expect(shareMessage('School roof')).toBe('Please join me in supporting School roof');
  });

  it('says the same in the page language', () => {
    expect(shareSummary(viewFixture({ donors: 53, countries: 0 }), 'es', 'es')).toMatch(/ gracias a 53 donantes$/);
    expect(shareSummary(viewFixture({ donors: 0, raised: 0n, percent: 0 }), 'de', 'de')).toMatch(/\. Spenden Sie als Erste oder Erster\.$/);
    expect(shareMessage('Escuela', 'es')).toBe('Únete a mí para apoyar Escuela');
    expect(shareCardAlt(viewFixture({ title: 'Escola', countries: 0 }), 'pt-BR', 'pt')).toMatch(/^Escola: .+ com 2 doadores$/);
  });

  it('has every button word in every language, none left in English', () => {
    const en = shareWords('en');
    for (const lang of SUPPORTED_LANGUAGES.filter((l) => l !== 'en')) {
      const words = shareWords(lang);
      for (const k of Object.keys(en) as (keyof typeof en)[]) {
        expect(words[k]).toBeTruthy();
        // "E-mail" is spelt the English way in Portuguese.
        if (!(lang === 'pt' && k === 'email')) expect({ lang, k, same: words[k] === en[k] }).toEqual({ lang, k, same: false });
      }
    }
  });
});
