import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { OrganiserRequest } from './organiser.guard';

/** The name of the organiser behind the request's token (set by OrganiserGuard). */
export const Organiser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string => ctx.switchToHttp().getRequest<OrganiserRequest>().organiser ?? 'unknown',
);
