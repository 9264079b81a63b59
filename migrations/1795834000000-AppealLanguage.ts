import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An appeal's own language: its widgets and badges speak it when the embed names none. The
 * database checks the shape of a language code; the API checks it against the languages the
 * catalogs support (src/wording/languages.ts), which can grow without a migration.
 */
export class AppealLanguage1795834000000 implements MigrationInterface {
  name = 'AppealLanguage1795834000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appeals" ADD "language" character varying(8) NOT NULL DEFAULT 'en'`);
    await queryRunner.query(`ALTER TABLE "appeals" ADD CONSTRAINT "CHK_appeals_language" CHECK (language ~ '^[a-z]{2,3}$')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appeals" DROP CONSTRAINT "CHK_appeals_language"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "language"`);
  }
}
