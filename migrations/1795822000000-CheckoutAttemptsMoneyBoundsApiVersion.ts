import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Checkout retries get an attempt counter (part of the Stripe idempotency key, bumped after a
 * failed call to Stripe); money bounds become CHECKs (a counted gift is at most 10^12 minor
 * units, nothing stored leaves JavaScript's exact integer range, totals never go negative or
 * count more donors than donations); events in a Stripe API version other than the pinned one
 * keep that version for the payments health panel.
 */
export class CheckoutAttemptsMoneyBoundsApiVersion1795822000000 implements MigrationInterface {
  name = 'CheckoutAttemptsMoneyBoundsApiVersion1795822000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "donations" ADD "checkout_attempt" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "stripe_events" ADD "other_api_version" character varying(64)`);
    await queryRunner.query(
      `CREATE INDEX "IDX_stripe_events_other_api_version" ON "stripe_events"  ("received_at") WHERE other_api_version IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "donations" ADD CONSTRAINT "CHK_donations_checkout_attempt" CHECK (checkout_attempt >= 0)`);
    await queryRunner.query(
      `ALTER TABLE "donations" ADD CONSTRAINT "CHK_donations_amount_bound" CHECK (amount <= 9007199254740991 AND (status = 'review' OR amount <= 1000000000000))`,
    );
    await queryRunner.query(
      `ALTER TABLE "donations" ADD CONSTRAINT "CHK_donations_original_amount" CHECK (original_amount IS NULL OR (original_amount > 0 AND original_amount <= 9007199254740991))`,
    );
    await queryRunner.query(`ALTER TABLE "refunds" ADD CONSTRAINT "CHK_refunds_amount_bound" CHECK (amount <= 9007199254740991)`);
    await queryRunner.query(`ALTER TABLE "disputes" ADD CONSTRAINT "CHK_disputes_amount_bound" CHECK (amount <= 9007199254740991)`);
    await queryRunner.query(`ALTER TABLE "appeal_totals" ADD CONSTRAINT "CHK_appeal_totals_donors" CHECK (donor_count <= donation_count)`);
    await queryRunner.query(
      `ALTER TABLE "appeals" ADD CONSTRAINT "CHK_appeals_amount_bounds" CHECK (target <= 1000000000000000 AND 1000000000000000 >= ALL (stretch_targets) AND 1000000000000000 >= ALL (preset_amounts))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appeals" DROP CONSTRAINT "CHK_appeals_amount_bounds"`);
    await queryRunner.query(`ALTER TABLE "appeal_totals" DROP CONSTRAINT "CHK_appeal_totals_donors"`);
    await queryRunner.query(`ALTER TABLE "disputes" DROP CONSTRAINT "CHK_disputes_amount_bound"`);
    await queryRunner.query(`ALTER TABLE "refunds" DROP CONSTRAINT "CHK_refunds_amount_bound"`);
    await queryRunner.query(`ALTER TABLE "donations" DROP CONSTRAINT "CHK_donations_original_amount"`);
    await queryRunner.query(`ALTER TABLE "donations" DROP CONSTRAINT "CHK_donations_amount_bound"`);
    await queryRunner.query(`ALTER TABLE "donations" DROP CONSTRAINT "CHK_donations_checkout_attempt"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_stripe_events_other_api_version"`);
    await queryRunner.query(`ALTER TABLE "stripe_events" DROP COLUMN "other_api_version"`);
    await queryRunner.query(`ALTER TABLE "donations" DROP COLUMN "checkout_attempt"`);
  }
}
