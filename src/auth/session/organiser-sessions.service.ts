import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { Actor, actorLabel, adminActor, cliTokenActor } from '../actor';
import { actorOfToken } from '../actor-of-token';
import { AuditService } from '../audit/audit.service';
import { ActorsService } from '../people/actors.service';
import { TokenDigest } from '../token-digest';
import { TokensService } from '../tokens.service';
import { AppConfig } from '../../config/app-config';
import { RateLimitService } from '../../rate-limit/rate-limit.service';
import { OrganiserSession } from './organiser-session.entity';
import { TOUCH_SESSION } from '../auth.queries';

export interface OpenedSession {
  cookieValue: string;
  session: OrganiserSession;
  actor: Actor;
}

/** Idle sessions end after two hours; none lives longer than twelve. */
export const SESSION_IDLE_MS = 2 * 3600 * 1000;
export const SESSION_MAX_MS = 12 * 3600 * 1000;
/** last_seen_at is written at most this often, so a busy dashboard is not a stream of UPDATEs. */
const TOUCH_EVERY_MS = 60 * 1000;
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Dashboard sessions, stored server-side: the cookie holds 32 random bytes, the table only
 * their keyed digest (TokenDigest), and the keyed digest of the sign-in token. A session is
 * valid while it has not expired and the token that opened it is still valid (a revoked CLI
 * token, or a changed ADMIN_TOKEN, ends its sessions at once).
 */
@Injectable()
export class OrganiserSessionsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tokens: TokensService,
    private readonly config: AppConfig,
    private readonly digest: TokenDigest,
    private readonly limits: RateLimitService,
    private readonly actors: ActorsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * A new session for a valid organiser token, or null. Refused sign-ins from every address
   * count together (see ratePolicies' signInFailures); the per-address limit is the route's.
   */
  async signIn(token: string): Promise<OpenedSession | null> {
    await this.limits.assertOpen('signInFailures', 'all');
    const found = await this.tokens.verify(token, this.config.ADMIN_TOKEN);
    const actor = found ? await actorOfToken(found, this.actors) : null;
    if (!found || !actor) {
      await this.limits.consume('signInFailures', 'all');
      await this.audit.record({ actor: { kind: 'anonymous' }, action: 'sign-in.failed', details: { method: 'token' } });
      return null;
    }
    return this.open(actor, found.digest, 'token');
  }

  /** A session for a person whose password (and code) were verified (PersonSignInService). */
  openForPerson(actor: Actor): Promise<OpenedSession> {
    return this.open(actor, null, 'password');
  }

  /** Ends every session of a person (disabling them), in the caller's transaction. */
  async endFor(em: EntityManager, organiserId: string): Promise<void> {
    await em.getRepository(OrganiserSession).delete({ organiserId });
  }

  /** The actor a live session acts as, or null (its person was disabled in the meantime). */
  async actorOf(s: OrganiserSession): Promise<Actor | null> {
    if (s.organiserId) return this.actors.person(s.organiserId);
    const admin = this.config.ADMIN_TOKEN ? this.digest.of(this.config.ADMIN_TOKEN) : '';
    return s.tokenHash === admin ? adminActor() : cliTokenActor(s.organiser);
  }

  private async open(actor: Actor, tokenHash: string | null, method: 'token' | 'password'): Promise<OpenedSession> {
    const repo = this.ds.getRepository(OrganiserSession);
    const cookieValue = randomBytes(32).toString('base64url');
    const session = repo.create({
      idHash: this.digest.of(cookieValue),
      organiser: actorLabel(actor),
      organiserId: actor.id,
      tokenHash,
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: new Date(Date.now() + SESSION_IDLE_MS),
    });
    await this.ds.transaction(async (em) => {
      await em.getRepository(OrganiserSession).insert(session);
      await this.audit.record({ actor, action: 'sign-in', details: { method } }, em);
    });
    // Housekeeping on the rare write path rather than a timer on every instance.
    await repo.delete({ expiresAt: LessThan(new Date()) });
    return { cookieValue, session, actor };
  }

  async find(cookieValue: string | undefined): Promise<OrganiserSession | null> {
    if (!cookieValue || !COOKIE_VALUE.test(cookieValue)) return null;
    const admin = this.config.ADMIN_TOKEN ? this.digest.of(this.config.ADMIN_TOKEN) : '';
    const session = await this.ds
      .getRepository(OrganiserSession)
      .createQueryBuilder('s')
      .where('s.id_hash = :id AND s.expires_at > now()', { id: this.digest.of(cookieValue) })
      // Opened by a token: that token must still be valid. Opened by (or as) a person: they must not be disabled.
      .andWhere(
        `(s.token_hash IS NULL OR s.token_hash = :admin OR EXISTS (SELECT 1 FROM organiser_tokens t WHERE t.token_hash = s.token_hash AND t.revoked_at IS NULL))`,
        { admin },
      )
      .andWhere(`(s.organiser_id IS NULL OR EXISTS (SELECT 1 FROM organisers o WHERE o.id = s.organiser_id AND o.disabled_at IS NULL))`)
      .getOne();
    if (session && Date.now() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.touch(session);
    return session;
  }

  async signOut(cookieValue: string | undefined): Promise<void> {
    if (cookieValue && COOKIE_VALUE.test(cookieValue))
      await this.ds.getRepository(OrganiserSession).delete({ idHash: this.digest.of(cookieValue) });
  }

  private async touch(s: OrganiserSession): Promise<void> {
    await this.ds.query(TOUCH_SESSION, [s.idHash, SESSION_MAX_MS, SESSION_IDLE_MS]);
  }
}
