import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/** The outbox's retention job finds delivered messages past their days by (status, deliveredAt), oldest first, a batch at a time. */
export class OutboxDeliveredIndex1764410000000 implements MigrationInterface {
  name = 'OutboxDeliveredIndex1764410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: ['CREATE INDEX `IDX_outbox_message_delivered` ON `outbox_message` (`status`, `deliveredAt`)'],
      sqlite: ['CREATE INDEX "IDX_outbox_message_delivered" ON "outbox_message" ("status", "deliveredAt") '],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: ['DROP INDEX `IDX_outbox_message_delivered` ON `outbox_message`'],
      sqlite: ['DROP INDEX "IDX_outbox_message_delivered"'],
    });
  }
}
