import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '../auth/actor';
import { AuditService } from '../auth/audit/audit.service';
import { CLAIM_TOTP_STEP } from '../auth/auth.queries';
import { Person } from '../auth/people/person.entity';
import { newTotpSecret, totpStep, totpUri } from '../auth/people/totp';
import { SecretBox } from '../auth/secret-box';
import { DISABLE_TOTP, ENABLE_TOTP, SET_PENDING_PERSON_TOTP } from './team.queries';

export type TotpState = { enabled: true } | { enabled: false; secret: string; uri: string };

/**
 * A signed-in person's own two-step sign-in: turn TOTP on (a secret shown as text and as an
 * otpauth URI, enabled only once a code from it verifies) or off (with a current code).
 */
@Injectable()
export class AccountService {
  constructor(
    private readonly ds: DataSource,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
  ) {}

  async totp(actor: Actor & { id: string; email: string }): Promise<TotpState> {
    const p = await this.ds.getRepository(Person).findOneOrFail({ where: { id: actor.id } });
    if (p.totpEnabledAt) return { enabled: true };
    const [rows]: [Array<{ totp_secret: string }>, number] = await this.ds.query(SET_PENDING_PERSON_TOTP, [
      actor.id,
      this.box.seal(newTotpSecret()),
    ]);
    if (!rows[0]) return { enabled: true }; // enabled by another tab in the meantime
    const secret = this.box.open(rows[0].totp_secret);
    return { enabled: false, secret, uri: totpUri(secret, actor.email) };
  }

  /** True when the code matched the pending secret and TOTP is now on. */
  async enable(actor: Actor & { id: string; email: string }, code: string): Promise<boolean> {
    const state = await this.totp(actor);
    if (state.enabled) return true;
    const step = totpStep(state.secret, code, null);
    if (step === null) return false;
    return this.ds.transaction(async (em) => {
      const [, changed]: [unknown, number] = await em.query(ENABLE_TOTP, [actor.id, step]);
      if (changed !== 1) return false;
      await this.audit.record({ actor, action: 'totp.enabled', details: { organiserId: actor.id, email: actor.email } }, em);
      return true;
    });
  }

  /** Turning it off needs a current code, so a session left open is not enough. */
  async disable(actor: Actor & { id: string; email: string }, code: string): Promise<boolean> {
    const p = await this.ds
      .getRepository(Person)
      .createQueryBuilder('p')
      .addSelect(['p.totpSecret', 'p.totpLastStep'])
      .where('p.id = :id', { id: actor.id })
      .getOneOrFail();
    if (!p.totpEnabledAt || !p.totpSecret) return true;
    const step = totpStep(this.box.open(p.totpSecret), code, p.totpLastStep);
    if (step === null) return false;
    return this.ds.transaction(async (em) => {
      const [, claimed]: [unknown, number] = await em.query(CLAIM_TOTP_STEP, [actor.id, step]);
      if (claimed !== 1) return false;
      await em.query(DISABLE_TOTP, [actor.id]);
      await this.audit.record({ actor, action: 'totp.disabled', details: { organiserId: actor.id, email: actor.email } }, em);
      return true;
    });
  }
}
