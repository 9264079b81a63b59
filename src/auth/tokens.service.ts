import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { OrganiserToken } from './organiser-token.entity';
import { TokenDigest } from './token-digest';
import { REKEY_TOKEN } from './auth.queries';

/** Organiser tokens: created by the CLI, stored as keyed digests, revocable. */
@Injectable()
export class TokensService {
  constructor(
    private readonly ds: DataSource,
    private readonly digest: TokenDigest,
  ) {}

  async create(name: string): Promise<{ token: string; record: OrganiserToken }> {
    const clean = name.trim();
    if (!clean || clean.length > 100 || clean.includes('\0')) throw new Error('token name must be 1-100 characters');
    // 32 random bytes: guessing is hopeless, so a fast keyed hash is enough and lookups stay O(1).
    const token = `org_${randomBytes(32).toString('base64url')}`;
    const record = await this.ds.getRepository(OrganiserToken).save({ name: clean, tokenHash: this.digest.of(token), keyed: true });
    return { token, record };
  }

  list(): Promise<OrganiserToken[]> {
    return this.ds.getRepository(OrganiserToken).find({ order: { createdAt: 'ASC' } });
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

  /** The organiser's name and the stored digest for a presented token, or null. */
  async verify(presented: string, adminToken?: string): Promise<{ name: string; digest: string } | null> {
    const digest = this.digest.of(presented);
    // Comparing digests keeps the comparison constant-time and independent of the token length.
    if (adminToken && timingSafeEqual(Buffer.from(digest, 'hex'), Buffer.from(this.digest.of(adminToken), 'hex')))
      return { name: 'admin', digest };
    const repo = this.ds.getRepository(OrganiserToken);
    const found = await repo.findOne({ where: { tokenHash: digest, keyed: true, revokedAt: IsNull() } });
    if (!found) return null;
    await repo.update(found.id, { lastUsedAt: new Date() });
    return { name: found.name, digest };
  }
}
