import { MigrationInterface, QueryRunner } from 'typeorm';

export class LedgerDonationsAdjustmentsEvents1795813797352 implements MigrationInterface {
  name = 'LedgerDonationsAdjustmentsEvents1795813797352';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "donations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "appeal_id" uuid, "amount" bigint NOT NULL, "currency" character varying(3) NOT NULL, "refunded" bigint NOT NULL DEFAULT '0', "disputed" bigint NOT NULL DEFAULT '0', "status" character varying(16) NOT NULL, "source" character varying(16) NOT NULL, "stripe_checkout_session_id" character varying(255), "stripe_payment_intent_id" character varying(255), "stripe_charge_id" character varying(255), "client_key" character varying(255), "offline_reference" character varying(200), "donor_name" character varying(200), "donor_email" character varying(320), "donor_key" character varying(400), "anonymous" boolean NOT NULL DEFAULT false, "message" text, "note" text, "original_amount" bigint, "original_currency" character varying(3), "recorded_by" character varying(100), "review_reason" text, "appeal_slug" character varying(200), "received_at" TIMESTAMP WITH TIME ZONE, "succeeded_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_donations_offline_ref" CHECK (source <> 'offline' OR offline_reference IS NOT NULL), CONSTRAINT "CHK_donations_appeal" CHECK (appeal_id IS NOT NULL OR status = 'review'), CONSTRAINT "CHK_donations_adjusted" CHECK (refunded >= 0 AND disputed >= 0 AND refunded + disputed <= amount), CONSTRAINT "CHK_donations_source" CHECK (source IN ('stripe', 'offline')), CONSTRAINT "CHK_donations_status" CHECK (status IN ('pending', 'succeeded', 'failed', 'expired', 'review')), CONSTRAINT "CHK_donations_amount" CHECK (amount > 0), CONSTRAINT "PK_c01355d6f6f50fc6d1b4a946abf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_donations_checkout_session" ON "donations"  ("stripe_checkout_session_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_donations_payment_intent" ON "donations"  ("stripe_payment_intent_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_donations_charge" ON "donations"  ("stripe_charge_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_donations_client_key" ON "donations"  ("client_key") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_donations_offline_reference" ON "donations"  ("appeal_id", "offline_reference") WHERE offline_reference IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_donations_appeal_donor" ON "donations"  ("appeal_id", "donor_key") `);
    await queryRunner.query(`CREATE INDEX "IDX_donations_appeal_created" ON "donations"  ("appeal_id", "created_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "adjustments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "donation_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "amount" bigint NOT NULL, "external_id" character varying(255) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_adjustments_sign" CHECK ((kind = 'dispute_reinstatement' AND amount > 0) OR (kind <> 'dispute_reinstatement' AND amount < 0)), CONSTRAINT "CHK_adjustments_kind" CHECK (kind IN ('refund', 'dispute_withdrawal', 'dispute_reinstatement')), CONSTRAINT "PK_9236bf670736e5ad5df36dd1eb4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_adjustments_donation" ON "adjustments"  ("donation_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_adjustments_external_id" ON "adjustments"  ("external_id") `);
    await queryRunner.query(
      `CREATE TABLE "reconcile_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "events_found" integer NOT NULL DEFAULT '0', "events_applied" integer NOT NULL DEFAULT '0', "pending_checked" integer NOT NULL DEFAULT '0', "pending_resolved" integer NOT NULL DEFAULT '0', "error" text, CONSTRAINT "PK_e502702f94ebb668ee784676169" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "stripe_events" ("id" character varying(255) NOT NULL, "type" character varying(100) NOT NULL, "created" TIMESTAMP WITH TIME ZONE NOT NULL, "outcome" character varying(32) NOT NULL, "via" character varying(16) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d3247bd5fc3f66b6982bbcdd897" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_stripe_events_created" ON "stripe_events"  ("created") `);
    await queryRunner.query(
      `ALTER TABLE "donations" ADD CONSTRAINT "FK_donations_appeal" FOREIGN KEY ("appeal_id") REFERENCES "appeals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "adjustments" ADD CONSTRAINT "FK_adjustments_donation" FOREIGN KEY ("donation_id") REFERENCES "donations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "adjustments" DROP CONSTRAINT "FK_adjustments_donation"`);
    await queryRunner.query(`ALTER TABLE "donations" DROP CONSTRAINT "FK_donations_appeal"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_stripe_events_created"`);
    await queryRunner.query(`DROP TABLE "stripe_events"`);
    await queryRunner.query(`DROP TABLE "reconcile_runs"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_adjustments_external_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_adjustments_donation"`);
    await queryRunner.query(`DROP TABLE "adjustments"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_donations_appeal_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_donations_appeal_donor"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_donations_offline_reference"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_donations_client_key"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_donations_charge"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_donations_payment_intent"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_donations_checkout_session"`);
    await queryRunner.query(`DROP TABLE "donations"`);
  }
}
