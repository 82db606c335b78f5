import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/** 阳光包 extended warranty: plans, contracts sold on order lines, and the repairs claimed on them. */
export class Warranty1764340000001 implements MigrationInterface {
  name = 'Warranty1764340000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        'CREATE TABLE `warranty_plan` (`id` int NOT NULL AUTO_INCREMENT, `code` varchar(32) NOT NULL, `name` varchar(64) NOT NULL, `products` text NOT NULL, `minPriceFen` int NOT NULL, `maxPriceFen` int NULL, `joinWindowDays` int NOT NULL, `priceFen` int NOT NULL, `coveredFaults` text NOT NULL, `startsAfterMonths` int NOT NULL, `termMonths` int NOT NULL, `fullRefundDays` int NOT NULL, `cancellationFeeFen` int NOT NULL, `active` tinyint NOT NULL DEFAULT 1, `updatedAt` datetime(3) NOT NULL, UNIQUE INDEX `UQ_warranty_plan_code` (`code`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
        'CREATE TABLE `warranty_contract` (`id` int NOT NULL AUTO_INCREMENT, `number` varchar(48) NOT NULL, `planId` int NOT NULL, `planCode` varchar(32) NOT NULL, `planName` varchar(64) NOT NULL, `orderLineId` int NULL, `orderNumber` varchar(32) NOT NULL, `lineNo` int NOT NULL, `productCode` varchar(32) NOT NULL, `productName` varchar(128) NOT NULL, `productPriceFen` int NOT NULL, `purchasedOn` varchar(10) NOT NULL, `customerPhone` varchar(20) NOT NULL, `customerName` varchar(64) NULL, `paidFen` int NOT NULL, `terms` text NOT NULL, `soldOn` varchar(10) NOT NULL, `startsOn` varchar(10) NOT NULL, `endsOn` varchar(10) NOT NULL, `status` varchar(16) NOT NULL, `soldById` int NOT NULL, `soldAt` datetime(3) NOT NULL, `cancelledAt` datetime(3) NULL, `cancelledById` int NULL, `cancelReason` varchar(200) NULL, `refundFen` int NULL, UNIQUE INDEX `UQ_warranty_contract_number` (`number`), UNIQUE INDEX `UQ_warranty_contract_order_line` (`orderNumber`, `lineNo`), INDEX `IDX_warranty_contract_phone` (`customerPhone`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
        'CREATE TABLE `warranty_claim` (`id` int NOT NULL AUTO_INCREMENT, `contractId` int NOT NULL, `workOrderId` int NOT NULL, `workOrderNumber` varchar(24) NOT NULL, `faultKind` varchar(16) NOT NULL, `createdById` int NOT NULL, `createdAt` datetime(3) NOT NULL, INDEX `IDX_warranty_claim_contract` (`contractId`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
      ],
      sqlite: [
        'CREATE TABLE "warranty_plan" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(32) NOT NULL, "name" varchar(64) NOT NULL, "products" text NOT NULL, "minPriceFen" integer NOT NULL, "maxPriceFen" integer, "joinWindowDays" integer NOT NULL, "priceFen" integer NOT NULL, "coveredFaults" text NOT NULL, "startsAfterMonths" integer NOT NULL, "termMonths" integer NOT NULL, "fullRefundDays" integer NOT NULL, "cancellationFeeFen" integer NOT NULL, "active" boolean NOT NULL DEFAULT (1), "updatedAt" datetime(3) NOT NULL)',
        'CREATE UNIQUE INDEX "UQ_warranty_plan_code" ON "warranty_plan" ("code") ',
        'CREATE TABLE "warranty_contract" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "number" varchar(48) NOT NULL, "planId" integer NOT NULL, "planCode" varchar(32) NOT NULL, "planName" varchar(64) NOT NULL, "orderLineId" integer, "orderNumber" varchar(32) NOT NULL, "lineNo" integer NOT NULL, "productCode" varchar(32) NOT NULL, "productName" varchar(128) NOT NULL, "productPriceFen" integer NOT NULL, "purchasedOn" varchar(10) NOT NULL, "customerPhone" varchar(20) NOT NULL, "customerName" varchar(64), "paidFen" integer NOT NULL, "terms" text NOT NULL, "soldOn" varchar(10) NOT NULL, "startsOn" varchar(10) NOT NULL, "endsOn" varchar(10) NOT NULL, "status" varchar(16) NOT NULL, "soldById" integer NOT NULL, "soldAt" datetime(3) NOT NULL, "cancelledAt" datetime(3), "cancelledById" integer, "cancelReason" varchar(200), "refundFen" integer)',
        'CREATE UNIQUE INDEX "UQ_warranty_contract_number" ON "warranty_contract" ("number") ',
        'CREATE UNIQUE INDEX "UQ_warranty_contract_order_line" ON "warranty_contract" ("orderNumber", "lineNo") ',
        'CREATE INDEX "IDX_warranty_contract_phone" ON "warranty_contract" ("customerPhone") ',
        'CREATE TABLE "warranty_claim" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "contractId" integer NOT NULL, "workOrderId" integer NOT NULL, "workOrderNumber" varchar(24) NOT NULL, "faultKind" varchar(16) NOT NULL, "createdById" integer NOT NULL, "createdAt" datetime(3) NOT NULL)',
        'CREATE INDEX "IDX_warranty_claim_contract" ON "warranty_claim" ("contractId") ',
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['warranty_claim', 'warranty_contract', 'warranty_plan']) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
