import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddOrganiserSessionsAndWebhookFailures1795814268359 implements MigrationInterface {
  name = 'AddOrganiserSessionsAndWebhookFailures1795814268359';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "organiser_sessions" ("id_hash" character(64) NOT NULL, "organiser" character varying(100) NOT NULL, "token_hash" character(64) NOT NULL, "csrf_token" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ec260cb908df0f2fb88f1efa046" PRIMARY KEY ("id_hash"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_organiser_sessions_expires" ON "organiser_sessions"  ("expires_at") `);
    await queryRunner.query(
      `CREATE TABLE "stripe_event_failures" ("event_id" character varying(255) NOT NULL, "type" character varying(100) NOT NULL, "status" smallint NOT NULL, "attempts" integer NOT NULL DEFAULT '1', "first_failed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_failed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_stripe_event_failures_status" CHECK (status >= 500 AND status <= 599), CONSTRAINT "PK_843a3f40b3fcacee1061b68dc04" PRIMARY KEY ("event_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_stripe_event_failures_last" ON "stripe_event_failures"  ("last_failed_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_stripe_event_failures_last"`);
    await queryRunner.query(`DROP TABLE "stripe_event_failures"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_organiser_sessions_expires"`);
    await queryRunner.query(`DROP TABLE "organiser_sessions"`);
  }
}
