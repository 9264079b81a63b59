import { Body, Controller, Get, Header, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RateLimit } from '../../rate-limit/rate-limit.guard';
import { withFormAction } from '../shared/csp';
import { PageErrorFilter } from '../shared/page-error.filter';
import { PageRenderer } from '../shared/page-renderer';
import { FormBody } from '../shared/validate-dto';
import { DonatePage, DonatePageService } from './donate-page.service';

@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('donate')
export class DonateController {
  constructor(
    private readonly donate: DonatePageService,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':slug')
  async form(
    @Param('slug') slug: string,
    @Query() q: { cancelled?: string; amount?: string; frequency?: string },
    @Res() reply: FastifyReply,
  ) {
    return this.send(reply, await this.donate.form(slug, q));
  }

  /** The form without its script: same checkout (and rate limit) as the API, then a 303 to pay. */
  @Post(':slug')
  @RateLimit('checkout')
  async submit(@Param('slug') slug: string, @Body() body: FormBody, @Res() reply: FastifyReply) {
    const res = await this.donate.submit(slug, body);
    if ('redirect' in res) return reply.code(303).header('location', res.redirect).send();
    return this.send(reply, res);
  }

  @Get(':slug/thanks')
  async thanks(@Param('slug') slug: string, @Query('session_id') sessionId: string | undefined, @Res() reply: FastifyReply) {
    return this.send(reply, await this.donate.thanks(slug, sessionId));
  }

  /** The thanks page's "manage or cancel" button: 303 to the donor's Stripe customer portal. */
  @Post(':slug/manage')
  @RateLimit('checkout')
  async manage(@Param('slug') slug: string, @Body() body: FormBody, @Res() reply: FastifyReply) {
    const sessionId = typeof body?.session_id === 'string' ? body.session_id : undefined;
    const { url } = await this.donate.manage(slug, sessionId);
    return reply.code(303).header('location', url).send();
  }

  @Get(':slug/thanks/status')
  @Header('cache-control', 'no-store')
  status(@Param('slug') slug: string, @Query('session_id') sessionId: string | undefined) {
    return this.donate.status(slug, sessionId);
  }

  private send(reply: FastifyReply, page: DonatePage) {
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string') reply.header('content-security-policy', withFormAction(csp, this.donate.checkoutOrigins()));
    return this.pages.send(reply, page.status, {
      title: page.title,
      main: page.body,
      narrow: true,
      scripts: page.interactive ? ['thanks.js', 'donate.js', 'live-progress.js', 'share.js'] : ['live-progress.js'],
      head: page.head,
    });
  }
}
