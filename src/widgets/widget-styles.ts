import { readBrowserFile } from '../common/browser-build';

/**
 * The widget's stylesheet is src/browser/widget/widget.css (built into dist/browser/widgets):
 * embed.js bundles it, pages.css imports it, and the iframe page inlines it from here.
 */
export const DEFAULT_ACCENT = '#1a5fb4';

let widgetCss: string | null = null;

export function widgetStyles(): string {
  return (widgetCss ??= readBrowserFile('widgets', 'widget.css').toString('utf8').trim());
}

/** The iframe page adds its page rules and, per variant, the accent and the bar width. */
export function pageCss(accent: string | null, barPercent: number): string {
  return [
    'html,body{margin:0;background:transparent}',
    widgetStyles(),
    accent ? `.aw{--aw-accent:${accent}}` : '',
    `.aw-fill{width:${barPercent}%}`,
  ]
    .filter(Boolean)
    .join('\n');
}
