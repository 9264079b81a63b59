import type { ProgressView } from '../progress/progress-view';
import { escapeHtml } from '../common/html-escape';
import { widgetText } from '../wording/widget-text';
import { DEFAULT_ACCENT } from './widget-styles';

/** The size social networks ask for (1.91:1): Open Graph, X's summary_large_image, WhatsApp. */
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;
/** The family of the font files in assets/fonts: the only font the renderer is given. */
export const CARD_FONT_FAMILY = 'DejaVu Sans';

const PAD = 80;
const INNER = CARD_WIDTH - 2 * PAD;
/** DejaVu Sans advances, in em, a little above its average so estimates err on the wide side. */
const EM = { regular: 0.6, bold: 0.68 };
const RTL_FIRST = /^[^\p{L}]*[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;

interface Line {
  y: number;
  size: number;
  content: string;
  bold?: boolean;
  fill: string;
}

/** Squeezes (never clips) a line that would pass the margin, so a long amount stays readable. */
function textLine(l: Line): string {
  const rtl = RTL_FIRST.test(l.content);
  const wide = l.content.length * l.size * (l.bold ? EM.bold : EM.regular) > INNER;
  const attrs = [
    `x="${rtl ? CARD_WIDTH - PAD : PAD}"`,
    `y="${l.y}"`,
    `font-size="${l.size}"`,
    `fill="${l.fill}"`,
    l.bold ? 'font-weight="700"' : '',
    rtl ? 'direction="rtl" text-anchor="end"' : '',
    wide ? `textLength="${INNER}" lengthAdjust="spacingAndGlyphs"` : '',
  ];
  return `<text ${attrs.filter(Boolean).join(' ')}>${escapeHtml(l.content)}</text>`;
}

const ellipsis = (s: string, max: number) =>
  `${[...s]
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;

/** The title on at most two lines, broken between words; what does not fit ends in "…". */
export function titleLines(title: string, perLine: number): string[] {
  const lines: string[] = [];
  for (const word of title.trim().split(/\s+/)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && `${last} ${word}`.length <= perLine) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  const cut = lines.length > 2;
  return lines.slice(0, 2).map((l, i) => ([...l].length > perLine || (cut && i === 1) ? ellipsis(l, perLine) : l));
}

/**
 * The share card as SVG: the badge's words (widgetText) at a size a social feed shows, for
 * resvg to turn into a PNG. Light only (a PNG cannot follow the reader's colour scheme) and every
 * font size fixed, so the same state gives the same bytes on any machine with the same font file.
 */
export function renderShareCardSvg(view: ProgressView, locale: string): string {
  const t = widgetText(view, locale);
  const titleSize = 56;
  const title = titleLines(t.title, Math.floor(INNER / (titleSize * EM.bold)));
  const fill = Math.round((INNER * t.barPercent) / 100);
  const lines: string[] = [
    ...title.map((content, i) => textLine({ y: 150 + i * 70, size: titleSize, content, bold: true, fill: '#1f2328' })),
    textLine({ y: 340, size: 64, content: t.amounts, bold: true, fill: '#1f2328' }),
    `<rect x="${PAD}" y="380" width="${INNER}" height="40" rx="20" fill="#e3e6ea"/>`,
    fill > 0 ? `<rect x="${PAD}" y="380" width="${fill}" height="40" rx="${Math.min(20, fill / 2)}" fill="${DEFAULT_ACCENT}"/>` : '',
    textLine({ y: 490, size: 40, content: [t.donors, t.countries, t.percent].filter(Boolean).join(' · '), fill: '#57606a' }),
    t.next ? textLine({ y: 550, size: 34, content: t.next, fill: '#57606a' }) : '',
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}" font-family="${CARD_FONT_FAMILY}">
<rect width="${CARD_WIDTH}" height="${CARD_HEIGHT}" fill="#ffffff"/>
<rect width="${CARD_WIDTH}" height="14" fill="${DEFAULT_ACCENT}"/>
${lines.filter(Boolean).join('\n')}
</svg>
`;
}
