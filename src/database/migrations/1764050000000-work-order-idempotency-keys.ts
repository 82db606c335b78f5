import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/** `Idempotency-Key`s of work-order creations and their first answers (kept a day). */
export class WorkOrderIdempotencyKeys1764050000000 implements MigrationInterface {
  name = 'WorkOrderIdempotencyKeys1764050000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        'CREATE TABLE `work_order_idempotency_key` (`id` int NOT NULL AUTO_INCREMENT, `staffId` int NOT NULL, `idempotencyKey` varchar(255) NOT NULL, `requestHash` varchar(64) NOT NULL, `workOrderId` int NOT NULL, `response` text NOT NULL, `createdAt` datetime(3) NOT NULL, INDEX `IDX_work_order_idempotency_key_created` (`createdAt`), UNIQUE INDEX `UQ_work_order_idempotency_key` (`staffId`, `idempotencyKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
      ],
      sqlite: [
        'CREATE TABLE "work_order_idempotency_key" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" integer NOT NULL, "idempotencyKey" varchar(255) NOT NULL, "requestHash" varchar(64) NOT NULL, "workOrderId" integer NOT NULL, "response" text NOT NULL, "createdAt" datetime(3) NOT NULL)',
        'CREATE INDEX "IDX_work_order_idempotency_key_created" ON "work_order_idempotency_key" ("createdAt") ',
        'CREATE UNIQUE INDEX "UQ_work_order_idempotency_key" ON "work_order_idempotency_key" ("staffId", "idempotencyKey") ',
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE work_order_idempotency_key');
  }
}
