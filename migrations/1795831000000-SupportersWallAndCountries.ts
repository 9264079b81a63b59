import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The supporters wall and "from N countries" (issue 14).
 *
 * - donations.public: the donor (or, for an offline gift, the organiser) chose to show the gift's
 *   name and message in public. False for every existing gift: nobody ticked a box that said so.
 * - donations.hidden: an organiser took the name and message down (moderation).
 * - donations.country: ISO 3166-1 alpha-2, upper case, when Stripe (or the organiser) gave one.
 * - appeals.show_amounts: whether the wall shows each gift's amount.
 * - appeal_totals.countries: distinct countries of counted gifts, kept by the ledger like the
 *   donor count, so a progress read never counts anything. Filled here from the ledger (empty).
 * - IDX_donations_wall: the wall's keyset order, newest first, over counted-status gifts only.
 */
export class SupportersWallAndCountries1795831000000 implements MigrationInterface {
  name = 'SupportersWallAndCountries1795831000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "donations" ADD "public" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "donations" ADD "hidden" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "donations" ADD "country" character varying(2)`);
    await queryRunner.query(
      `ALTER TABLE "donations" ADD CONSTRAINT "CHK_donations_country" CHECK (country IS NULL OR country ~ '^[A-Z]{2}$')`,
    );
    await queryRunner.query(`ALTER TABLE "appeals" ADD "show_amounts" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "appeal_totals" ADD "countries" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(
      `ALTER TABLE "appeal_totals" ADD CONSTRAINT "CHK_appeal_totals_countries" CHECK (countries >= 0 AND countries <= donation_count)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_donations_wall" ON "donations" ("appeal_id", (COALESCE(received_at, succeeded_at)) DESC, "id" DESC) WHERE status = 'succeeded'`,
    );
    // The ledger's "first gift from this country?" check, like the donor check's index.
    await queryRunner.query(
      `CREATE INDEX "IDX_donations_appeal_country" ON "donations" ("appeal_id", "country") WHERE country IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_donations_appeal_country"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_donations_wall"`);
    await queryRunner.query(`ALTER TABLE "appeal_totals" DROP CONSTRAINT "CHK_appeal_totals_countries"`);
    await queryRunner.query(`ALTER TABLE "appeal_totals" DROP COLUMN "countries"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "show_amounts"`);
    await queryRunner.query(`ALTER TABLE "donations" DROP CONSTRAINT "CHK_donations_country"`);
    await queryRunner.query(`ALTER TABLE "donations" DROP COLUMN "country"`);
    await queryRunner.query(`ALTER TABLE "donations" DROP COLUMN "hidden"`);
    await queryRunner.query(`ALTER TABLE "donations" DROP COLUMN "public"`);
  }
}
