import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertRight } from '../auth/access';
import { Actor } from '../auth/actor';
import { AuditService } from '../auth/audit/audit.service';
import { TokensService } from '../auth/tokens.service';
import { PeopleService } from './people.service';
import { TeamError } from './team.error';

export interface TokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Personal API tokens: act as their person, with the person's role; shown once, stored as keyed digests. */
@Injectable()
export class PersonalTokensService {
  constructor(
    private readonly ds: DataSource,
    private readonly tokens: TokensService,
    private readonly people: PeopleService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, personId: string, name: string): Promise<{ id: string; name: string; token: string }> {
    this.assertOwnerOrSelf(actor, personId);
    const person = await this.people.get(personId);
    if (person.status === 'disabled') throw TeamError.disabled(personId);
    return this.ds.transaction(async (em) => {
      const { token, record } = await this.tokens.create(name, personId, em);
      const details = { organiserId: personId, email: person.email, tokenId: record.id, name: record.name };
      await this.audit.record({ actor, action: 'token.created', details }, em);
      return { id: record.id, name: record.name, token };
    });
  }

  async revoke(actor: Actor, personId: string, tokenId: string): Promise<void> {
    this.assertOwnerOrSelf(actor, personId);
    const person = await this.people.get(personId);
    if (!/^[0-9a-f-]{36}$/i.test(tokenId)) throw TeamError.tokenNotFound(tokenId);
    await this.ds.transaction(async (em) => {
      const revoked = await this.tokens.revokeFor(em, personId, tokenId);
      if (!revoked) throw TeamError.tokenNotFound(tokenId);
      const details = { organiserId: personId, email: person.email, tokenId, name: revoked.name };
      await this.audit.record({ actor, action: 'token.revoked', details }, em);
    });
  }

  async list(actor: Actor, personId: string): Promise<TokenView[]> {
    this.assertOwnerOrSelf(actor, personId);
    await this.people.get(personId);
    return (await this.tokens.listFor(personId)).map((t) => ({
      id: t.id,
      name: t.name,
      createdAt: t.createdAt.toISOString(),
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      revokedAt: t.revokedAt?.toISOString() ?? null,
    }));
  }

  /** Owners manage everyone's tokens; anyone else only their own. */
  private assertOwnerOrSelf(actor: Actor, personId: string): void {
    if (actor.id !== personId) assertRight(actor, 'owner');
  }
}
