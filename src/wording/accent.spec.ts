import { accessibleAccent, contrastRatio, MIN_CONTRAST } from './accent';

describe('accent contrast', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('keeps an accent that already reaches 4.5:1 against white', () => {
    expect(accessibleAccent('#1a5fb4')).toBe('#1a5fb4');
    expect(accessibleAccent('#000000')).toBe('#000000');
  });

  it.each(['#ffff00', '#ffffff', '#66ccff', '#ff6600', '#a0e0a0', '#ff00ff'])('darkens the too-light %s until it reaches 4.5:1', (pale) => {
    expect(contrastRatio(pale, '#ffffff')).toBeLessThan(MIN_CONTRAST);
    const fixed = accessibleAccent(pale);
    expect(contrastRatio(fixed, '#ffffff')).toBeGreaterThanOrEqual(MIN_CONTRAST);
    // Darkened, not replaced: not much darker than needed (one more step would also pass).
    expect(contrastRatio(fixed, '#ffffff')).toBeLessThan(MIN_CONTRAST * 1.15);
  });

  it('keeps the hue of what it darkens', () => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(accessibleAccent('#ff6600').slice(i, i + 2), 16));
    expect(r).toBeGreaterThan(g);
    expect(b).toBe(0);
  });
});
