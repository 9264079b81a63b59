import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '../auth/actor';
import { AuditService } from '../auth/audit/audit.service';
import { Invitation } from '../auth/people/invitation.entity';
import { hashPassword, passwordProblems } from '../auth/people/passwords';
import { Person } from '../auth/people/person.entity';
import { newTotpSecret, totpStep, totpUri } from '../auth/people/totp';
import { SecretBox } from '../auth/secret-box';
import { TokenDigest } from '../auth/token-digest';
import { SET_PENDING_TOTP, USE_INVITATION } from './team.queries';

const LINK = /^[A-Za-z0-9_-]{43}$/;

export type InvitationState =
  | { state: 'open'; invitation: Invitation; person: Person; totp: { secret: string; uri: string } }
  | { state: 'unknown' | 'expired' | 'used' };

export interface Acceptance {
  name: string;
  password: string;
  confirm: string;
  code: string;
}

export type AcceptOutcome =
  { ok: true; person: Person; totp: boolean } | { ok: false; problems: Record<string, string[]> } | InvitationState;

/**
 * The invitee's side: open the one-time link (72 h), choose a name and password, and optionally
 * turn on TOTP by entering a code from the secret shown (it is enabled only once a code from it
 * verifies). The link works once: accepting marks it used in the same transaction that sets the
 * password, guarded in SQL so two submissions cannot both succeed.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly ds: DataSource,
    private readonly digest: TokenDigest,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
  ) {}

  async open(link: string): Promise<InvitationState> {
    if (!LINK.test(link)) return { state: 'unknown' };
    const invitation = await this.ds.getRepository(Invitation).findOne({ where: { tokenHash: this.digest.of(link) } });
    if (!invitation) return { state: 'unknown' };
    if (invitation.usedAt) return { state: 'used' };
    if (invitation.expiresAt.getTime() <= Date.now()) return { state: 'expired' };
    const person = await this.ds.getRepository(Person).findOneOrFail({ where: { id: invitation.organiserId } });
    if (person.disabledAt) return { state: 'expired' };
    if (!invitation.pendingTotpSecret) {
      // One secret per link, kept (sealed) so a re-rendered form shows the same one the app scanned.
      // Two tabs opening the link at once keep whichever secret was stored first.
      const [rows]: [Array<{ pending_totp_secret: string }>, number] = await this.ds.query(SET_PENDING_TOTP, [
        invitation.id,
        this.box.seal(newTotpSecret()),
      ]);
      invitation.pendingTotpSecret = rows[0].pending_totp_secret;
    }
    const secret = this.box.open(invitation.pendingTotpSecret!);
    return { state: 'open', invitation, person, totp: { secret, uri: totpUri(secret, person.email) } };
  }

  async accept(link: string, input: Acceptance): Promise<AcceptOutcome> {
    const opened = await this.open(link);
    if (opened.state !== 'open') return opened;
    const { invitation, person, totp } = opened;
    const problems: Record<string, string[]> = {};
    const name = input.name.trim();
    if (!name || name.length > 100) problems.name = ['name must be 1-100 characters'];
    const pw = passwordProblems(input.password, person.email);
    if (pw.length) problems.password = pw;
    else if (input.password !== input.confirm) problems.confirm = ['the two passwords differ'];
    const step = input.code.trim() ? totpStep(totp.secret, input.code, null) : null;
    if (input.code.trim() && step === null) problems.code = ['that code is not right: enter the 6 digits your app shows now'];
    if (Object.keys(problems).length) return { ok: false, problems };
    const passwordHash = await hashPassword(input.password);
    const done = await this.ds.transaction(async (em) => {
      const used: [unknown, number] = await em.query(USE_INVITATION, [invitation.id]);
      if (used[1] !== 1) return false;
      await em.getRepository(Person).update(person.id, {
        name,
        passwordHash,
        totpSecret: step !== null ? invitation.pendingTotpSecret : null,
        totpEnabledAt: step !== null ? new Date() : null,
        // The code just used cannot sign in as well.
        totpLastStep: step,
      });
      const actor: Actor = { kind: 'person', id: person.id, email: person.email, name, role: person.role, appeals: [] };
      await this.audit.record({ actor, action: 'invitation.accepted', details: { organiserId: person.id, email: person.email } }, em);
      if (step !== null)
        await this.audit.record({ actor, action: 'totp.enabled', details: { organiserId: person.id, email: person.email } }, em);
      return true;
    });
    if (!done) return { state: 'used' };
    return { ok: true, person, totp: step !== null };
  }
}
