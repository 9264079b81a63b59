import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddAppealPresetAmounts1795814230048 implements MigrationInterface {
  name = 'AddAppealPresetAmounts1795814230048';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appeals" ADD "preset_amounts" bigint array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `ALTER TABLE "appeals" ADD CONSTRAINT "CHK_appeals_preset_amounts" CHECK (cardinality(preset_amounts) <= 6 AND 0 < ALL (preset_amounts))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appeals" DROP CONSTRAINT "CHK_appeals_preset_amounts"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "preset_amounts"`);
  }
}
