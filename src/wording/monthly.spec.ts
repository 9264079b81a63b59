import { monthlyDonorsText, monthlyThanksText, MONTHLY_COUNTING_RULE } from './monthly';
import { COUNTING_RULE } from './widget-text';

describe('monthly wording', () => {
  it.each([
    [undefined, null],
    [0, null],
    [1, '1 gives monthly'],
    [2, '2 give monthly'],
    [1200, '1,200 give monthly'],
  ])('says %p monthly donors as %p', (n, text) => {
    expect(monthlyDonorsText(n, 'en-US')).toBe(text);
  });

  it('declares the monthly rule in the counting rule', () => {
    expect(COUNTING_RULE.endsWith(MONTHLY_COUNTING_RULE)).toBe(true);
  });

  it('thanks a monthly donor with the amount and the next payment date', () => {
    expect(monthlyThanksText('active', 1000, 'usd', 'en-US', new Date('2030-02-03T10:00:00Z'))).toBe(
      'Thank you! You now give $10.00 monthly. Your next payment is due on 3 February 2030.',
    );
    expect(monthlyThanksText('pending', 1000, 'usd', 'en-US', null)).toContain('Confirming your monthly gift of $10.00');
  });
});

describe('monthly wording in every language', () => {
  const ar = (n: number) => new Intl.NumberFormat('ar').format(n);
  // Counts 1, 2, 5, 11, 100: every plural form the languages have (Arabic's one, two, few, many, other).
  it.each([
    ['es', ['1 dona cada mes', '2 donan cada mes', '5 donan cada mes', '11 donan cada mes', '100 donan cada mes']],
    ['pt', ['1 doa todo mês', '2 doam todo mês', '5 doam todo mês', '11 doam todo mês', '100 doam todo mês']],
    ['fr', ['1 donne chaque mois', '2 donnent chaque mois', '5 donnent chaque mois', '11 donnent chaque mois', '100 donnent chaque mois']],
    ['de', ['1 spendet monatlich', '2 spenden monatlich', '5 spenden monatlich', '11 spenden monatlich', '100 spenden monatlich']],
    [
      'ar',
      [
        'شخص واحد يتبرع شهريًا',
        'شخصان يتبرعان شهريًا',
        `${ar(5)} أشخاص يتبرعون شهريًا`,
        `${ar(11)} شخصًا يتبرعون شهريًا`,
        `${ar(100)} شخص يتبرعون شهريًا`,
      ],
    ],
  ] as const)('says the monthly donors in %s', (lang, expected) => {
    const locale = lang === 'pt' ? 'pt-BR' : lang;
    expect([1, 2, 5, 11, 100].map((n) => monthlyDonorsText(n, locale, lang))).toEqual(expected);
    expect(monthlyDonorsText(0, locale, lang)).toBeNull();
  });

  it('says the million with the language\'s "many" form where it has one', () => {
    expect(monthlyDonorsText(1_000_000, 'es', 'es')).toBe('1.000.000 de personas donan cada mes');
  });

  it('thanks a monthly donor in the language, with the next payment date in its own words', () => {
    const next = new Date('2030-02-03T10:00:00Z');
    expect(monthlyThanksText('active', 1000, 'eur', 'es', next, 'es')).toBe(
      '¡Gracias! Ahora donas 10,00\u00a0€ cada mes. Tu próximo pago será el 3 de febrero de 2030.',
    );
    expect(monthlyThanksText('active', 1000, 'eur', 'de', next, 'de')).toBe(
      'Vielen Dank! Sie spenden jetzt monatlich 10,00\u00a0€. Ihre nächste Zahlung ist fällig zum 3. Februar 2030.',
    );
    expect(monthlyThanksText('cancelled', 1000, 'eur', 'fr', null, 'fr')).toContain('Votre don mensuel de 10,00');
    expect(monthlyThanksText('past_due', 1000, 'usd', 'ar', null, 'ar')).toContain('Stripe');
  });
});
