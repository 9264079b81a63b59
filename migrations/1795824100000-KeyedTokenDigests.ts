import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organiser tokens and sessions are stored as keyed digests (HMAC under SECRET_KEY) instead of
 * plain SHA-256. SQL cannot compute them (the key is not in the database, on purpose), so:
 * existing tokens are flagged `keyed = false` and re-keyed by the app at its next start
 * (TokensService.rekeyLegacy; every token keeps working); existing dashboard sessions, which
 * last at most 12 hours, are ended: organisers sign in again once.
 */
export class KeyedTokenDigests1795824100000 implements MigrationInterface {
  name = 'KeyedTokenDigests1795824100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organiser_tokens" ADD "keyed" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "organiser_tokens" ALTER COLUMN "keyed" SET DEFAULT true`);
    await queryRunner.query(`DELETE FROM "organiser_sessions"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // A keyed digest cannot be turned back into the plain SHA-256 the old code looks up: those
    // tokens are revoked (visible in `token list`) and must be re-created; sessions end.
    await queryRunner.query(`UPDATE "organiser_tokens" SET "revoked_at" = now() WHERE "keyed" AND "revoked_at" IS NULL`);
    await queryRunner.query(`DELETE FROM "organiser_sessions"`);
    await queryRunner.query(`ALTER TABLE "organiser_tokens" DROP COLUMN "keyed"`);
  }
}
