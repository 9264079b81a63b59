import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { clientKey } from '../common/client-address';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { enforceRouteRight } from './access';
import { Actor, actorLabel } from './actor';
import { actorOfToken } from './actor-of-token';
import { ActorsService } from './people/actors.service';
import { TokensService } from './tokens.service';

export interface OrganiserRequest {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  organiser?: string;
  actor?: Actor;
}

/**
 * `Authorization: Bearer <token>`: ADMIN_TOKEN, a CLI-created token (both act as owner) or a
 * person's own token (acts as that person, with their role; refused once they are disabled).
 * Anything else is 401. Then the route's right (RequireRight; owner when none is declared) is
 * checked: 403 naming the missing right.
 * Limited per client address and per token; an address that has presented
 * API_AUTH_FAILURE_LIMIT refused tokens is refused (429) before its next token is even looked
 * at, so guessing runs at a few tries per quarter hour.
 */
@Injectable()
export class OrganiserGuard implements CanActivate {
  constructor(
    private readonly tokens: TokensService,
    private readonly actors: ActorsService,
    private readonly config: AppConfig,
    private readonly limits: RateLimitService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<OrganiserRequest>();
    if (!req.actor) req.actor = await this.authenticate(req);
    req.organiser ??= actorLabel(req.actor);
    enforceRouteRight(this.reflector, ctx, req.actor);
    return true;
  }

  private async authenticate(req: OrganiserRequest): Promise<Actor> {
    const address = clientKey(req.ip);
    await this.limits.consume('api', `ip:${address}`);
    await this.limits.assertOpen('apiAuthFailures', address);
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('An organiser token is required: Authorization: Bearer <token>');
    const found = await this.tokens.verify(match[1], this.config.ADMIN_TOKEN);
    const actor = found ? await actorOfToken(found, this.actors) : null;
    if (!found || !actor) {
      await this.limits.consume('apiAuthFailures', address);
      throw new UnauthorizedException('The organiser token is not valid or has been revoked');
    }
    await this.limits.consume('api', `token:${found.digest}`);
    return actor;
  }
}
