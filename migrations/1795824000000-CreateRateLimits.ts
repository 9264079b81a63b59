import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The counters of rate-limiter-flexible's PostgreSQL store, shared by every instance. Its own
 * CREATE TABLE statement, made here so the app runs with `tableCreated: true` and issues no DDL.
 * `expire` is epoch milliseconds (the library's format), not a timestamp.
 */
export class CreateRateLimits1795824000000 implements MigrationInterface {
  name = 'CreateRateLimits1795824000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rate_limits" ("key" character varying(255) NOT NULL, "points" integer NOT NULL DEFAULT 0, "expire" bigint, CONSTRAINT "PK_rate_limits" PRIMARY KEY ("key"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limits"`);
  }
}
