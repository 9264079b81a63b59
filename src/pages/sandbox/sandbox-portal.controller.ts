import { Body, Controller, Get, NotFoundException, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PageErrorFilter } from '../shared/page-error.filter';
import { PageRenderer } from '../shared/page-renderer';
import { field, FormBody } from '../shared/validate-dto';
import { SandboxPagesService } from './sandbox-pages.service';
import { portalBody } from './sandbox-portal.view';

const NOTICES: Record<string, string> = {
  cancel: 'Your plan is cancelled. It ends at the end of the period already paid for; no further payments will be taken.',
  renew: 'Your plan will continue.',
};

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
  show(@Param('id') id: string, @Query('done') done: string | undefined, @Res() reply: FastifyReply) {
    const { portal, plans } = this.sandbox.portal(id);
    const notice = done && Object.hasOwn(NOTICES, done) ? NOTICES[done] : null;
    return this.pages.send(reply, 200, { title: 'Manage your plan', narrow: true, main: portalBody(portal, plans, notice) });
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
