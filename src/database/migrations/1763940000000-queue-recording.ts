import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/** Queues say whether their calls are recorded. */
export class QueueRecording1763940000000 implements MigrationInterface {
  name = 'QueueRecording1763940000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: ['ALTER TABLE `call_queue` ADD `recordCalls` tinyint NOT NULL DEFAULT 0'],
      sqlite: ['ALTER TABLE "call_queue" ADD COLUMN "recordCalls" boolean NOT NULL DEFAULT (0)'],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      queryRunner.connection.driver.options.type === 'better-sqlite3'
        ? 'ALTER TABLE "call_queue" DROP COLUMN "recordCalls"'
        : 'ALTER TABLE `call_queue` DROP COLUMN `recordCalls`',
    );
  }
}
