import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/** The agent's wrap-up disposition (小结) on the call record: code, note, when. */
export class CallDisposition1764040000000 implements MigrationInterface {
  name = 'CallDisposition1764040000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        'ALTER TABLE `call_record` ADD `dispositionCode` varchar(24) NULL',
        'ALTER TABLE `call_record` ADD `dispositionNote` varchar(500) NULL',
        'ALTER TABLE `call_record` ADD `dispositionAt` datetime(3) NULL',
      ],
      sqlite: [
        'ALTER TABLE "call_record" ADD COLUMN "dispositionCode" varchar(24)',
        'ALTER TABLE "call_record" ADD COLUMN "dispositionNote" varchar(500)',
        'ALTER TABLE "call_record" ADD COLUMN "dispositionAt" datetime(3)',
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        'ALTER TABLE `call_record` DROP COLUMN `dispositionAt`',
        'ALTER TABLE `call_record` DROP COLUMN `dispositionNote`',
        'ALTER TABLE `call_record` DROP COLUMN `dispositionCode`',
      ],
      sqlite: [
        'ALTER TABLE "call_record" DROP COLUMN "dispositionAt"',
        'ALTER TABLE "call_record" DROP COLUMN "dispositionNote"',
        'ALTER TABLE "call_record" DROP COLUMN "dispositionCode"',
      ],
    });
  }
}
