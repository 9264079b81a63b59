import { viewFixture } from '../progress/progress-view.fixture';
import { CARD_HEIGHT, CARD_WIDTH, renderShareCardSvg, titleLines } from './share-card';

describe('share card SVG', () => {
  it('is 1200x630 and says what the badge says: title, amounts, donors and percent', () => {
    const svg = renderShareCardSvg(viewFixture({ donors: 53, countries: 0 }), 'en-US');
    expect(svg).toContain(`width="${CARD_WIDTH}" height="${CARD_HEIGHT}"`);
    expect(svg).toContain('>School roof</text>');
    expect(svg).toContain('>$8,750 raised of $10,000</text>');
    expect(svg).toContain('>53 donors · 87%</text>');
    expect(svg).not.toContain('Next target');
    expect(renderShareCardSvg(viewFixture({ countries: 3 }), 'en-US')).toContain('>2 donors · from 3 countries · 87%</text>');
  });

  it('fills the bar by the percent, capped at the full width, and names the next target once passed', () => {
    const bar = (svg: string) => Number(/<rect x="80" y="380" width="(\d+)"[^>]*fill="#1a5fb4"/.exec(svg)?.[1] ?? 0);
    expect(bar(renderShareCardSvg(viewFixture({ raised: 0n, percent: 0 }), 'en-US'))).toBe(0);
    expect(bar(renderShareCardSvg(viewFixture(), 'en-US'))).toBe(905);
    const over = renderShareCardSvg(viewFixture({ raised: 1_250_000n, percent: 125, nextTarget: 1_500_000 }), 'en-US');
    expect(bar(over)).toBe(1040);
    expect(over).toContain('>Next target: $15,000</text>');
  });

  it('escapes the title and anchors a right-to-left title on the right', () => {
    const evil = renderShareCardSvg(viewFixture({ title: '<script>"x"</script> & y' }), 'en-US');
    expect(evil).not.toContain('<script>');
    expect(evil).toContain('&lt;script&gt;&quot;x&quot;&lt;/script&gt; &amp; y');
    const arabic = renderShareCardSvg(viewFixture({ title: 'مدرسة صيفية' }), 'en-US');
    expect(arabic).toMatch(/<text x="1120"[^>]*direction="rtl" text-anchor="end"[^>]*>مدرسة صيفية<\/text>/);
  });

  it('breaks a long title between words on two lines at most, ending a cut one with an ellipsis', () => {
    expect(titleLines('Short', 10)).toEqual(['Short']);
    expect(titleLines('one two three four', 9)).toEqual(['one two', 'three…']);
    expect(titleLines('one two three', 9)).toEqual(['one two', 'three']);
    expect(titleLines('Supercalifragilistic', 8)).toEqual(['Superca…']);
  });
});
