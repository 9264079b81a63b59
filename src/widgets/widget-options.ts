/** How a widget looks: from the query string of /widgets/:slug(.svg), or data-* attributes in embed.js. */
export type WidgetTheme = 'auto' | 'light' | 'dark';

export interface WidgetOptions {
  theme: WidgetTheme;
  /** '#rrggbb', or null for the default accent. */
  accent: string | null;
  locale: string;
  /** True when the locale came from the query: then the browser must not replace it. */
  localeFixed: boolean;
  /** `?show=supporters`: the widget lists the latest supporters too (the iframe page only). */
  supporters: boolean;
}

export const DEFAULT_LOCALE = 'en-US';
const THEMES: readonly WidgetTheme[] = ['auto', 'light', 'dark'];
const LOCALE_SHAPE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$/;
const localeMemo = new Map<string, string | null>();

/**
 * A locale tag Intl knows, in canonical form, or null. Unknown tags are refused rather than
 * passed on, since Intl would silently use the server's default and the output would depend
 * on the machine.
 */
export function knownLocale(tag: unknown): string | null {
  if (typeof tag !== 'string' || tag.length > 35 || !LOCALE_SHAPE.test(tag)) return null;
  const seen = localeMemo.get(tag);
  if (seen !== undefined) return seen;
  let result: string | null = null;
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    result = Intl.NumberFormat.supportedLocalesOf(canonical).length ? canonical : null;
  } catch {
    result = null;
  }
  // Intl's lookups cost more than the rest of a badge request; tags repeat, so remember them.
  if (localeMemo.size >= 1000) localeMemo.clear();
  localeMemo.set(tag, result);
  return result;
}

/** The first language of an Accept-Language header, e.g. "de-CH,de;q=0.9" -> "de-CH". */
export function firstAcceptedLocale(header: string | undefined): string | null {
  const first = header?.split(',')[0]?.split(';')[0]?.trim();
  return first ? knownLocale(first) : null;
}

export function normaliseAccent(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  if (!m) return null;
  const hex = m[1].length === 3 ? m[1].replace(/./g, (c) => c + c) : m[1];
  return `#${hex.toLowerCase()}`;
}

/** Malformed options fall back to defaults: an embed with a typo still shows the appeal. */
export function parseWidgetOptions(query: Record<string, unknown> | undefined, acceptLanguage?: string): WidgetOptions {
  const q = query ?? {};
  const theme = THEMES.includes(q.theme as WidgetTheme) ? (q.theme as WidgetTheme) : 'auto';
  const fixed = knownLocale(q.locale);
  return {
    theme,
    accent: normaliseAccent(q.accent),
    locale: fixed ?? firstAcceptedLocale(acceptLanguage) ?? DEFAULT_LOCALE,
    localeFixed: fixed !== null,
    supporters: q.show === 'supporters',
  };
}

/** Memo key of a rendered variant; bounded because every part is normalised above. */
export const optionsKey = (o: WidgetOptions): string =>
  `${o.theme}|${o.accent ?? ''}|${o.locale}|${o.localeFixed ? 1 : 0}|${o.supporters ? 1 : 0}`;
