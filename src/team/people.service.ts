import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppealsService } from '../appeals/appeals.service';
import { AppealsError } from '../appeals/appeals.error';
import { Actor, AppealRef, Role } from '../auth/actor';
import { AuditService } from '../auth/audit/audit.service';
import { Invitation } from '../auth/people/invitation.entity';
import { PersonAppeal } from '../auth/people/person-appeal.entity';
import { normaliseEmail } from '../auth/people/person-sign-in.service';
import { Person } from '../auth/people/person.entity';
import { OrganiserSessionsService } from '../auth/session/organiser-sessions.service';
import { TokenDigest } from '../auth/token-digest';
import { TokensService } from '../auth/tokens.service';
import { AppConfig } from '../config/app-config';
import { isUniqueViolation } from '../database/unique-violation';
import { CreateOrganiserDto } from './dto/create-organiser.dto';
import { UpdateOrganiserDto } from './dto/update-organiser.dto';
import { InvitationMailer } from './invitation-mailer';
import { TeamError } from './team.error';
import { CLOSE_INVITATIONS, LIST_PEOPLE } from './team.queries';

export const INVITATION_TTL_MS = 72 * 3600 * 1000;

export interface PersonView {
  id: string;
  email: string;
  name: string;
  role: Role;
  appeals: string[];
  status: 'invited' | 'active' | 'disabled';
  totp: boolean;
  createdAt: string;
}

export interface Invited extends PersonView {
  inviteUrl: string;
  inviteExpiresAt: string;
  mail: 'sent' | 'not-configured' | 'failed';
}

interface PersonRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled_at: Date | null;
  totp_enabled_at: Date | null;
  created_at: Date;
  accepted: boolean;
  appeals: string[];
}

const toView = (r: PersonRow): PersonView => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  appeals: r.appeals,
  status: r.disabled_at ? 'disabled' : r.accepted ? 'active' : 'invited',
  totp: !!r.totp_enabled_at,
  createdAt: r.created_at.toISOString(),
});

/**
 * People: invitations, roles, appeals, disabling. Every change and its audit entry commit in
 * one transaction. Disabling revokes the person's tokens and deletes their sessions in that same
 * transaction, and the guards also check `disabled_at` on every request.
 */
@Injectable()
export class PeopleService {
  constructor(
    private readonly ds: DataSource,
    private readonly appeals: AppealsService,
    private readonly audit: AuditService,
    private readonly tokens: TokensService,
    private readonly sessions: OrganiserSessionsService,
    private readonly digest: TokenDigest,
    private readonly mailer: InvitationMailer,
    private readonly config: AppConfig,
  ) {}

  async list(): Promise<PersonView[]> {
    const rows: PersonRow[] = await this.ds.query(LIST_PEOPLE, [null]);
    return rows.map(toView);
  }

  async get(id: string): Promise<PersonView> {
    const rows: PersonRow[] = /^[0-9a-f-]{36}$/i.test(id) ? await this.ds.query(LIST_PEOPLE, [id]) : [];
    if (!rows[0]) throw TeamError.personNotFound(id);
    return toView(rows[0]);
  }

  async invite(actor: Actor, dto: CreateOrganiserDto): Promise<Invited> {
    const email = normaliseEmail(dto.email);
    const appeals = await this.resolveAppeals(dto.appeals ?? []);
    let link = '';
    let expiresAt = new Date();
    let id = '';
    try {
      await this.ds.transaction(async (em) => {
        const person = await em.getRepository(Person).save({ email, name: dto.name.trim(), role: dto.role });
        id = person.id;
        await this.setAppeals(em, id, appeals);
        ({ link, expiresAt } = await this.newInvitation(em, id));
        const details = { organiserId: id, email, name: person.name, role: dto.role, appeals: appeals.map((a) => a.slug) };
        await this.audit.record({ actor, action: 'person.invited', details }, em);
      });
    } catch (e) {
      if (isUniqueViolation(e, 'UQ_organisers_email')) throw TeamError.emailTaken(email);
      throw e;
    }
    const mail = await this.mailer.send({ email, name: dto.name.trim() }, link, actor.name);
    return { ...(await this.get(id)), inviteUrl: link, inviteExpiresAt: expiresAt.toISOString(), mail };
  }

  /** A new link for someone (a lost first link, a forgotten password, a lost authenticator); earlier links stop working. */
  async reinvite(actor: Actor, id: string): Promise<Invited> {
    const person = await this.get(id);
    if (person.status === 'disabled') throw TeamError.disabled(id);
    const { link, expiresAt } = await this.ds.transaction(async (em) => {
      await em.query(CLOSE_INVITATIONS, [id]);
      const made = await this.newInvitation(em, id);
      await this.audit.record({ actor, action: 'person.reinvited', details: { organiserId: id, email: person.email } }, em);
      return made;
    });
    const mail = await this.mailer.send(person, link, actor.name);
    return { ...person, inviteUrl: link, inviteExpiresAt: expiresAt.toISOString(), mail };
  }

  async update(actor: Actor, id: string, dto: UpdateOrganiserDto): Promise<PersonView> {
    const before = await this.get(id);
    const appeals = dto.appeals ? await this.resolveAppeals(dto.appeals) : null;
    await this.ds.transaction(async (em) => {
      // Serialises concurrent changes to one person, so each audit entry's "from" is true.
      const locked = await em.getRepository(Person).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!locked) throw TeamError.personNotFound(id);
      const base = { organiserId: id, email: locked.email };
      if (dto.role && dto.role !== locked.role) {
        await em.getRepository(Person).update(id, { role: dto.role });
        await this.audit.record({ actor, action: 'person.role-changed', details: { ...base, from: locked.role, to: dto.role } }, em);
      }
      if (appeals) {
        const to = appeals.map((a) => a.slug).sort();
        if (JSON.stringify(to) !== JSON.stringify([...before.appeals].sort())) {
          await this.setAppeals(em, id, appeals);
          await this.audit.record({ actor, action: 'person.appeals-changed', details: { ...base, from: before.appeals, to } }, em);
        }
      }
      if (dto.disabled === true && !locked.disabledAt) {
        await em.getRepository(Person).update(id, { disabledAt: new Date() });
        const revoked = await this.tokens.revokeAllFor(em, id);
        await this.sessions.endFor(em, id);
        await this.audit.record({ actor, action: 'person.disabled', details: { ...base, tokensRevoked: revoked } }, em);
      } else if (dto.disabled === false && locked.disabledAt) {
        await em.getRepository(Person).update(id, { disabledAt: null });
        await this.audit.record({ actor, action: 'person.enabled', details: base }, em);
      }
    });
    return this.get(id);
  }

  /** Appeal slugs to appeals; every unknown slug named in one 400. */
  private async resolveAppeals(slugs: string[]): Promise<AppealRef[]> {
    const unique = [...new Set(slugs)];
    const found = await Promise.all(
      unique.map((slug) =>
        this.appeals.findBySlug(slug).then(
          (a) => ({ id: a.id, slug: a.slug }),
          (e) => {
            if (e instanceof AppealsError && e.kind === 'not_found') return slug;
            throw e;
          },
        ),
      ),
    );
    const unknown = found.filter((f): f is string => typeof f === 'string');
    if (unknown.length) throw TeamError.invalid(unknown.map((s) => `appeals: there is no appeal "${s}"`));
    return found as AppealRef[];
  }

  private async setAppeals(em: EntityManager, organiserId: string, appeals: AppealRef[]): Promise<void> {
    await em.getRepository(PersonAppeal).delete({ organiserId });
    if (appeals.length) await em.getRepository(PersonAppeal).insert(appeals.map((a) => ({ organiserId, appealId: a.id })));
  }

  private async newInvitation(em: EntityManager, organiserId: string): Promise<{ link: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
    await em.getRepository(Invitation).insert({ organiserId, tokenHash: this.digest.of(token), expiresAt });
    return { link: `${this.config.publicBaseUrl}/organiser/invitations/${token}`, expiresAt };
  }
}
