import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { clientKey } from '../common/client-address';
import type { PolicyName } from './rate-limit-policies';
import { RateLimitService } from './rate-limit.service';

const POLICY = 'rate-limit:policy';

/** Counts each request to the route against `policy`, per client address. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimitService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.get<PolicyName | undefined>(POLICY, ctx.getHandler());
    if (!policy) return true;
    await this.limits.consume(policy, clientKey(ctx.switchToHttp().getRequest<FastifyRequest>().ip));
    return true;
  }
}

export const RateLimit = (policy: PolicyName) => applyDecorators(SetMetadata(POLICY, policy), UseGuards(RateLimitGuard));
