import { ExecutionContext, ForbiddenException, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { Actor, missingRight, Right } from './actor';

export const RIGHT_KEY = 'organiser:right';

export interface RightRequirement {
  right: Right;
  /** The route parameter holding the appeal slug, for `view` and `edit`. */
  param?: string;
}

/**
 * The right a guarded route requires, e.g. `@RequireRight('edit', 'slug')` (editor on the
 * appeal named by `:slug`) or `@RequireRight('owner')`. OrganiserGuard and
 * OrganiserSessionGuard enforce it; a guarded route WITHOUT this decorator requires owner
 * rights (fail closed: a route someone forgot to annotate is not open to viewers).
 */
export const RequireRight = (right: Right, param?: string) => SetMetadata(RIGHT_KEY, { right, param } satisfies RightRequirement);

/** 403 naming the missing right, e.g. "editor rights on appeal 'x' are required". */
export class MissingRight extends ForbiddenException {
  constructor(message: string) {
    super(message);
  }
}

/** Throws MissingRight unless `actor` holds `right` (on `appealSlug`). For rights that depend on the body. */
export function assertRight(actor: Actor, right: Right, appealSlug?: string): void {
  const missing = missingRight(actor, right, appealSlug);
  if (missing) throw new MissingRight(missing);
}

/** What the guards run once they know the actor. */
export function enforceRouteRight(reflector: Reflector, ctx: ExecutionContext, actor: Actor): void {
  const req = reflector.getAllAndOverride<RightRequirement | undefined>(RIGHT_KEY, [ctx.getHandler(), ctx.getClass()]) ?? {
    right: 'owner',
  };
  const params = ctx.switchToHttp().getRequest<{ params?: Record<string, string> }>().params ?? {};
  const slug = req.param ? params[req.param] : undefined;
  if (req.param && typeof slug !== 'string') throw new Error(`route parameter ${req.param} is missing`);
  assertRight(actor, req.right, slug);
}
