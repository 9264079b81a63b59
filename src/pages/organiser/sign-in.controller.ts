import { randomBytes } from 'node:crypto';
import { Body, Controller, Get, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config';
import { RateLimit } from '../../rate-limit/rate-limit.guard';
import { PageErrorFilter, safeNext, SIGN_IN_PATH } from '../shared/page-error.filter';
import { PageRenderer } from '../shared/page-renderer';
import { field, FormBody } from '../shared/validate-dto';
import { OrganiserSessionGuard } from '../../auth/session/organiser-session.guard';
import { OrganiserSessionsService } from '../../auth/session/organiser-sessions.service';
import {
  clearCookie,
  isHttps,
  readCookie,
  sameToken,
  SESSION_COOKIE,
  SESSION_PATH,
  setSessionCookie,
  setDeviceCookie,
  setSignInCookie,
  DEVICE_COOKIE,
  SIGN_IN_COOKIE,
} from '../../auth/session/session-cookies';
import { organiserHeader } from './views/chrome.view';
import { RequireRight } from '../../auth/access';
import { PersonSignInService } from '../../auth/people/person-sign-in.service';
import { signInBody } from './views/sign-in.view';

@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('organiser')
export class SignInController {
  constructor(
    private readonly sessions: OrganiserSessionsService,
    private readonly pages: PageRenderer,
    private readonly config: AppConfig,
    private readonly people: PersonSignInService,
  ) {}

  @Get('sign-in')
  async form(
    @Query('next') next: string | undefined,
    @Query('signed-out') out: string | undefined,
    @Query('welcome') welcome: string | undefined,
    @Query('email') email: string | undefined,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (await this.sessions.find(readCookie(req, SESSION_COOKIE)))
      return reply
        .code(303)
        .header('location', safeNext(next) ?? '/organiser')
        .send();
    const prefill = typeof email === 'string' ? email.slice(0, 254) : '';
    return this.render(req, reply, 200, {
      next: safeNext(next),
      problem: null,
      signedOut: out === '1',
      welcome: welcome === 'totp' || welcome === '1',
      email: prefill,
    });
  }

  /** Limited per address (SIGN_IN_RATE_LIMIT), and refused sign-ins from all addresses together. */
  @Post('sign-in')
  @RateLimit('signIn')
  async signIn(@Body() body: FormBody, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const next = safeNext(field(body, 'next'));
    const expected = readCookie(req, SIGN_IN_COOKIE) ?? '';
    if (!sameToken(field(body, '_csrf'), expected)) {
      return this.render(req, reply, 403, {
        next,
        problem: 'The sign-in form expired or did not come from this site. Please try again.',
        signedOut: false,
      });
    }
    const email = field(body, 'email');
    const byToken = !email;
    const opened = byToken
      ? await this.sessions.signIn(field(body, 'token'))
      : await this.people.signIn({
          email,
          password: typeof body?.password === 'string' ? body.password : '',
          code: field(body, 'code'),
          device: readCookie(req, DEVICE_COOKIE),
        });
    if (!opened) {
      const problem = byToken ? 'That token is not valid, or has been revoked.' : 'The e-mail address, password or code is not right.';
      return this.render(req, reply, 401, { next, problem, signedOut: false, email, byToken });
    }
    const secure = isHttps(req, this.config.publicBaseUrl);
    setSessionCookie(reply, opened.cookieValue, secure);
    // This browser now counts its own refused sign-ins for the account (see accountSignInFailures).
    if (opened.actor.email) setDeviceCookie(reply, this.people.deviceToken(opened.actor.email), secure);
    clearCookie(reply, SIGN_IN_COOKIE, SIGN_IN_PATH, secure);
    return reply
      .code(303)
      .header('cache-control', 'no-store')
      .header('location', next ?? '/organiser')
      .send();
  }

  @Post('sign-out')
  @UseGuards(OrganiserSessionGuard)
  @RequireRight('signed-in')
  async signOut(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    await this.sessions.signOut(readCookie(req, SESSION_COOKIE));
    clearCookie(reply, SESSION_COOKIE, SESSION_PATH, isHttps(req, this.config.publicBaseUrl));
    return reply.code(303).header('location', `${SIGN_IN_PATH}?signed-out=1`).send();
  }

  /** Each rendering of the form gets a fresh double-submit token, in a cookie and in the form. */
  private render(
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    m: { next: string | null; problem: string | null; signedOut: boolean; welcome?: boolean; email?: string; byToken?: boolean },
  ) {
    const csrf = randomBytes(24).toString('base64url');
    setSignInCookie(reply, csrf, isHttps(req, this.config.publicBaseUrl));
    return this.pages.send(reply, status, {
      title: 'Sign in',
      narrow: true,
      header: organiserHeader(null),
      main: signInBody({ ...m, csrf }),
    });
  }
}
