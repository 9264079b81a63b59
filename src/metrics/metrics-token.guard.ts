import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`. Without METRICS_TOKEN it is
 * off (404): the socket address cannot tell a local scraper from a client relayed by a local
 * proxy, so "loopback only" would not be a safe default.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(config: AppConfig) {
    this.expected = config.METRICS_TOKEN ? digest(config.METRICS_TOKEN) : null;
  }

  canActivate(ctx: ExecutionContext): boolean {
    if (!this.expected) throw new NotFoundException('Metrics are off: set METRICS_TOKEN to enable /metrics');
    const header = ctx.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match || !timingSafeEqual(digest(match[1]), this.expected))
      throw new UnauthorizedException('/metrics requires Authorization: Bearer <METRICS_TOKEN>');
    return true;
  }
}
