import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { clientKey } from '../common/client-address';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { TokensService } from './tokens.service';

export interface OrganiserRequest {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  organiser?: string;
}

/**
 * `Authorization: Bearer <token>`: ADMIN_TOKEN or a CLI-created token. Anything else is 401.
 * Limited per client address and per token; an address that has presented
 * API_AUTH_FAILURE_LIMIT refused tokens is refused (429) before its next token is even looked
 * at, so guessing runs at a few tries per quarter hour.
 */
@Injectable()
export class OrganiserGuard implements CanActivate {
  constructor(
    private readonly tokens: TokensService,
    private readonly config: AppConfig,
    private readonly limits: RateLimitService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<OrganiserRequest>();
    if (req.organiser) return true; // already signed in through a dashboard session
    const address = clientKey(req.ip);
    await this.limits.consume('api', `ip:${address}`);
    await this.limits.assertOpen('apiAuthFailures', address);
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('An organiser token is required: Authorization: Bearer <token>');
    const found = await this.tokens.verify(match[1], this.config.ADMIN_TOKEN);
    if (!found) {
      await this.limits.consume('apiAuthFailures', address);
      throw new UnauthorizedException('The organiser token is not valid or has been revoked');
    }
    await this.limits.consume('api', `token:${found.digest}`);
    req.organiser = found.name;
    return true;
  }
}
