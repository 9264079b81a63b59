import { Body, Controller, Get, Headers, NotFoundException, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PageErrorFilter } from '../shared/page-error.filter';
import { PageRenderer } from '../shared/page-renderer';
import { field, FormBody } from '../shared/validate-dto';
import { SandboxPagesService } from './sandbox-pages.service';
import { portalBody } from './sandbox-portal.view';
import { translator } from '../../wording/catalogs';
import { acceptedLanguage, DEFAULT_LANGUAGE, type Language, languageOf } from '../../wording/languages';

const NOTICES = { cancel: 'portal.noticeCancel', renew: 'portal.noticeRenew' } as const;

/** As Stripe's portal: the session's `locale` (the thanks page's language), else for 'auto' and none the browser's. */
function portalLanguage(locale: string | null, acceptLanguage: string | undefined): Language {
  const own = locale && locale !== 'auto' ? languageOf(locale) : null;
  return own ?? acceptedLanguage(acceptLanguage) ?? DEFAULT_LANGUAGE;
}

/**
 * The sandbox's customer portal (what BillingPortal.Session URLs point at), on the service's own
 * port. The session id in the URL is the donor's only key, as with Stripe's portal links.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('sandbox/portal')
export class SandboxPortalController {
  constructor(
    private readonly sandbox: SandboxPagesService,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':id')
  show(
    @Param('id') id: string,
    @Query('done') done: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const { portal, plans } = this.sandbox.portal(id);
    const lang = portalLanguage(portal.locale, acceptLanguage);
    const t = translator(lang);
    const notice = done === 'cancel' || done === 'renew' ? t(NOTICES[done]) : null;
    reply.header('vary', 'Accept-Language');
    return this.pages.send(reply, 200, { lang, title: t('portal.title'), narrow: true, main: portalBody(portal, plans, notice, lang) });
  }

  /** Cancel at period end, or keep a plan set to cancel; then back to the portal page (post/redirect/get). */
  @Post(':id/:change')
  async change(@Param('id') id: string, @Param('change') change: string, @Body() body: FormBody, @Res() reply: FastifyReply) {
    if (change !== 'cancel' && change !== 'renew') throw new NotFoundException('Unknown portal action');
    await this.sandbox.portalChange(id, field(body, 'subscription'), change);
    const location = `/sandbox/portal/${encodeURIComponent(id)}?done=${change}`;
    return reply.code(303).header('location', location).header('cache-control', 'no-store').send();
  }
}
