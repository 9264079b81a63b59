/**
 * One stylesheet for the iframe page and the script embed (adopted into each Shadow DOM as a
 * constructed stylesheet, which a host's CSP style-src does not govern). System fonts only:
 * nothing is fetched from anywhere.
 */
export const DEFAULT_ACCENT = '#1a5fb4';

const DARK = '--aw-bg:#161b22;--aw-fg:#e6edf3;--aw-muted:#9da7b3;--aw-track:#30363d;';

export const WIDGET_CSS = [
  ':host{all:initial;display:block}',
  `.aw{--aw-accent:${DEFAULT_ACCENT};--aw-bg:#ffffff;--aw-fg:#1f2328;--aw-muted:#57606a;--aw-track:#e3e6ea;`
    + 'box-sizing:border-box;display:block;max-width:100%;padding:12px 14px;border-radius:8px;'
    + 'font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;'
    + 'color:var(--aw-fg);background:var(--aw-bg)}',
  '.aw *{box-sizing:border-box}',
  '.aw [hidden],.aw[hidden]{display:none}',
  `.aw[data-theme=dark]{${DARK}}`,
  `@media (prefers-color-scheme:dark){.aw[data-theme=auto]{${DARK}}}`,
  '.aw p{margin:0}',
  '.aw-title{margin:0 0 8px;font-size:16px;font-weight:600;overflow-wrap:anywhere}',
  '.aw-bar{height:12px;border-radius:6px;background:var(--aw-track);overflow:hidden}',
  '.aw-fill{height:100%;width:0;background:var(--aw-accent);border-radius:6px;transition:width .6s ease-out}',
  '@media (prefers-reduced-motion:reduce){.aw-fill{transition:none}}',
  '.aw .aw-amounts{margin-top:8px;font-weight:600}',
  '.aw .aw-meta,.aw .aw-next{margin-top:2px;color:var(--aw-muted)}',
  '.aw .aw-rule{margin-top:6px;font-size:12px;color:var(--aw-muted)}',
  '.aw-give{display:inline-block;margin-top:10px;padding:6px 16px;border-radius:6px;background:var(--aw-accent);'
    + 'color:#fff;font-weight:600;text-decoration:none}',
  '.aw-give:hover{filter:brightness(1.1)}',
  '.aw-give:focus-visible{outline:2px solid var(--aw-fg);outline-offset:2px}',
  '.aw[data-status=closed] .aw-give{display:none}',
].join('\n');

/** The iframe page adds its page rules and, per variant, the accent and the bar width. */
export function pageCss(accent: string | null, barPercent: number): string {
  return [
    'html,body{margin:0;background:transparent}',
    WIDGET_CSS,
    accent ? `.aw{--aw-accent:${accent}}` : '',
    `.aw-fill{width:${barPercent}%}`,
  ].filter(Boolean).join('\n');
}
