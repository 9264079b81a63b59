import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monthly gifts (issue 13). A plan is a donor's Stripe subscription to an appeal; each paid
 * invoice of it is one donation (unique on the invoice id, so it counts once). A payment after
 * the appeal's end is recorded with status `after_end`, which never counts. The totals row
 * carries the appeal's monthly donors and monthly amount, kept by the ledger with the plans.
 * Appeals can switch monthly giving off and offer their own monthly amounts.
 */
export class MonthlyGiftPlans1795830000000 implements MigrationInterface {
  name = 'MonthlyGiftPlans1795830000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appeals" ADD "monthly_enabled" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "appeals" ADD "monthly_preset_amounts" bigint array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `ALTER TABLE "appeals" ADD CONSTRAINT "CHK_appeals_monthly_presets" CHECK (cardinality(monthly_preset_amounts) <= 6 AND 0 < ALL (monthly_preset_amounts) AND 1000000000000000 >= ALL (monthly_preset_amounts))`,
    );
    await queryRunner.query(`CREATE TABLE "plans" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "appeal_id" uuid NOT NULL,
      "amount" bigint NOT NULL,
      "currency" character varying(3) NOT NULL,
      "interval" character varying(8) NOT NULL DEFAULT 'month',
      "interval_count" integer NOT NULL DEFAULT 1,
      "state" character varying(16) NOT NULL DEFAULT 'pending',
      "state_at" TIMESTAMP WITH TIME ZONE,
      "donor_name" character varying(200),
      "donor_email" character varying(320),
      "anonymous" boolean NOT NULL DEFAULT false,
      "stripe_subscription_id" character varying(255),
      "stripe_customer_id" character varying(255),
      "stripe_checkout_session_id" character varying(255),
      "started_at" TIMESTAMP WITH TIME ZONE,
      "cancelled_at" TIMESTAMP WITH TIME ZONE,
      "next_payment_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_plans" PRIMARY KEY ("id"),
      CONSTRAINT "FK_plans_appeal" FOREIGN KEY ("appeal_id") REFERENCES "appeals"("id") ON DELETE RESTRICT,
      CONSTRAINT "CHK_plans_amount" CHECK (amount > 0 AND amount <= 1000000000000),
      CONSTRAINT "CHK_plans_currency" CHECK (currency ~ '^[a-z]{3}$'),
      CONSTRAINT "CHK_plans_interval" CHECK ("interval" IN ('day', 'week', 'month', 'year') AND interval_count > 0),
      CONSTRAINT "CHK_plans_state" CHECK (state IN ('pending', 'active', 'past_due', 'cancelled')),
      CONSTRAINT "CHK_plans_started" CHECK (state IN ('pending', 'cancelled') OR (started_at IS NOT NULL AND stripe_subscription_id IS NOT NULL)),
      CONSTRAINT "CHK_plans_cancelled" CHECK ((state = 'cancelled') = (cancelled_at IS NOT NULL))
    )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_plans_subscription" ON "plans" ("stripe_subscription_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_plans_checkout_session" ON "plans" ("stripe_checkout_session_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_plans_appeal_created" ON "plans" ("appeal_id", "created_at", "id")`);

    await queryRunner.query(`ALTER TABLE "donations" ADD "plan_id" uuid`);
    await queryRunner.query(`ALTER TABLE "donations" ADD "stripe_invoice_id" character varying(255)`);
    await queryRunner.query(
      `ALTER TABLE "donations" ADD CONSTRAINT "FK_donations_plan" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE RESTRICT`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_donations_invoice" ON "donations" ("stripe_invoice_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_donations_plan" ON "donations" ("plan_id") WHERE plan_id IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "donations" DROP CONSTRAINT "CHK_donations_status"`);
    await queryRunner.query(
      `ALTER TABLE "donations" ADD CONSTRAINT "CHK_donations_status" CHECK (status IN ('pending', 'succeeded', 'failed', 'expired', 'review', 'after_end'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "donations" ADD CONSTRAINT "CHK_donations_invoice" CHECK (stripe_invoice_id IS NULL OR source = 'stripe')`,
    );
    // Only a monthly gift's payment can fall after the appeal's end and still be recorded.
    await queryRunner.query(
      `ALTER TABLE "donations" ADD CONSTRAINT "CHK_donations_after_end" CHECK (status <> 'after_end' OR (plan_id IS NOT NULL AND stripe_invoice_id IS NOT NULL))`,
    );

    await queryRunner.query(`ALTER TABLE "appeal_totals" ADD "monthly_donors" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "appeal_totals" ADD "monthly_amount" bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(
      `ALTER TABLE "appeal_totals" ADD CONSTRAINT "CHK_appeal_totals_monthly" CHECK (monthly_donors >= 0 AND monthly_amount >= 0)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appeal_totals" DROP CONSTRAINT "CHK_appeal_totals_monthly"`);
    await queryRunner.query(`ALTER TABLE "appeal_totals" DROP COLUMN "monthly_amount"`);
    await queryRunner.query(`ALTER TABLE "appeal_totals" DROP COLUMN "monthly_donors"`);
    await queryRunner.query(`ALTER TABLE "donations" DROP CONSTRAINT "CHK_donations_after_end"`);
    await queryRunner.query(`ALTER TABLE "donations" DROP CONSTRAINT "CHK_donations_invoice"`);
    await queryRunner.query(`DELETE FROM "donations" WHERE status = 'after_end'`);
    await queryRunner.query(`ALTER TABLE "donations" DROP CONSTRAINT "CHK_donations_status"`);
    await queryRunner.query(
      `ALTER TABLE "donations" ADD CONSTRAINT "CHK_donations_status" CHECK (status IN ('pending', 'succeeded', 'failed', 'expired', 'review'))`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_donations_plan"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_donations_invoice"`);
    await queryRunner.query(`ALTER TABLE "donations" DROP CONSTRAINT "FK_donations_plan"`);
    await queryRunner.query(`ALTER TABLE "donations" DROP COLUMN "stripe_invoice_id"`);
    await queryRunner.query(`ALTER TABLE "donations" DROP COLUMN "plan_id"`);
    await queryRunner.query(`DROP TABLE "plans"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP CONSTRAINT "CHK_appeals_monthly_presets"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "monthly_preset_amounts"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "monthly_enabled"`);
  }
}
