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
import { SANDBOX_LIST_MAX, clockCard, sandboxListBody, sandboxSessionBody } from './sandbox-organiser.view';
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
  list(@CurrentSession() s: OrganiserSession, @Query('notice') notice: string | undefined, @Res() reply: FastifyReply) {
    const all = this.sandbox.sessions();
    const main = sandboxListBody(
      all.slice(0, SANDBOX_LIST_MAX),
      all.length,
      clockCard(s, this.sandbox.clock()),
      notice?.slice(0, 300) ?? null,
    );
    return this.pages.send(reply, 200, { title: 'Stripe sandbox', header: organiserHeader(s), main });
  }

  @Get('sessions/:id')
  show(
    @CurrentSession() s: OrganiserSession,
    @Param('id') id: string,
    @Query('notice') notice: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const main = sandboxSessionBody(s, this.sandbox.record(id), notice?.slice(0, 300) ?? null, this.sandbox.subscriptionOf(id));
    return this.pages.send(reply, 200, { title: 'Sandbox session', header: organiserHeader(s), main });
  }

  /** Moves the test clock on by `months` (1 to 24), sending what falls due; back to the list. */
  @Post('clock/advance')
  async advance(@Body() body: FormBody, @Res() reply: FastifyReply) {
    const events = await this.sandbox.advance(this.sandbox.months(body ?? {}));
    const location = `/organiser/sandbox?notice=${encodeURIComponent(sentNotice(events))}`;
    return reply.code(303).header('location', location).header('cache-control', 'no-store').send();
  }

  /** Post/redirect/get, naming the events sent. The id may be a renewal's PaymentIntent: back to its session. */
  @Post('sessions/:id/:action')
  async act(@Param('id') id: string, @Param('action') action: string, @Body() body: FormBody, @Res() reply: FastifyReply) {
    const events = await this.sandbox.act(id, action, body ?? {});
    const notice = sentNotice(events);
    const location = `/organiser/sandbox/sessions/${encodeURIComponent(this.sandbox.sessionIdOf(id))}?notice=${encodeURIComponent(notice)}`;
    return reply.code(303).header('location', location).header('cache-control', 'no-store').send();
  }
}

/** "Sent a, b, c." with repeats counted, since a year of renewals sends dozens of events. */
function sentNotice(events: Array<{ type: string }>): string {
  if (events.length === 0) return 'Sent no events.';
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  return `Sent ${[...counts].map(([type, n]) => (n > 1 ? `${type} ×${n}` : type)).join(', ')}.`;
}
