import { createParamDecorator, ExecutionContext } from '@nestjs/common';

export type Role = 'owner' | 'editor' | 'viewer';
export const ROLES: readonly Role[] = ['owner', 'editor', 'viewer'];

/** Who is behind a request: a person, ADMIN_TOKEN, a CLI token; 'anonymous' only in audit rows (a failed sign-in). */
export type ActorKind = 'person' | 'admin' | 'token' | 'anonymous';

export interface AppealRef {
  id: string;
  slug: string;
}

export interface Actor {
  kind: Exclude<ActorKind, 'anonymous'>;
  /** The person's id; null for ADMIN_TOKEN and CLI tokens. */
  id: string | null;
  email: string | null;
  /** The person's name, "admin token", or the CLI token's name. */
  name: string;
  role: Role;
  /** The appeals an editor or viewer was given (owners reach every appeal regardless). */
  appeals: readonly AppealRef[];
}

/** ADMIN_TOKEN and CLI tokens act as owners: they are how the first owner gets in, and the recovery path. */
export const adminActor = (): Actor => ({ kind: 'admin', id: null, email: null, name: 'admin token', role: 'owner', appeals: [] });
export const cliTokenActor = (name: string): Actor => ({ kind: 'token', id: null, email: null, name, role: 'owner', appeals: [] });

/**
 * The rights a route can require. `view` and `edit` are per appeal (editor implies viewer);
 * `signed-in` is any organiser (what they then see is filtered to their appeals); `owner` is
 * people, tokens, appeal creation and everything else.
 */
export type Right = 'signed-in' | 'view' | 'edit' | 'owner';

const RIGHT_NAME: Record<Exclude<Right, 'signed-in'>, string> = { view: 'viewer', edit: 'editor', owner: 'owner' };

/**
 * Null when `actor` holds `right` (on `appealSlug` when given), otherwise the message of the 403,
 * naming the missing right. `edit` or `view` without a slug: that role on at least one appeal.
 */
export function missingRight(actor: Actor, right: Right, appealSlug?: string): string | null {
  if (actor.role === 'owner' || right === 'signed-in') return null;
  if (right === 'owner') return 'owner rights are required';
  const roleOk = right === 'view' || actor.role === 'editor';
  const appealOk = appealSlug === undefined ? actor.appeals.length > 0 : actor.appeals.some((a) => a.slug === appealSlug);
  if (roleOk && appealOk) return null;
  return appealSlug === undefined
    ? `${RIGHT_NAME[right]} rights on an appeal are required`
    : `${RIGHT_NAME[right]} rights on appeal '${appealSlug}' are required`;
}

export const hasRight = (actor: Actor, right: Right, appealSlug?: string): boolean => missingRight(actor, right, appealSlug) === null;

/** Appeal ids an actor may read, or null for every appeal (owners). */
export const visibleAppealIds = (actor: Actor): string[] | null => (actor.role === 'owner' ? null : actor.appeals.map((a) => a.id));

/** What `recorded_by` and sessions' `organiser` hold (at most 100 characters): the e-mail, 'admin', or the CLI token's name. */
export const actorLabel = (actor: Actor): string => (actor.kind === 'admin' ? 'admin' : (actor.email ?? actor.name)).slice(0, 100);

export interface ActorRequest {
  actor?: Actor;
}

/** The actor behind the request (set by OrganiserGuard or OrganiserSessionGuard). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<ActorRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without OrganiserGuard or OrganiserSessionGuard');
  return actor;
});
