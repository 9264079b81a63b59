import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monthly gifts' `after_end` status (a payment recorded after the appeal's end, never counted)
 * next to `voided` (offline gifts voided by the organiser). Both branches replaced the donation
 * status CHECK; this one, run after both, allows every status. Numbered after
 * 1795833000000-VoidsAndReviewResolutions on purpose: it must run after that migration's CHECK.
 */
export class AfterEndStatusWithVoids1795833500000 implements MigrationInterface {
  name = 'AfterEndStatusWithVoids1795833500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "donations" DROP CONSTRAINT "CHK_donations_status"`);
    await queryRunner.query(
      `ALTER TABLE "donations" ADD CONSTRAINT "CHK_donations_status" CHECK (status IN ('pending', 'succeeded', 'failed', 'expired', 'review', 'voided', 'after_end'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "donations" WHERE status = 'after_end'`);
    await queryRunner.query(`ALTER TABLE "donations" DROP CONSTRAINT "CHK_donations_status"`);
    await queryRunner.query(
      `ALTER TABLE "donations" ADD CONSTRAINT "CHK_donations_status" CHECK (status IN ('pending', 'succeeded', 'failed', 'expired', 'review', 'voided'))`,
    );
  }
}
