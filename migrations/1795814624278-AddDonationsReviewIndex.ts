import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddDonationsReviewIndex1795814624278 implements MigrationInterface {
  name = 'AddDonationsReviewIndex1795814624278';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_donations_review" ON "donations"  ("created_at") WHERE status = 'review'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_donations_review"`);
  }
}
