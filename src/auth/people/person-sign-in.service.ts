import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RateLimitService } from '../../rate-limit/rate-limit.service';
import { TokenDigest } from '../token-digest';
import { AuditService } from '../audit/audit.service';
import { CLAIM_TOTP_STEP } from '../auth.queries';
import { SecretBox } from '../secret-box';
import { OpenedSession, OrganiserSessionsService } from '../session/organiser-sessions.service';
import { ActorsService } from './actors.service';
import { verifyPassword } from './passwords';
import { Person } from './person.entity';
import { totpStep } from './totp';

export interface PasswordSignIn {
  email: string;
  password: string;
  code: string;
  /** The device cookie this browser presented, if any (see deviceToken). */
  device?: string;
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/**
 * Sign-in by e-mail and password, plus a TOTP code when the person enabled it. Every refusal
 * (unknown e-mail, wrong password, missing or wrong code, disabled account) looks the same to
 * the caller and costs one argon2 verification, so the answer tells nothing about which
 * accounts exist. Refusals count per account (accountSignInFailures), or per account and
 * device for a browser that signed in to it before.
 */
@Injectable()
export class PersonSignInService {
  constructor(
    private readonly ds: DataSource,
    private readonly limits: RateLimitService,
    private readonly digest: TokenDigest,
    private readonly box: SecretBox,
    private readonly actors: ActorsService,
    private readonly sessions: OrganiserSessionsService,
    private readonly audit: AuditService,
  ) {}

  /** A value only this server can make for an e-mail: proves the browser signed in to it before. */
  deviceToken(email: string): string {
    return this.digest.of(`device:${normaliseEmail(email)}`).slice(0, 43);
  }

  async signIn(input: PasswordSignIn): Promise<OpenedSession | null> {
    const email = normaliseEmail(input.email).slice(0, 254);
    const knownDevice = !!input.device && input.device === this.deviceToken(email);
    const bucket = knownDevice ? `device:${email}` : `account:${email}`;
    await this.limits.assertOpen('accountSignInFailures', bucket);
    const person = await this.ds
      .getRepository(Person)
      .createQueryBuilder('p')
      .addSelect(['p.passwordHash', 'p.totpSecret', 'p.totpLastStep'])
      .where('lower(p.email) = :email', { email })
      .getOne();
    const passwordOk = await verifyPassword(person?.passwordHash ?? null, input.password);
    const why = !person
      ? 'unknown e-mail'
      : !passwordOk
        ? 'wrong password'
        : person.disabledAt
          ? 'disabled'
          : await this.codeProblem(person, input.code);
    const actor = !why && person ? await this.actors.person(person.id) : null;
    if (!actor) {
      await this.limits.consume('accountSignInFailures', bucket);
      await this.audit.record({
        actor: { kind: 'anonymous', id: person?.id ?? null, email: person?.email ?? null },
        action: 'sign-in.failed',
        details: { method: 'password', email, reason: why ?? 'disabled' },
      });
      return null;
    }
    return this.sessions.openForPerson(actor);
  }

  /** Null when no code is needed or the code is good (and now used up); otherwise why not. */
  private async codeProblem(person: Person, code: string): Promise<string | null> {
    if (!person.totpEnabledAt || !person.totpSecret) return null;
    if (!code.trim()) return 'code missing';
    const step = totpStep(this.box.open(person.totpSecret), code, person.totpLastStep);
    if (step === null) return 'wrong code';
    const res: [unknown, number] = await this.ds.query(CLAIM_TOTP_STEP, [person.id, step]);
    return res[1] === 1 ? null : 'code already used';
  }
}
