import { Body, Controller, Get, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RateLimit } from '../../rate-limit/rate-limit.guard';
import { InvitationsService, InvitationState } from '../../team/invitations.service';
import { organiserHeader } from '../organiser/views/chrome.view';
import { PageErrorFilter, SIGN_IN_PATH } from '../shared/page-error.filter';
import { PageRenderer } from '../shared/page-renderer';
import { field, FormBody } from '../shared/validate-dto';
import { invitationBody, invitationClosedBody } from './views/invitation.view';

/**
 * The one-time invitation link. No session and no CSRF token: the link itself is the secret a
 * forged form would need. Posting is limited per address like sign-in.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('organiser/invitations')
export class InvitationController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':link')
  async form(@Param('link') link: string, @Res() reply: FastifyReply) {
    const opened = await this.invitations.open(link);
    if (opened.state !== 'open') return this.closed(reply, opened.state);
    return this.render(reply, 200, link, opened, opened.person.name, {});
  }

  @Post(':link')
  @RateLimit('signIn')
  async accept(@Param('link') link: string, @Body() body: FormBody, @Res() reply: FastifyReply) {
    const input = {
      name: field(body, 'name'),
      password: rawField(body, 'password'),
      confirm: rawField(body, 'confirm'),
      code: field(body, 'code'),
    };
    const res = await this.invitations.accept(link, input);
    if ('ok' in res && res.ok) {
      const q = `?welcome=${res.totp ? 'totp' : '1'}&email=${encodeURIComponent(res.person.email)}`;
      return reply.code(303).header('location', `${SIGN_IN_PATH}${q}`).header('cache-control', 'no-store').send();
    }
    if ('ok' in res) {
      const opened = await this.invitations.open(link);
      if (opened.state !== 'open') return this.closed(reply, opened.state);
      return this.render(reply, 400, link, opened, input.name, res.problems);
    }
    return this.closed(reply, res.state as 'unknown' | 'expired' | 'used');
  }

  private render(
    reply: FastifyReply,
    status: number,
    link: string,
    opened: Extract<InvitationState, { state: 'open' }>,
    name: string,
    problems: Record<string, string[]>,
  ) {
    const p = opened.person;
    const main = invitationBody({
      link,
      email: p.email,
      name,
      role: p.role,
      totpSecret: opened.totp.secret,
      totpUri: opened.totp.uri,
      problems,
    });
    return this.pages.send(reply, status, { title: 'Join the organisers', narrow: true, header: organiserHeader(null), main });
  }

  private closed(reply: FastifyReply, state: 'unknown' | 'expired' | 'used') {
    const main = invitationClosedBody(state);
    return this.pages.send(reply, state === 'unknown' ? 404 : 410, {
      title: 'Invitation',
      narrow: true,
      header: organiserHeader(null),
      main,
    });
  }
}

/** Passwords are taken as typed (spaces included); anything but one string reads as ''. */
function rawField(body: FormBody, name: string): string {
  const v = body?.[name];
  return typeof v === 'string' ? v : '';
}
