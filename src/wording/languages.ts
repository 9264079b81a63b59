/**
 * The languages readers and donors can be served in. To add one: a line here, its catalog
 * messages/<code>.json (every key of en.json with the same arguments: catalogs.spec.ts fails
 * until it does), and its import line in catalogs.ts (the compiler asks for it, since every
 * table there is typed Record<Language, ...>). Nothing else in the code names a language.
 * `stripe`: Checkout's locale for it ('auto', the browser's language, where Checkout has none).
 */
export const LANGUAGES = {
  en: { name: 'English', dir: 'ltr', stripe: 'en' },
  es: { name: 'Español', dir: 'ltr', stripe: 'es' },
  pt: { name: 'Português', dir: 'ltr', stripe: 'pt-BR' },
  fr: { name: 'Français', dir: 'ltr', stripe: 'fr' },
  de: { name: 'Deutsch', dir: 'ltr', stripe: 'de' },
  ar: { name: 'العربية', dir: 'rtl', stripe: 'auto' },
} as const satisfies Record<string, { name: string; dir: 'ltr' | 'rtl'; stripe: string }>;

export type Language = keyof typeof LANGUAGES;
export const SUPPORTED_LANGUAGES = Object.keys(LANGUAGES) as Language[];
export const DEFAULT_LANGUAGE: Language = 'en';

export const isLanguage = (v: unknown): v is Language => typeof v === 'string' && Object.prototype.hasOwnProperty.call(LANGUAGES, v);

/** How numbers are written when only the language is known ('en' keeps its long-standing en-US). */
export const languageLocale = (lang: Language): string => (lang === 'en' ? 'en-US' : lang);

export const textDirection = (lang: Language): 'ltr' | 'rtl' => LANGUAGES[lang].dir;

/**
 * A supported language for a tag, or null: "es-MX" -> "es", "PT_br" -> "pt", "xx" -> null.
 * Only the primary subtag decides; region variants of a language share its catalog.
 */
export function languageOf(tag: unknown): Language | null {
  if (typeof tag !== 'string' || tag.length > 35) return null;
  const primary = /^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$/.exec(tag.trim())?.[1]?.toLowerCase();
  return isLanguage(primary) ? primary : null;
}

/** The first candidate that names a supported language, else English. */
export function resolveLanguage(...candidates: unknown[]): Language {
  for (const c of candidates) {
    const lang = languageOf(c);
    if (lang) return lang;
  }
  return DEFAULT_LANGUAGE;
}

/**
 * The best supported language of an Accept-Language header ("es-MX,es;q=0.9,en;q=0.5" -> es),
 * by q-value then order; null when it names none. Bounded: at most 20 entries are looked at.
 */
export function acceptedLanguage(header: string | undefined): Language | null {
  if (!header) return null;
  const entries = header
    .slice(0, 500)
    .split(',')
    .slice(0, 20)
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: languageOf(tag), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((e): e is { lang: Language; q: number; i: number } => e.lang !== null && e.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return entries[0]?.lang ?? null;
}
