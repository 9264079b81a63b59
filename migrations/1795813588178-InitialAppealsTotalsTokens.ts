import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialAppealsTotalsTokens1795813588178 implements MigrationInterface {
  name = 'InitialAppealsTotalsTokens1795813588178';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "appeals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" character varying(64) NOT NULL, "title" character varying(200) NOT NULL, "description" text NOT NULL DEFAULT '', "currency" character varying(3) NOT NULL, "target" bigint NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'draft', "starts_at" TIMESTAMP WITH TIME ZONE, "ends_at" TIMESTAMP WITH TIME ZONE, "stretch_targets" bigint array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_appeals_dates" CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at), CONSTRAINT "CHK_appeals_status" CHECK (status IN ('draft', 'active', 'closed')), CONSTRAINT "CHK_appeals_target" CHECK (target > 0), CONSTRAINT "CHK_appeals_currency" CHECK (currency ~ '^[a-z]{3}\$'), CONSTRAINT "CHK_appeals_slug" CHECK (slug ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?\$'), CONSTRAINT "PK_ebd2050a02aa78081b5346152bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_appeals_slug" ON "appeals"  ("slug") `);
    await queryRunner.query(
      `CREATE TABLE "organiser_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b676581bb9658606fa6de3dc28e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_organiser_tokens_hash" ON "organiser_tokens"  ("token_hash") `);
    await queryRunner.query(
      `CREATE TABLE "appeal_totals" ("appeal_id" uuid NOT NULL, "raised" bigint NOT NULL DEFAULT '0', "donation_count" integer NOT NULL DEFAULT '0', "donor_count" integer NOT NULL DEFAULT '0', "version" bigint NOT NULL DEFAULT '1', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_appeal_totals_counts" CHECK (raised >= 0 AND donation_count >= 0 AND donor_count >= 0 AND version > 0), CONSTRAINT "PK_7982fa95629ac7a4f07b9b3e799" PRIMARY KEY ("appeal_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "appeal_totals" ADD CONSTRAINT "FK_appeal_totals_appeal" FOREIGN KEY ("appeal_id") REFERENCES "appeals"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appeal_totals" DROP CONSTRAINT "FK_appeal_totals_appeal"`);
    await queryRunner.query(`DROP TABLE "appeal_totals"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_organiser_tokens_hash"`);
    await queryRunner.query(`DROP TABLE "organiser_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_appeals_slug"`);
    await queryRunner.query(`DROP TABLE "appeals"`);
  }
}
