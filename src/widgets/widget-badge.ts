import type { ProgressView } from '../progress/progress-view';
import type { WidgetOptions } from './widget-options';
import { DEFAULT_ACCENT } from './widget-styles';
import { escapeHtml } from '../common/html-escape';
import { textDirection } from '../wording/languages';
import { countingRule, widgetText } from '../wording/widget-text';

const W = 400;
const PAD = 14;
const INNER = W - 2 * PAD;
const LIGHT = '.bg{fill:#ffffff}.fg{fill:#1f2328}.muted{fill:#57606a}.track{fill:#e3e6ea}';
const DARK = '.bg{fill:#161b22}.fg{fill:#e6edf3}.muted{fill:#9da7b3}.track{fill:#30363d}';

/** The SVG's own policy if opened directly: styles inline, nothing else at all. */
export const BADGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *";

function palette(theme: WidgetOptions['theme']): string {
  if (theme === 'dark') return DARK;
  if (theme === 'light') return LIGHT;
  return `${LIGHT}@media (prefers-color-scheme:dark){${DARK}}`;
}

/**
 * No font metrics without a font file: estimate, and squeeze text that would overflow. Right-to-
 * left text is anchored at the right edge (text-anchor end with direction rtl).
 */
function text(cls: string, y: number, size: number, content: string, weight = 400, rtl = false): string {
  const fit = content.length * size * (weight > 400 ? 0.62 : 0.58) > INNER ? ` textLength="${INNER}" lengthAdjust="spacingAndGlyphs"` : '';
  const place = rtl ? `x="${W - PAD}" direction="rtl" text-anchor="end"` : `x="${PAD}"`;
  return `<text class="${cls}" ${place} y="${y}" font-size="${size}"${weight !== 400 ? ` font-weight="${weight}"` : ''}${fit}>${escapeHtml(content)}</text>`;
}

/** The counting rule on two lines, split at the word boundary nearest the middle. */
function twoLines(rule: string): [string, string] {
  const words = rule.split(' ');
  let best = 1;
  for (let i = 1; i < words.length; i++) {
    const left = words.slice(0, i).join(' ').length;
    if (Math.abs(rule.length / 2 - left) < Math.abs(rule.length / 2 - words.slice(0, best).join(' ').length)) best = i;
  }
  return [words.slice(0, best).join(' '), words.slice(best).join(' ')];
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * A badge for <img> (e-mail, pages that block scripts): no script, no external anything; dark
 * mode through the SVG's own media query, which browsers evaluate inside images too.
 */
export function renderBadge(view: ProgressView, opts: WidgetOptions): string {
  const t = widgetText(view, opts.locale, opts.lang);
  const rtl = textDirection(opts.lang) === 'rtl';
  const fill = Math.round((INNER * t.barPercent) / 100);
  const [ruleA, ruleB] = twoLines(countingRule(opts.lang));
  // Right to left, the bar fills from the right.
  const fillX = rtl ? PAD + INNER - fill : PAD;
  const lines = [
    text('fg', 28, 15, clip(t.title, 44), 600, rtl),
    `<rect class="track" x="${PAD}" y="40" width="${INNER}" height="10" rx="5"/>`,
    fill > 0 ? `<rect class="fill" fill="${opts.accent ?? DEFAULT_ACCENT}" x="${fillX}" y="40" width="${fill}" height="10" rx="5"/>` : '',
    text('fg', 72, 13, t.amounts, 600, rtl),
    text('muted', 90, 12, [t.donors, t.countries, t.percent, t.next].filter(Boolean).join(' · '), 400, rtl),
    text('muted', 110, 10.5, ruleA, 400, rtl),
    text('muted', 124, 10.5, ruleB, 400, rtl),
  ];
  const label = escapeHtml(`${t.title}: ${t.valueText}`);
  return `<svg xmlns="http://www.w3.org/2000/svg" xml:lang="${opts.lang}" width="${W}" height="136" viewBox="0 0 ${W} 136" role="img" aria-label="${label}">
<title>${label}</title>
<style>${palette(opts.theme)}text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}</style>
<rect class="bg" width="${W}" height="136" rx="8"/>
${lines.filter(Boolean).join('\n')}
</svg>
`;
}
