import * as ar from './messages/ar.json';
import * as de from './messages/de.json';
import * as en from './messages/en.json';
import * as es from './messages/es.json';
import * as fr from './messages/fr.json';
import * as pt from './messages/pt.json';
import type { Language } from './languages';
import { formatMessage, MessageArgs } from './message-format';

/**
 * The catalogs: messages/<language>.json, registered here once per language (with its line
 * in languages.ts). The section tables below are written out per language, not computed, so
 * that esbuild bundles into the browser only the sections a script uses (embed.js and
 * live-progress.js the widget's words, donate.js the form's checks), never a whole catalog.
 */
export type Catalog = Omit<typeof en, 'default'>;
// A namespace import of JSON may also carry the whole file as `default` (CommonJS interop).
const catalog = (c: Catalog): Catalog => Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'default')) as Catalog;
/** The server's view of every catalog. */
export const CATALOGS = (): Readonly<Record<Language, Catalog>> => ({
  en: catalog(en),
  es: catalog(es),
  pt: catalog(pt),
  fr: catalog(fr),
  de: catalog(de),
  ar: catalog(ar),
});

export type WidgetMessages = Catalog['widget'];
export const WIDGET_MESSAGES: Readonly<Record<Language, WidgetMessages>> = {
  en: en.widget,
  es: es.widget,
  pt: pt.widget,
  fr: fr.widget,
  de: de.widget,
  ar: ar.widget,
};

export type DonateClientMessages = Catalog['donateClient'];
export const DONATE_CLIENT_MESSAGES: Readonly<Record<Language, DonateClientMessages>> = {
  en: en.donateClient,
  es: es.donateClient,
  pt: pt.donateClient,
  fr: fr.donateClient,
  de: de.donateClient,
  ar: ar.donateClient,
};

/** The supporters wall's words (donate page, widget, embed.js), per language. */
export type SupportersMessages = Catalog['supporters'];
export const SUPPORTERS_MESSAGES: Readonly<Record<Language, SupportersMessages>> = {
  en: en.supporters,
  es: es.supporters,
  pt: pt.supporters,
  fr: fr.supporters,
  de: de.supporters,
  ar: ar.supporters,
};

/** The donate form's field names as a donor reads them, per language (humanizeMessage; donate.js bundles only these). */
export const DONATE_FIELD_NAMES: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  en: en.fields,
  es: es.fields,
  pt: pt.fields,
  fr: fr.fields,
  de: de.fields,
  ar: ar.fields,
};

type Sections = keyof Catalog;
export type MessageId = { [S in Sections]: `${S}.${keyof Catalog[S] & string}` }[Sections];
export type Translate = (id: MessageId, args?: MessageArgs) => string;

let all: Readonly<Record<Language, Catalog>> | null = null;

/** t('donate.title', { title }) in the given language (server side: every section). */
export function translator(lang: Language): Translate {
  all ??= CATALOGS();
  const mine = all[lang];
  return (id, args) => {
    const dot = id.indexOf('.');
    const section = id.slice(0, dot) as Sections;
    const name = id.slice(dot + 1);
    return formatMessage(lang, section, name, (mine[section] as Record<string, string>)[name], args);
  };
}
