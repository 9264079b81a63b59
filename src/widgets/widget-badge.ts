import type { ProgressView } from '../progress/progress-view';
import type { WidgetOptions } from './widget-options';
import { DEFAULT_ACCENT } from './widget-styles';
import { escapeHtml } from '../common/html-escape';
import { COUNTING_RULE, widgetText } from '../wording/widget-text';

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

/** No font metrics without a font file: estimate, and squeeze text that would overflow. */
function text(cls: string, y: number, size: number, content: string, weight = 400): string {
  const fit = content.length * size * (weight > 400 ? 0.62 : 0.58) > INNER ? ` textLength="${INNER}" lengthAdjust="spacingAndGlyphs"` : '';
  return `<text class="${cls}" x="${PAD}" y="${y}" font-size="${size}"${weight !== 400 ? ` font-weight="${weight}"` : ''}${fit}>${escapeHtml(content)}</text>`;
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * A badge for <img> (e-mail, pages that block scripts): no script, no external anything; dark
 * mode through the SVG's own media query, which browsers evaluate inside images too.
 */
export function renderBadge(view: ProgressView, opts: WidgetOptions): string {
  const t = widgetText(view, opts.locale);
  const fill = Math.round((INNER * t.barPercent) / 100);
  const [ruleA, ruleB] = COUNTING_RULE.split('; refunds');
  const lines = [
    text('fg', 28, 15, clip(t.title, 44), 600),
    `<rect class="track" x="${PAD}" y="40" width="${INNER}" height="10" rx="5"/>`,
    fill > 0 ? `<rect fill="${opts.accent ?? DEFAULT_ACCENT}" x="${PAD}" y="40" width="${fill}" height="10" rx="5"/>` : '',
    text('fg', 72, 13, t.amounts, 600),
    text('muted', 90, 12, [t.donors, t.countries, t.percent, t.next].filter(Boolean).join(' · ')),
    text('muted', 110, 10.5, `${ruleA};`),
    text('muted', 124, 10.5, `refunds${ruleB}`),
  ];
  const label = escapeHtml(`${t.title}: ${t.valueText}`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="136" viewBox="0 0 ${W} 136" role="img" aria-label="${label}">
<title>${label}</title>
<style>${palette(opts.theme)}text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}</style>
<rect class="bg" width="${W}" height="136" rx="8"/>
${lines.filter(Boolean).join('\n')}
</svg>
`;
}
