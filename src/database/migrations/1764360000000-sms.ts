import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/** SMS to customers: the messages (each its own outbox row), the supervisors' templates, the opt-outs (回复TD退订). */
export class Sms1764360000000 implements MigrationInterface {
  name = 'Sms1764360000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        "CREATE TABLE `sms_message` (`id` int NOT NULL AUTO_INCREMENT, `direction` varchar(8) NOT NULL, `kind` varchar(24) NOT NULL, `phone` varchar(20) NOT NULL, `customerId` int NULL, `workOrderId` int NULL, `workOrderNumber` varchar(24) NULL, `language` varchar(8) NOT NULL, `body` text NOT NULL, `status` varchar(12) NOT NULL, `sid` varchar(34) NULL, `errorCode` int NULL, `attempts` int NOT NULL DEFAULT '0', `nextAttemptAt` datetime(3) NULL, `dedupeKey` varchar(96) NULL, `createdAt` datetime(3) NOT NULL, `updatedAt` datetime(3) NOT NULL, INDEX `IDX_sms_message_phone` (`phone`, `id`), INDEX `IDX_sms_message_work_order` (`workOrderId`, `id`), INDEX `IDX_sms_message_due` (`status`, `nextAttemptAt`), UNIQUE INDEX `UQ_sms_message_sid` (`sid`), UNIQUE INDEX `UQ_sms_message_dedupe` (`dedupeKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
        'CREATE TABLE `sms_template` (`id` int NOT NULL AUTO_INCREMENT, `kind` varchar(24) NOT NULL, `language` varchar(8) NOT NULL, `body` text NOT NULL, `updatedAt` datetime(3) NOT NULL, `updatedByJobNumber` varchar(16) NOT NULL, UNIQUE INDEX `UQ_sms_template_kind_language` (`kind`, `language`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
        'CREATE TABLE `sms_opt_out` (`phone` varchar(20) NOT NULL, `optedOut` tinyint NOT NULL, `source` varchar(12) NOT NULL, `changedAt` datetime(3) NOT NULL, `changedByJobNumber` varchar(16) NULL, PRIMARY KEY (`phone`)) ENGINE=InnoDB',
      ],
      sqlite: [
        'CREATE TABLE "sms_message" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "direction" varchar(8) NOT NULL, "kind" varchar(24) NOT NULL, "phone" varchar(20) NOT NULL, "customerId" integer, "workOrderId" integer, "workOrderNumber" varchar(24), "language" varchar(8) NOT NULL, "body" text NOT NULL, "status" varchar(12) NOT NULL, "sid" varchar(34), "errorCode" integer, "attempts" integer NOT NULL DEFAULT (0), "nextAttemptAt" datetime(3), "dedupeKey" varchar(96), "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL)',
        'CREATE INDEX "IDX_sms_message_phone" ON "sms_message" ("phone", "id")',
        'CREATE INDEX "IDX_sms_message_work_order" ON "sms_message" ("workOrderId", "id")',
        'CREATE INDEX "IDX_sms_message_due" ON "sms_message" ("status", "nextAttemptAt")',
        'CREATE UNIQUE INDEX "UQ_sms_message_sid" ON "sms_message" ("sid")',
        'CREATE UNIQUE INDEX "UQ_sms_message_dedupe" ON "sms_message" ("dedupeKey")',
        'CREATE TABLE "sms_template" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(24) NOT NULL, "language" varchar(8) NOT NULL, "body" text NOT NULL, "updatedAt" datetime(3) NOT NULL, "updatedByJobNumber" varchar(16) NOT NULL)',
        'CREATE UNIQUE INDEX "UQ_sms_template_kind_language" ON "sms_template" ("kind", "language")',
        'CREATE TABLE "sms_opt_out" ("phone" varchar(20) PRIMARY KEY NOT NULL, "optedOut" boolean NOT NULL, "source" varchar(12) NOT NULL, "changedAt" datetime(3) NOT NULL, "changedByJobNumber" varchar(16))',
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: ['DROP TABLE `sms_opt_out`', 'DROP TABLE `sms_template`', 'DROP TABLE `sms_message`'],
      sqlite: ['DROP TABLE "sms_opt_out"', 'DROP TABLE "sms_template"', 'DROP TABLE "sms_message"'],
    });
  }
}
