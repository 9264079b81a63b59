import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Replaces the adjustments model (cumulative refunds, withdrawal/reinstatement pairs) with one
 * row per refund and per dispute in its latest state. The old CHECK refunded + disputed <=
 * amount goes: a refund and a dispute of the same money, delivered in any order, are both
 * recorded, and what the appeal keeps is max(0, amount - refunded - disputed).
 *
 * Existing data: a gift's cumulative refunds become one succeeded row named `legacy:<donation
 * id>` (the old model never knew refund ids), which the ledger replaces with the real refunds
 * read from Stripe on that charge's next refund event. Dispute adjustments carried the real
 * dispute id, so each becomes a dispute row: needs_response after its withdrawal, won once
 * reinstated.
 */
export class RefundsAndDisputesLifecycle1795820000000 implements MigrationInterface {
  name = 'RefundsAndDisputesLifecycle1795820000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "donations" DROP CONSTRAINT "CHK_donations_adjusted"`);
    await queryRunner.query(
      `CREATE TABLE "disputes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "donation_id" uuid NOT NULL, "stripe_dispute_id" character varying(255) NOT NULL, "amount" bigint NOT NULL, "currency" character varying(3) NOT NULL, "status" character varying(32) NOT NULL, "reason" character varying(64), "withdrawn" bigint NOT NULL, "stage" integer NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_disputes_closed" CHECK ((closed_at IS NOT NULL) = (status IN ('warning_closed', 'won', 'lost'))), CONSTRAINT "CHK_disputes_status" CHECK (status IN ('warning_needs_response', 'warning_under_review', 'warning_closed', 'needs_response', 'under_review', 'won', 'lost')), CONSTRAINT "CHK_disputes_stage" CHECK (stage >= 0), CONSTRAINT "CHK_disputes_withdrawn" CHECK (withdrawn >= 0 AND withdrawn <= amount), CONSTRAINT "CHK_disputes_amount" CHECK (amount > 0), CONSTRAINT "PK_3c97580d01c1a4b0b345c42a107" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_disputes_donation" ON "disputes"  ("donation_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_disputes_stripe_dispute" ON "disputes"  ("stripe_dispute_id") `);
    await queryRunner.query(
      `CREATE TABLE "refunds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "donation_id" uuid NOT NULL, "stripe_refund_id" character varying(255) NOT NULL, "amount" bigint NOT NULL, "currency" character varying(3) NOT NULL, "status" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_refunds_status" CHECK (status IN ('requires_action', 'pending', 'succeeded', 'failed', 'canceled')), CONSTRAINT "CHK_refunds_amount" CHECK (amount > 0), CONSTRAINT "PK_5106efb01eeda7e49a78b869738" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_refunds_donation" ON "refunds"  ("donation_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_refunds_stripe_refund" ON "refunds"  ("stripe_refund_id") `);
    await queryRunner.query(`ALTER TABLE "donations" ADD CONSTRAINT "CHK_donations_disputed" CHECK (disputed >= 0 AND disputed <= amount)`);
    await queryRunner.query(`ALTER TABLE "donations" ADD CONSTRAINT "CHK_donations_refunded" CHECK (refunded >= 0 AND refunded <= amount)`);
    await queryRunner.query(
      `ALTER TABLE "disputes" ADD CONSTRAINT "FK_disputes_donation" FOREIGN KEY ("donation_id") REFERENCES "donations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refunds" ADD CONSTRAINT "FK_refunds_donation" FOREIGN KEY ("donation_id") REFERENCES "donations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    // Amounts stay in the donation's counted currency, so the ledger derives the same columns.
    await queryRunner.query(`INSERT INTO refunds (donation_id, stripe_refund_id, amount, currency, status, created_at, updated_at)
      SELECT d.id, 'legacy:' || d.id, d.refunded, d.currency, 'succeeded', min(j.created_at), max(j.created_at)
        FROM donations d JOIN adjustments j ON j.donation_id = d.id AND j.kind = 'refund'
       WHERE d.refunded > 0 GROUP BY d.id`);
    // Stage = balance movements * 10 + status rank: 13 for needs_response, 25 for won.
    await queryRunner.query(`INSERT INTO disputes (donation_id, stripe_dispute_id, amount, currency, status, withdrawn, stage, closed_at, created_at, updated_at)
      SELECT w.donation_id, split_part(w.external_id, ':', 1), -w.amount, d.currency,
             CASE WHEN r.id IS NULL THEN 'needs_response' ELSE 'won' END,
             -w.amount - COALESCE(r.amount, 0), CASE WHEN r.id IS NULL THEN 13 ELSE 25 END,
             r.created_at, w.created_at, COALESCE(r.created_at, w.created_at)
        FROM adjustments w JOIN donations d ON d.id = w.donation_id
        LEFT JOIN adjustments r ON r.kind = 'dispute_reinstatement' AND r.external_id = split_part(w.external_id, ':', 1) || ':funds_reinstated'
       WHERE w.kind = 'dispute_withdrawal'`);
    await queryRunner.query(`DROP TABLE "adjustments"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "adjustments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "donation_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "amount" bigint NOT NULL, "external_id" character varying(255) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_adjustments_sign" CHECK ((kind = 'dispute_reinstatement' AND amount > 0) OR (kind <> 'dispute_reinstatement' AND amount < 0)), CONSTRAINT "CHK_adjustments_kind" CHECK (kind IN ('refund', 'dispute_withdrawal', 'dispute_reinstatement')), CONSTRAINT "PK_9236bf670736e5ad5df36dd1eb4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_adjustments_donation" ON "adjustments"  ("donation_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_adjustments_external_id" ON "adjustments"  ("external_id") `);
    await queryRunner.query(
      `ALTER TABLE "adjustments" ADD CONSTRAINT "FK_adjustments_donation" FOREIGN KEY ("donation_id") REFERENCES "donations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // The old model cannot hold a refund and a dispute of the same money: the dispute keeps only
    // what the refunds left (the kept amount, and so the totals, are the same either way).
    await queryRunner.query(`UPDATE donations SET disputed = amount - refunded WHERE refunded + disputed > amount`);
    await queryRunner.query(`INSERT INTO adjustments (donation_id, kind, amount, external_id)
      SELECT id, 'refund', -refunded, 'migrated:' || id || ':refunded' FROM donations WHERE refunded > 0
      UNION ALL
      SELECT id, 'dispute_withdrawal', -disputed, 'migrated:' || id || ':disputed' FROM donations WHERE disputed > 0`);
    await queryRunner.query(`ALTER TABLE "refunds" DROP CONSTRAINT "FK_refunds_donation"`);
    await queryRunner.query(`ALTER TABLE "disputes" DROP CONSTRAINT "FK_disputes_donation"`);
    await queryRunner.query(`ALTER TABLE "donations" DROP CONSTRAINT "CHK_donations_refunded"`);
    await queryRunner.query(`ALTER TABLE "donations" DROP CONSTRAINT "CHK_donations_disputed"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_refunds_stripe_refund"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_refunds_donation"`);
    await queryRunner.query(`DROP TABLE "refunds"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_disputes_stripe_dispute"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_disputes_donation"`);
    await queryRunner.query(`DROP TABLE "disputes"`);
    await queryRunner.query(
      `ALTER TABLE "donations" ADD CONSTRAINT "CHK_donations_adjusted" CHECK (refunded >= 0 AND disputed >= 0 AND refunded + disputed <= amount)`,
    );
  }
}
