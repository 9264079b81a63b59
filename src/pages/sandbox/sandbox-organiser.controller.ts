import { Body, Controller, Get, Param, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRight } from '../../auth/access';
import { OrganiserSession } from '../../auth/session/organiser-session.entity';
import { CurrentSession, OrganiserSessionGuard } from '../../auth/session/organiser-session.guard';
import { organiserHeader } from '../organiser/views/chrome.view';
import { PageErrorFilter } from '../shared/page-error.filter';
import { PageRenderer } from '../shared/page-renderer';
import { FormBody } from '../shared/validate-dto';
import { SANDBOX_LIST_MAX, sandboxListBody, sandboxSessionBody } from './sandbox-organiser.view';
import { SandboxPagesService } from './sandbox-pages.service';

/** The sandbox's controls in the dashboard: a signed-in owner (they send refunds and disputes for any appeal), and the session's CSRF token on every post. */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@UseGuards(OrganiserSessionGuard)
@RequireRight('owner')
@Controller('organiser/sandbox')
export class SandboxOrganiserController {
  constructor(
    private readonly sandbox: SandboxPagesService,
    private readonly pages: PageRenderer,
  ) {}

  /** Anyone can start checkouts, so the list shows the newest only (6,000 rows took 1-2 s to render). */
  @Get()
  list(@CurrentSession() s: OrganiserSession, @Res() reply: FastifyReply) {
    const all = this.sandbox.sessions();
    const main = sandboxListBody(all.slice(0, SANDBOX_LIST_MAX), all.length);
    return this.pages.send(reply, 200, { title: 'Stripe sandbox', header: organiserHeader(s), main });
  }

  @Get('sessions/:id')
  show(
    @CurrentSession() s: OrganiserSession,
    @Param('id') id: string,
    @Query('notice') notice: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const main = sandboxSessionBody(s, this.sandbox.record(id), notice?.slice(0, 300) ?? null);
    return this.pages.send(reply, 200, { title: 'Sandbox session', header: organiserHeader(s), main });
  }

  /** Post/redirect/get, naming the events sent. */
  @Post('sessions/:id/:action')
  async act(@Param('id') id: string, @Param('action') action: string, @Body() body: FormBody, @Res() reply: FastifyReply) {
    const events = await this.sandbox.act(id, action, body ?? {});
    const notice = `Sent ${events.map((e) => e.type).join(', ') || 'no events'}.`;
    const location = `/organiser/sandbox/sessions/${encodeURIComponent(id)}?notice=${encodeURIComponent(notice)}`;
    return reply.code(303).header('location', location).header('cache-control', 'no-store').send();
  }
}
