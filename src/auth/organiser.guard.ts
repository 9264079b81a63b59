import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { TokensService } from './tokens.service';

export interface OrganiserRequest {
  headers: Record<string, string | string[] | undefined>;
  organiser?: string;
}

/** `Authorization: Bearer <token>`: ADMIN_TOKEN or a CLI-created token. Anything else is 401. */
@Injectable()
export class OrganiserGuard implements CanActivate {
  constructor(private readonly tokens: TokensService, private readonly config: AppConfig) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<OrganiserRequest>();
    if (req.organiser) return true; // already signed in through a dashboard session
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('An organiser token is required: Authorization: Bearer <token>');
    const name = await this.tokens.verify(match[1], this.config.ADMIN_TOKEN);
    if (!name) throw new UnauthorizedException('The organiser token is not valid or has been revoked');
    req.organiser = name;
    return true;
  }
}
