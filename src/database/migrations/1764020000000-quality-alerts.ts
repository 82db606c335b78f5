import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/**
 * Quality alerts: imported daily volumes per terminal unit (booked deliveries, sales, capacity override),
 * the one alert table for capacity early warnings and hot spots (爆发点), and a covering index on work
 * orders by type and creation time so hot-spot detection counts complaints per unit and cause from the index.
 */
export class QualityAlerts1764020000000 implements MigrationInterface {
  name = 'QualityAlerts1764020000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        'CREATE TABLE `unit_day_volume` (`id` int NOT NULL AUTO_INCREMENT, `unitId` int NOT NULL, `day` varchar(10) NOT NULL, `bookedDeliveries` int NULL, `sales` int NULL, `capacity` int NULL, `updatedAt` datetime(3) NOT NULL, INDEX `IDX_unit_day_volume_day` (`day`), UNIQUE INDEX `UQ_unit_day_volume_unit_day` (`unitId`, `day`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
        'ALTER TABLE `unit_day_volume` ADD CONSTRAINT `FK_637e9cb881ecb60e4a9fe6d8a6a` FOREIGN KEY (`unitId`) REFERENCES `terminal_unit`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION',
        'CREATE TABLE `quality_alert` (`id` int NOT NULL AUTO_INCREMENT, `type` varchar(16) NOT NULL, `level` varchar(16) NOT NULL, `alertKey` varchar(160) NOT NULL, `subject` varchar(8) NOT NULL, `terminal` varchar(24) NOT NULL, `unitId` int NULL, `unitCode` varchar(32) NULL, `unitName` varchar(128) NULL, `category` varchar(32) NULL, `periodStart` datetime(3) NOT NULL, `periodEnd` datetime(3) NOT NULL, `figures` text NOT NULL, `message` varchar(255) NOT NULL, `raisedAt` datetime(3) NOT NULL, `updatedAt` datetime(3) NOT NULL, `acknowledgedAt` datetime(3) NULL, `acknowledgedById` int NULL, `acknowledgedByJobNumber` varchar(16) NULL, `note` varchar(500) NULL, UNIQUE INDEX `UQ_quality_alert_key` (`alertKey`), INDEX `IDX_quality_alert_type` (`type`, `id`), INDEX `IDX_quality_alert_open` (`acknowledgedAt`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
        'CREATE INDEX `IDX_work_order_type_created` ON `work_order` (`type`, `createdAt`, `terminal`, `unitId`, `category`)',
      ],
      sqlite: [
        'CREATE TABLE "unit_day_volume" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "unitId" integer NOT NULL, "day" varchar(10) NOT NULL, "bookedDeliveries" integer, "sales" integer, "capacity" integer, "updatedAt" datetime(3) NOT NULL, CONSTRAINT "FK_637e9cb881ecb60e4a9fe6d8a6a" FOREIGN KEY ("unitId") REFERENCES "terminal_unit" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)',
        'CREATE INDEX "IDX_unit_day_volume_day" ON "unit_day_volume" ("day") ',
        'CREATE UNIQUE INDEX "UQ_unit_day_volume_unit_day" ON "unit_day_volume" ("unitId", "day") ',
        'CREATE TABLE "quality_alert" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "type" varchar(16) NOT NULL, "level" varchar(16) NOT NULL, "alertKey" varchar(160) NOT NULL, "subject" varchar(8) NOT NULL, "terminal" varchar(24) NOT NULL, "unitId" integer, "unitCode" varchar(32), "unitName" varchar(128), "category" varchar(32), "periodStart" datetime(3) NOT NULL, "periodEnd" datetime(3) NOT NULL, "figures" text NOT NULL, "message" varchar(255) NOT NULL, "raisedAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "acknowledgedAt" datetime(3), "acknowledgedById" integer, "acknowledgedByJobNumber" varchar(16), "note" varchar(500))',
        'CREATE UNIQUE INDEX "UQ_quality_alert_key" ON "quality_alert" ("alertKey") ',
        'CREATE INDEX "IDX_quality_alert_type" ON "quality_alert" ("type", "id") ',
        'CREATE INDEX "IDX_quality_alert_open" ON "quality_alert" ("acknowledgedAt", "id") ',
        'CREATE INDEX "IDX_work_order_type_created" ON "work_order" ("type", "createdAt", "terminal", "unitId", "category") ',
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: ['DROP INDEX `IDX_work_order_type_created` ON `work_order`', 'DROP TABLE `quality_alert`', 'DROP TABLE `unit_day_volume`'],
      sqlite: ['DROP INDEX "IDX_work_order_type_created"', 'DROP TABLE "quality_alert"', 'DROP TABLE "unit_day_volume"'],
    });
  }
}
