import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toErrorBody } from '../../common/http-exception.filter';
import { errorHeaders } from '../../common/too-many-requests';
import { html } from './html';
import { CsrfRejected, SignInRequired } from '../../auth/session/session-errors';
import { PageRenderer } from './page-renderer';
import { requestLanguage } from './page-language';
import { translator } from '../../wording/catalogs';
import type { FastifyRequest } from 'fastify';

export const SIGN_IN_PATH = '/organiser/sign-in';

/** Only our own dashboard paths may be a post-sign-in destination (no open redirect). */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !/^\/organiser(?:[/?#][\w\-./?=&%#~]*)?$/.test(next) || next.includes('//') || next.startsWith(SIGN_IN_PATH)) return null;
  return next;
}

/**
 * Errors on the HTML pages answer as HTML pages with the same status the API would use; a
 * missing dashboard session answers with a redirect to the sign-in page.
 */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  constructor(private readonly pages: PageRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    if (exception instanceof SignInRequired) {
      const next = safeNext(exception.next);
      reply
        .code(303)
        .header('location', next ? `${SIGN_IN_PATH}?next=${encodeURIComponent(next)}` : SIGN_IN_PATH)
        .header('cache-control', 'no-store')
        .send();
      return;
    }
    if (exception instanceof CsrfRejected) {
      this.pages.send(reply, 403, {
        title: 'Form expired',
        narrow: true,
        main: html`<div class="card"><h1>This form could not be accepted</h1>
<p role="alert">It was not sent from a page of this dashboard, or your session changed since it was shown. Nothing was changed.</p>
<p><a href="/organiser">Back to the dashboard</a>, reload the page and try again.</p></div>`,
      });
      return;
    }
    const body = toErrorBody(exception);
    for (const [name, value] of Object.entries(errorHeaders(exception))) reply.header(name, value);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    // Donor pages answer in the donor's language; the organiser dashboard is English.
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    const lang = req?.url?.startsWith('/organiser') ? 'en' : requestLanguage(req);
    const t = translator(lang);
    const message =
      body.statusCode >= 500
        ? t('error.server')
        : body.statusCode === 404
          ? t('error.notFound')
          : body.statusCode === 429 && lang !== 'en'
            ? t('error.tooMany')
            : [body.message].flat().join(' ');
    const title =
      body.statusCode === 404
        ? t('error.notFoundTitle')
        : body.statusCode === 429
          ? t('error.tooManyTitle')
          : body.statusCode >= 500 && lang !== 'en'
            ? t('error.serverTitle')
            : lang !== 'en'
              ? t('error.badRequestTitle')
              : body.error;
    this.pages.send(reply, body.statusCode, {
      lang,
      title,
      narrow: true,
      main: html`<div class="card"><h1>${title}</h1><p role="alert">${message}</p></div>`,
    });
  }
}
