/**
 * WCAG 2.2 contrast for the widget's accent colour. The accent is the Give button's background
 * under white text and the bar on a white card, so it must reach 4.5:1 against white. An
 * organiser's too-light colour is darkened step by step (same hue) until it does, rather than
 * refused: an embed with a pale brand colour still shows, readable. Shared with embed.js,
 * whose data-accent gets the same treatment.
 */
export const MIN_CONTRAST = 4.5;

const channel = (c: number): number => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};

function rgbOf(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const hexOf = (rgb: number[]): string => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

/** Relative luminance of '#rrggbb'. */
export function luminance(hex: string): number {
  const [r, g, b] = rgbOf(hex).map(channel);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio of two '#rrggbb' colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The accent itself when it reaches 4.5:1 against white, else the first darker shade that does. */
export function accessibleAccent(hex: string, against = '#ffffff'): string {
  let rgb = rgbOf(hex);
  // At most ~60 steps of 4 %: black (21:1) is reached long before that.
  for (let i = 0; i < 100 && contrastRatio(hexOf(rgb), against) < MIN_CONTRAST; i++) {
    rgb = rgb.map((c) => Math.floor(c * 0.96)) as [number, number, number];
  }
  return hexOf(rgb);
}
