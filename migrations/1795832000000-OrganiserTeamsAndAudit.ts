import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organiser teams: named people with a role (owner, editor, viewer) and the appeals they are
 * given, one-time invitations, personal tokens and person sessions, and the append-only audit
 * trail. A trigger refuses UPDATE, DELETE and TRUNCATE on audit_entries, so no code path (nor an
 * operator with the application's role and a psql prompt) can rewrite what happened.
 */
export class OrganiserTeamsAndAudit1795832000000 implements MigrationInterface {
  name = 'OrganiserTeamsAndAudit1795832000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "organisers" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "email" character varying(254) NOT NULL,
      "name" character varying(100) NOT NULL,
      "role" character varying(10) NOT NULL,
      "password_hash" character varying(255),
      "totp_secret" text,
      "totp_enabled_at" TIMESTAMP WITH TIME ZONE,
      "totp_last_step" bigint,
      "disabled_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "CHK_organisers_role" CHECK (role IN ('owner', 'editor', 'viewer')),
      CONSTRAINT "CHK_organisers_email" CHECK (email = lower(btrim(email)) AND email LIKE '%_@_%'),
      CONSTRAINT "CHK_organisers_totp" CHECK (totp_enabled_at IS NULL OR totp_secret IS NOT NULL),
      CONSTRAINT "PK_organisers" PRIMARY KEY ("id"))`);
    // CHK_organisers_email keeps e-mails lower-case, so this plain index is unique case-insensitively.
    await q.query(`CREATE UNIQUE INDEX "UQ_organisers_email" ON "organisers" ("email")`);
    await q.query(`CREATE TABLE "organiser_appeals" (
      "organiser_id" uuid NOT NULL,
      "appeal_id" uuid NOT NULL,
      CONSTRAINT "FK_organiser_appeals_organiser" FOREIGN KEY ("organiser_id") REFERENCES "organisers"("id") ON DELETE CASCADE,
      CONSTRAINT "FK_organiser_appeals_appeal" FOREIGN KEY ("appeal_id") REFERENCES "appeals"("id") ON DELETE CASCADE,
      CONSTRAINT "PK_organiser_appeals" PRIMARY KEY ("organiser_id", "appeal_id"))`);
    await q.query(`CREATE INDEX "IDX_organiser_appeals_appeal" ON "organiser_appeals" ("appeal_id")`);
    await q.query(`CREATE TABLE "organiser_invitations" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organiser_id" uuid NOT NULL,
      "token_hash" character(64) NOT NULL,
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "used_at" TIMESTAMP WITH TIME ZONE,
      "pending_totp_secret" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "FK_organiser_invitations_organiser" FOREIGN KEY ("organiser_id") REFERENCES "organisers"("id") ON DELETE CASCADE,
      CONSTRAINT "PK_organiser_invitations" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "UQ_organiser_invitations_hash" ON "organiser_invitations" ("token_hash")`);
    await q.query(`CREATE INDEX "IDX_organiser_invitations_organiser" ON "organiser_invitations" ("organiser_id")`);
    await q.query(`ALTER TABLE "organiser_tokens" ADD "organiser_id" uuid`);
    await q.query(
      `ALTER TABLE "organiser_tokens" ADD CONSTRAINT "FK_organiser_tokens_organiser" FOREIGN KEY ("organiser_id") REFERENCES "organisers"("id") ON DELETE CASCADE`,
    );
    await q.query(`CREATE INDEX "IDX_organiser_tokens_organiser" ON "organiser_tokens" ("organiser_id")`);
    await q.query(`ALTER TABLE "organiser_sessions" ADD "organiser_id" uuid`);
    await q.query(
      `ALTER TABLE "organiser_sessions" ADD CONSTRAINT "FK_organiser_sessions_organiser" FOREIGN KEY ("organiser_id") REFERENCES "organisers"("id") ON DELETE CASCADE`,
    );
    await q.query(`CREATE INDEX "IDX_organiser_sessions_organiser" ON "organiser_sessions" ("organiser_id")`);
    // A password sign-in has no token behind it: its validity is the person's (not disabled).
    await q.query(`ALTER TABLE "organiser_sessions" ALTER COLUMN "token_hash" DROP NOT NULL`);
    await q.query(
      `ALTER TABLE "organiser_sessions" ADD CONSTRAINT "CHK_organiser_sessions_source" CHECK (token_hash IS NOT NULL OR organiser_id IS NOT NULL)`,
    );

    await q.query(`CREATE TABLE "audit_entries" (
      "id" bigint GENERATED ALWAYS AS IDENTITY,
      "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "actor_kind" character varying(10) NOT NULL,
      "actor_id" uuid,
      "actor_email" character varying(254),
      "actor_name" character varying(120) NOT NULL,
      "action" character varying(60) NOT NULL,
      "appeal_id" uuid,
      "appeal_slug" character varying(64),
      "details" jsonb NOT NULL DEFAULT '{}',
      CONSTRAINT "CHK_audit_entries_actor_kind" CHECK (actor_kind IN ('person', 'admin', 'token', 'anonymous')),
      CONSTRAINT "PK_audit_entries" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_audit_entries_appeal" ON "audit_entries" ("appeal_id", "id")`);
    await q.query(`CREATE INDEX "IDX_audit_entries_actor" ON "audit_entries" ("actor_id", "id")`);
    await q.query(`CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entries is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER "TRG_audit_entries_no_change" BEFORE UPDATE OR DELETE ON "audit_entries"
      FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()`);
    await q.query(`CREATE TRIGGER "TRG_audit_entries_no_truncate" BEFORE TRUNCATE ON "audit_entries"
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_entries"`);
    await q.query(`DROP FUNCTION audit_entries_append_only()`);
    await q.query(`DELETE FROM "organiser_sessions" WHERE "token_hash" IS NULL`);
    await q.query(`ALTER TABLE "organiser_sessions" DROP CONSTRAINT "CHK_organiser_sessions_source"`);
    await q.query(`ALTER TABLE "organiser_sessions" ALTER COLUMN "token_hash" SET NOT NULL`);
    await q.query(`ALTER TABLE "organiser_sessions" DROP COLUMN "organiser_id"`);
    // Personal tokens would act as owners without their person: they go.
    await q.query(`DELETE FROM "organiser_tokens" WHERE "organiser_id" IS NOT NULL`);
    await q.query(`ALTER TABLE "organiser_tokens" DROP COLUMN "organiser_id"`);
    await q.query(`DROP TABLE "organiser_invitations"`);
    await q.query(`DROP TABLE "organiser_appeals"`);
    await q.query(`DROP TABLE "organisers"`);
  }
}
