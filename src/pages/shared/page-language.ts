import type { FastifyRequest } from 'fastify';
import { acceptedLanguage, DEFAULT_LANGUAGE, Language, languageOf } from '../../wording/languages';

/**
 * A donor page's language: ?lang= (a link from a widget, the return from Checkout), else the
 * browser's Accept-Language, else the appeal's own language, else English. es-MX -> es; a
 * language with no catalog is skipped, never an error.
 */
export function pageLanguage(query: unknown, acceptLanguage: string | undefined, appealLanguage?: string): Language {
  return languageOf(query) ?? acceptedLanguage(acceptLanguage) ?? languageOf(appealLanguage) ?? DEFAULT_LANGUAGE;
}

/** The same choice from a request, before the appeal is known (error pages). */
export function requestLanguage(req: Pick<FastifyRequest, 'query' | 'headers'> | undefined): Language {
  const lang = (req?.query as Record<string, unknown> | undefined)?.lang;
  return pageLanguage(lang, req?.headers?.['accept-language']);
}
