import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/** The transactional outbox: changes owed to the order system (and other receivers), delivered at least once. */
export class Outbox1764340000000 implements MigrationInterface {
  name = 'Outbox1764340000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        'CREATE TABLE `outbox_message` (`id` int NOT NULL AUTO_INCREMENT, `topic` varchar(100) NOT NULL, `aggregateKey` varchar(100) NOT NULL, `idempotencyKey` varchar(255) NOT NULL, `payload` text NOT NULL, `status` varchar(16) NOT NULL, `attempts` int NOT NULL DEFAULT 0, `nextAttemptAt` datetime(3) NOT NULL, `claimToken` varchar(36) NULL, `lastError` text NULL, `createdAt` datetime(3) NOT NULL, `deliveredAt` datetime(3) NULL, INDEX `IDX_outbox_message_due` (`status`, `nextAttemptAt`), INDEX `IDX_outbox_message_key` (`aggregateKey`, `status`), UNIQUE INDEX `UQ_outbox_message_idempotency_key` (`idempotencyKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
      ],
      sqlite: [
        'CREATE TABLE "outbox_message" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "topic" varchar(100) NOT NULL, "aggregateKey" varchar(100) NOT NULL, "idempotencyKey" varchar(255) NOT NULL, "payload" text NOT NULL, "status" varchar(16) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "nextAttemptAt" datetime(3) NOT NULL, "claimToken" varchar(36), "lastError" text, "createdAt" datetime(3) NOT NULL, "deliveredAt" datetime(3))',
        'CREATE INDEX "IDX_outbox_message_due" ON "outbox_message" ("status", "nextAttemptAt") ',
        'CREATE INDEX "IDX_outbox_message_key" ON "outbox_message" ("aggregateKey", "status") ',
        'CREATE UNIQUE INDEX "UQ_outbox_message_idempotency_key" ON "outbox_message" ("idempotencyKey") ',
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE outbox_message');
  }
}
