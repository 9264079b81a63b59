import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Corrections without erasing (issue 15). `voids`: one appended row per offline gift voided by an
 * organiser; the gift's status becomes `voided` and its row stays. `review_resolutions`: how a
 * payment held for review was resolved (assigned to an appeal, or refunded through Stripe).
 *
 * Triggers keep what CHECKs cannot: a void is of an offline gift, for exactly its amount and
 * currency, and neither table is ever updated or deleted from (the record of who changed a total).
 */
export class VoidsAndReviewResolutions1795833000000 implements MigrationInterface {
  name = 'VoidsAndReviewResolutions1795833000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "voids" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "donation_id" uuid NOT NULL, "amount" bigint NOT NULL, "currency" character varying(3) NOT NULL, "reason" text NOT NULL, "voided_by" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_voids_reason" CHECK (char_length(reason) BETWEEN 1 AND 500), CONSTRAINT "CHK_voids_amount" CHECK (amount > 0), CONSTRAINT "PK_41919e0c2fcb24c5c13b764cc3c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_voids_donation" ON "voids"  ("donation_id") `);
    await queryRunner.query(
      `CREATE TABLE "review_resolutions" ("donation_id" uuid NOT NULL, "action" character varying(16) NOT NULL, "appeal_id" uuid, "amount" bigint, "currency" character varying(3), "stripe_refund_id" character varying(255), "resolved_by" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_review_resolutions_shape" CHECK ((action = 'assign' AND appeal_id IS NOT NULL AND amount > 0 AND currency IS NOT NULL AND stripe_refund_id IS NULL) OR (action = 'refund' AND appeal_id IS NULL AND amount IS NULL AND stripe_refund_id IS NOT NULL)), CONSTRAINT "CHK_review_resolutions_action" CHECK (action IN ('assign', 'refund')), CONSTRAINT "PK_review_resolutions" PRIMARY KEY ("donation_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "donations" DROP CONSTRAINT "CHK_donations_status"`);
    await queryRunner.query(
      `ALTER TABLE "donations" ADD CONSTRAINT "CHK_donations_status" CHECK (status IN ('pending', 'succeeded', 'failed', 'expired', 'review', 'voided'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "donations" ADD CONSTRAINT "CHK_donations_voided" CHECK (status <> 'voided' OR source = 'offline')`,
    );
    await queryRunner.query(
      `ALTER TABLE "voids" ADD CONSTRAINT "FK_voids_donation" FOREIGN KEY ("donation_id") REFERENCES "donations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "review_resolutions" ADD CONSTRAINT "FK_review_resolutions_donation" FOREIGN KEY ("donation_id") REFERENCES "donations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "review_resolutions" ADD CONSTRAINT "FK_review_resolutions_appeal" FOREIGN KEY ("appeal_id") REFERENCES "appeals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% rows are never changed or deleted', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
      END $$`);
    await queryRunner.query(`CREATE FUNCTION voids_check_gift() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE g record;
      BEGIN
        SELECT source, amount, currency INTO g FROM donations WHERE id = NEW.donation_id;
        IF NOT FOUND THEN RETURN NEW; END IF; -- the foreign key names the problem
        IF g.source <> 'offline' THEN
          RAISE EXCEPTION 'only an offline gift can be voided (donation % is a % gift)', NEW.donation_id, g.source
            USING ERRCODE = 'check_violation', CONSTRAINT = 'CHK_voids_offline';
        END IF;
        IF NEW.amount <> g.amount OR NEW.currency <> g.currency THEN
          RAISE EXCEPTION 'a void takes out the whole gift: % %, not % %', g.amount, g.currency, NEW.amount, NEW.currency
            USING ERRCODE = 'check_violation', CONSTRAINT = 'CHK_voids_whole_gift';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER voids_check_gift BEFORE INSERT ON voids FOR EACH ROW EXECUTE FUNCTION voids_check_gift()`);
    await queryRunner.query(
      `CREATE TRIGGER voids_append_only BEFORE UPDATE OR DELETE ON voids FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER review_resolutions_append_only BEFORE UPDATE OR DELETE ON review_resolutions FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER review_resolutions_append_only ON review_resolutions`);
    await queryRunner.query(`DROP TRIGGER voids_append_only ON voids`);
    await queryRunner.query(`DROP TRIGGER voids_check_gift ON voids`);
    await queryRunner.query(`DROP FUNCTION voids_check_gift()`);
    await queryRunner.query(`DROP FUNCTION ledger_append_only()`);
    await queryRunner.query(`ALTER TABLE "review_resolutions" DROP CONSTRAINT "FK_review_resolutions_appeal"`);
    await queryRunner.query(`ALTER TABLE "review_resolutions" DROP CONSTRAINT "FK_review_resolutions_donation"`);
    await queryRunner.query(`ALTER TABLE "voids" DROP CONSTRAINT "FK_voids_donation"`);
    await queryRunner.query(`ALTER TABLE "donations" DROP CONSTRAINT "CHK_donations_voided"`);
    // Voided gifts cannot be represented any more: they are failed gifts (never counted) after this.
    await queryRunner.query(`UPDATE donations SET status = 'failed' WHERE status = 'voided'`);
    await queryRunner.query(`ALTER TABLE "donations" DROP CONSTRAINT "CHK_donations_status"`);
    await queryRunner.query(
      `ALTER TABLE "donations" ADD CONSTRAINT "CHK_donations_status" CHECK (status IN ('pending', 'succeeded', 'failed', 'expired', 'review'))`,
    );
    await queryRunner.query(`DROP TABLE "review_resolutions"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_voids_donation"`);
    await queryRunner.query(`DROP TABLE "voids"`);
  }
}
