import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { OrganiserToken } from './organiser-token.entity';

export const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** Organiser tokens: created by the CLI, stored as SHA-256, revocable. */
@Injectable()
export class TokensService {
  constructor(private readonly ds: DataSource) {}

  async create(name: string): Promise<{ token: string; record: OrganiserToken }> {
    const clean = name.trim();
    if (!clean || clean.length > 100 || clean.includes('\0')) throw new Error('token name must be 1-100 characters');
    // 32 random bytes: guessing is hopeless, so a fast hash is enough and lookups stay O(1).
    const token = `org_${randomBytes(32).toString('base64url')}`;
    const record = await this.ds.getRepository(OrganiserToken).save({ name: clean, tokenHash: sha256(token) });
    return { token, record };
  }

  list(): Promise<OrganiserToken[]> {
    return this.ds.getRepository(OrganiserToken).find({ order: { createdAt: 'ASC' } });
  }

  async revoke(nameOrId: string): Promise<number> {
    const isUuid = /^[0-9a-f-]{36}$/i.test(nameOrId);
    const res = await this.ds.getRepository(OrganiserToken).createQueryBuilder()
      .update().set({ revokedAt: () => 'now()' })
      .where(isUuid ? 'id = :v' : 'name = :v', { v: nameOrId }).andWhere('revoked_at IS NULL')
      .execute();
    return res.affected ?? 0;
  }

  /** The organiser's name for a presented token, or null. */
  async verify(presented: string, adminToken?: string): Promise<string | null> {
    const digest = sha256(presented);
    // Comparing digests keeps the comparison constant-time and independent of the token length.
    if (adminToken && timingSafeEqual(Buffer.from(digest, 'hex'), Buffer.from(sha256(adminToken), 'hex'))) return 'admin';
    const repo = this.ds.getRepository(OrganiserToken);
    const found = await repo.findOne({ where: { tokenHash: digest, revokedAt: IsNull() } });
    if (!found) return null;
    await repo.update(found.id, { lastUsedAt: new Date() });
    return found.name;
  }
}
