import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { enforceRouteRight } from '../access';
import { Actor } from '../actor';
import type { FastifyRequest } from 'fastify';
import { CsrfRejected, SignInRequired } from './session-errors';
import { field } from '../../common/form-field';
import { OrganiserSession } from './organiser-session.entity';
import { OrganiserSessionsService } from './organiser-sessions.service';
import { readCookie, sameToken, SESSION_COOKIE } from './session-cookies';

export const CSRF_FIELD = '_csrf';

type SessionRequest = FastifyRequest & { organiser?: string; organiserSession?: OrganiserSession; actor?: Actor };

/**
 * Every dashboard page: a valid session or a redirect to sign in. Every state-changing request
 * must also carry the session's CSRF token in the form (synchronizer token); SameSite=Strict
 * already keeps other sites' posts cookie-less, this holds even where that is not honoured.
 * It sets req.organiser and req.actor as the API's bearer guard does, so services see the same identity.
 */
@Injectable()
export class OrganiserSessionGuard implements CanActivate {
  constructor(
    private readonly sessions: OrganiserSessionsService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<SessionRequest>();
    const session = await this.sessions.find(readCookie(req, SESSION_COOKIE));
    const actor = session ? await this.sessions.actorOf(session) : null;
    if (!session || !actor) throw new SignInRequired(req.method === 'GET' ? req.url : null);
    if (req.method !== 'GET' && req.method !== 'HEAD' && !sameToken(field(req.body, CSRF_FIELD), session.csrfToken)) {
      throw new CsrfRejected();
    }
    req.organiser = session.organiser;
    req.organiserSession = session;
    req.actor = actor;
    // The route's right (RequireRight; owner when none is declared): 403 page naming it.
    enforceRouteRight(this.reflector, ctx, actor);
    return true;
  }
}

/** The signed-in dashboard session (set by OrganiserSessionGuard). */
export const CurrentSession = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): OrganiserSession => ctx.switchToHttp().getRequest<SessionRequest>().organiserSession!,
);
