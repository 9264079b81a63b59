import { MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import en from '../../src/wording/messages/en.json';

/** The literal text of a parsed ICU message, every branch of its plurals and selects included. */
function literals(ast: MessageFormatElement[]): string[] {
  return ast.flatMap((el) => {
    if (el.type === TYPE.literal) return [el.value];
    if (el.type === TYPE.plural || el.type === TYPE.select) return Object.values(el.options).flatMap((o) => literals(o.value));
    if (el.type === TYPE.tag) return literals(el.children);
    return [];
  });
}

// An example address (name@example.org) is not prose: its parts are not words of the language.
const words = (text: string): string[] =>
  text
    .replace(/\S+@\S+/g, ' ')
    .toLowerCase()
    .match(/[\p{L}]{2,}/gu) ?? [];

/** Every word (two letters or more, lower case) of the English catalog. */
export const ENGLISH_WORDS: ReadonlySet<string> = new Set(
  Object.values(en as Record<string, Record<string, string>>)
    .filter((section) => typeof section === 'object')
    .flatMap((section) => Object.values(section))
    .flatMap((message) => words(literals(parse(message)).join(' '))),
);

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** What a reader sees or hears on a page or an SVG: text, <title>, and the attributes screen readers read. */
export function readerText(markup: string): string {
  const spoken = [...markup.matchAll(/\b(?:aria-label|aria-valuetext|title|alt|placeholder)="([^"]*)"/g)].map((m) => m[1]);
  const text = markup
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ');
  return [text, ...spoken].join(' ').replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);
}

/** English catalog words found in what a reader of this markup sees, less the listed exceptions. */
export function englishWordsIn(markup: string, except: readonly string[] = []): string[] {
  return [...new Set(words(readerText(markup)).filter((w) => ENGLISH_WORDS.has(w) && !except.includes(w)))];
}

/**
 * Words a translation shares with English on purpose, per language, with the reason. Anything
 * else from the English catalog on a Spanish, Portuguese, French, German or Arabic page is an
 * untranslated string.
 */
export const SAME_IN_BOTH: Record<string, string[]> = {
  // "Stripe" is a brand name in every language. Spanish "no" (no) and "real" (real money).
  es: ['stripe', 'no', 'real'],
  // Brazilian Portuguese writes "E-mail" and "site" as English does; "real" (real money), "no" (in the).
  pt: ['stripe', 'mail', 'site', 'real', 'no'],
  // French words spelt like English ones: "Message", "MODE TEST", "public", "page", "site".
  fr: ['stripe', 'message', 'mode', 'test', 'public', 'page', 'site'],
  // German "Name", "an" (to) and "was" (what) are German words; "E-Mail" is German too.
  de: ['stripe', 'name', 'mail', 'an', 'was'],
  ar: ['stripe'],
};
