import { IntlMessageFormat } from 'intl-messageformat';
import type { Language } from './languages';

/** Values a message takes: numbers (plural and select keys) and ready-formatted strings. */
export type MessageArgs = Record<string, string | number>;

/**
 * A catalog section: message id -> ICU MessageFormat text. In the browser bundles the build
 * (scripts/build-browser.mjs) replaces each text with its parsed form, so the pages carry no
 * ICU parser; IntlMessageFormat takes either.
 */
export type Section = Readonly<Record<string, string>>;

const compiled = new Map<string, IntlMessageFormat>();

/**
 * Formats one message. Plural rules come from the language (Intl.PluralRules, so Arabic gets
 * zero/one/two/few/many/other); amounts and counts arrive already formatted for the reader's
 * number locale, so a German page may still show Swiss numbers when asked to.
 */
export function formatMessage(lang: Language, section: string, id: string, message: string, args?: MessageArgs): string {
  const key = `${lang}\u0000${section}\u0000${id}`;
  let mf = compiled.get(key);
  if (!mf) {
    mf = new IntlMessageFormat(message, lang);
    compiled.set(key, mf);
  }
  const out = mf.format<string>(args);
  return Array.isArray(out) ? out.join('') : String(out);
}

/** A translator for one section of one language's catalog. */
export function sectionText<S extends Section>(lang: Language, name: string, section: S) {
  return (id: keyof S & string, args?: MessageArgs): string => formatMessage(lang, name, id, section[id], args);
}
