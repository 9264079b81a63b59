import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { OrganiserToken } from './organiser-token.entity';
import { TokenDigest } from './token-digest';
import { REKEY_TOKEN } from './auth.queries';

export interface VerifiedToken {
  name: string;
  digest: string;
  admin: boolean;
  organiserId: string | null;
}

/** Organiser tokens: created by the CLI, stored as keyed digests, revocable. */
@Injectable()
export class TokensService {
  constructor(
    private readonly ds: DataSource,
    private readonly digest: TokenDigest,
  ) {}

  /** `organiserId`: a personal token, acting as that person; without it a CLI token (acts as owner). */
  async create(name: string, organiserId: string | null = null, em?: EntityManager): Promise<{ token: string; record: OrganiserToken }> {
    const clean = name.trim();
    if (!clean || clean.length > 100 || clean.includes('\0')) throw new Error('token name must be 1-100 characters');
    // 32 random bytes: guessing is hopeless, so a fast keyed hash is enough and lookups stay O(1).
    const token = `org_${randomBytes(32).toString('base64url')}`;
    const record = await (em ?? this.ds.manager)
      .getRepository(OrganiserToken)
      .save({ name: clean, tokenHash: this.digest.of(token), keyed: true, organiserId });
    return { token, record };
  }

  list(): Promise<OrganiserToken[]> {
    return this.ds.getRepository(OrganiserToken).find({ order: { createdAt: 'ASC' } });
  }

  /** A person's tokens (revoked ones included, so the Team page shows when they ended). */
  listFor(organiserId: string): Promise<OrganiserToken[]> {
    return this.ds.getRepository(OrganiserToken).find({ where: { organiserId }, order: { createdAt: 'ASC' } });
  }

  /** Revokes one of a person's tokens; the revoked row, or null when there is no such live token. */
  async revokeFor(em: EntityManager, organiserId: string, tokenId: string): Promise<OrganiserToken | null> {
    const res = await em
      .getRepository(OrganiserToken)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('id = :tokenId AND organiser_id = :organiserId AND revoked_at IS NULL', { tokenId, organiserId })
      .returning(['id', 'name'])
      .execute();
    const row = (res.raw as Array<{ id: string; name: string }>)[0];
    return row ? Object.assign(new OrganiserToken(), row) : null;
  }

  /** Revokes every live token of a person (disabling them); the number revoked. */
  async revokeAllFor(em: EntityManager, organiserId: string): Promise<number> {
    const res = await em
      .getRepository(OrganiserToken)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('organiser_id = :organiserId AND revoked_at IS NULL', { organiserId })
      .execute();
    return res.affected ?? 0;
  }

  async revoke(nameOrId: string): Promise<number> {
    const isUuid = /^[0-9a-f-]{36}$/i.test(nameOrId);
    const res = await this.ds
      .getRepository(OrganiserToken)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where(isUuid ? 'id = :v' : 'name = :v', { v: nameOrId })
      .andWhere('revoked_at IS NULL')
      .execute();
    return res.affected ?? 0;
  }

  /**
   * Tokens created before keyed digests hold a plain SHA-256; replace it by its keyed digest.
   * Idempotent and safe to run on several instances at once (each row changes once).
   */
  async rekeyLegacy(): Promise<number> {
    const legacy = await this.ds.getRepository(OrganiserToken).find({ where: { keyed: false } });
    let changed = 0;
    for (const t of legacy) {
      const res = await this.ds.query(REKEY_TOKEN, [t.id, this.digest.ofSha256(t.tokenHash)]);
      changed += Number(res?.[1] ?? 0);
    }
    return changed;
  }

  /** The organiser's name, the stored digest and the token's person (if personal) for a presented token, or null. */
  async verify(presented: string, adminToken?: string): Promise<VerifiedToken | null> {
    const digest = this.digest.of(presented);
    // Comparing digests keeps the comparison constant-time and independent of the token length.
    if (adminToken && timingSafeEqual(Buffer.from(digest, 'hex'), Buffer.from(this.digest.of(adminToken), 'hex')))
      return { name: 'admin', digest, admin: true, organiserId: null };
    const repo = this.ds.getRepository(OrganiserToken);
    const found = await repo.findOne({ where: { tokenHash: digest, keyed: true, revokedAt: IsNull() } });
    if (!found) return null;
    await repo.update(found.id, { lastUsedAt: new Date() });
    return { name: found.name, digest, admin: false, organiserId: found.organiserId };
  }
}
