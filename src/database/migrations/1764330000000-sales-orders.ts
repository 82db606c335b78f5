import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/**
 * The order system's read model: sales orders (销售订单) and their lines, delivery and installation
 * bookings (配送/安装预约), stock (库存) per store and warehouse, slots per centre and time window, and
 * the audit of the hotline's own changes. No foreign keys: rows arrive from the OMS in bulk and in
 * any order, and the import checks what it references.
 */
export class SalesOrders1764330000000 implements MigrationInterface {
  name = 'SalesOrders1764330000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        'CREATE TABLE `sales_order` (`id` int NOT NULL AUTO_INCREMENT, `number` varchar(32) NOT NULL, `customerPhone` varchar(20) NOT NULL, `customerName` varchar(64) NULL, `storeUnitId` int NOT NULL, `soldAt` datetime(3) NOT NULL, `omsVersion` bigint NOT NULL, `updatedAt` datetime(3) NOT NULL, UNIQUE INDEX `UQ_sales_order_number` (`number`), INDEX `IDX_sales_order_phone` (`customerPhone`, `soldAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
        'CREATE TABLE `sales_order_line` (`id` int NOT NULL AUTO_INCREMENT, `orderId` int NOT NULL, `lineNo` int NOT NULL, `productCode` varchar(32) NOT NULL, `productName` varchar(128) NOT NULL, `model` varchar(64) NULL, `quantity` int NOT NULL, `unitPriceFen` int NOT NULL, UNIQUE INDEX `UQ_sales_order_line_order_line` (`orderId`, `lineNo`), INDEX `IDX_sales_order_line_product` (`productCode`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
        'CREATE TABLE `delivery_booking` (`id` int NOT NULL AUTO_INCREMENT, `reference` varchar(32) NOT NULL, `orderId` int NOT NULL, `kind` varchar(16) NOT NULL, `centreUnitId` int NOT NULL, `day` varchar(10) NOT NULL, `timeWindow` varchar(11) NOT NULL, `status` varchar(16) NOT NULL, `installer` varchar(64) NULL, `address` varchar(255) NOT NULL, `version` int NOT NULL DEFAULT 1, `updatedAt` datetime(3) NOT NULL, UNIQUE INDEX `UQ_delivery_booking_reference` (`reference`), INDEX `IDX_delivery_booking_order` (`orderId`), INDEX `IDX_delivery_booking_centre_day` (`centreUnitId`, `day`, `timeWindow`, `status`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
        'CREATE TABLE `stock_level` (`id` int NOT NULL AUTO_INCREMENT, `productCode` varchar(32) NOT NULL, `productName` varchar(128) NOT NULL, `unitId` int NOT NULL, `quantity` int NOT NULL, `updatedAt` datetime(3) NOT NULL, UNIQUE INDEX `UQ_stock_level_product_unit` (`productCode`, `unitId`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
        'CREATE TABLE `delivery_slot_capacity` (`id` int NOT NULL AUTO_INCREMENT, `centreUnitId` int NOT NULL, `timeWindow` varchar(11) NOT NULL, `day` varchar(10) NULL, `slots` int NOT NULL, INDEX `IDX_delivery_slot_capacity_centre` (`centreUnitId`, `timeWindow`, `day`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
        'CREATE TABLE `order_change` (`id` int NOT NULL AUTO_INCREMENT, `orderId` int NOT NULL, `bookingId` int NOT NULL, `kind` varchar(16) NOT NULL, `callSid` varchar(40) NULL, `workOrderId` int NULL, `byJobNumber` varchar(16) NOT NULL, `at` datetime(3) NOT NULL, `before` text NOT NULL, `after` text NOT NULL, `overrideReason` varchar(255) NULL, `overrideByJobNumber` varchar(16) NULL, INDEX `IDX_order_change_order` (`orderId`, `id`), INDEX `IDX_order_change_call` (`callSid`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
      ],
      sqlite: [
        'CREATE TABLE "sales_order" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "number" varchar(32) NOT NULL, "customerPhone" varchar(20) NOT NULL, "customerName" varchar(64), "storeUnitId" integer NOT NULL, "soldAt" datetime(3) NOT NULL, "omsVersion" bigint NOT NULL, "updatedAt" datetime(3) NOT NULL)',
        'CREATE UNIQUE INDEX "UQ_sales_order_number" ON "sales_order" ("number")',
        'CREATE INDEX "IDX_sales_order_phone" ON "sales_order" ("customerPhone", "soldAt")',
        'CREATE TABLE "sales_order_line" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "orderId" integer NOT NULL, "lineNo" integer NOT NULL, "productCode" varchar(32) NOT NULL, "productName" varchar(128) NOT NULL, "model" varchar(64), "quantity" integer NOT NULL, "unitPriceFen" integer NOT NULL)',
        'CREATE UNIQUE INDEX "UQ_sales_order_line_order_line" ON "sales_order_line" ("orderId", "lineNo")',
        'CREATE INDEX "IDX_sales_order_line_product" ON "sales_order_line" ("productCode")',
        'CREATE TABLE "delivery_booking" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "reference" varchar(32) NOT NULL, "orderId" integer NOT NULL, "kind" varchar(16) NOT NULL, "centreUnitId" integer NOT NULL, "day" varchar(10) NOT NULL, "timeWindow" varchar(11) NOT NULL, "status" varchar(16) NOT NULL, "installer" varchar(64), "address" varchar(255) NOT NULL, "version" integer NOT NULL DEFAULT (1), "updatedAt" datetime(3) NOT NULL)',
        'CREATE UNIQUE INDEX "UQ_delivery_booking_reference" ON "delivery_booking" ("reference")',
        'CREATE INDEX "IDX_delivery_booking_order" ON "delivery_booking" ("orderId")',
        'CREATE INDEX "IDX_delivery_booking_centre_day" ON "delivery_booking" ("centreUnitId", "day", "timeWindow", "status")',
        'CREATE TABLE "stock_level" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "productCode" varchar(32) NOT NULL, "productName" varchar(128) NOT NULL, "unitId" integer NOT NULL, "quantity" integer NOT NULL, "updatedAt" datetime(3) NOT NULL)',
        'CREATE UNIQUE INDEX "UQ_stock_level_product_unit" ON "stock_level" ("productCode", "unitId")',
        'CREATE TABLE "delivery_slot_capacity" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "centreUnitId" integer NOT NULL, "timeWindow" varchar(11) NOT NULL, "day" varchar(10), "slots" integer NOT NULL)',
        'CREATE INDEX "IDX_delivery_slot_capacity_centre" ON "delivery_slot_capacity" ("centreUnitId", "timeWindow", "day")',
        'CREATE TABLE "order_change" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "orderId" integer NOT NULL, "bookingId" integer NOT NULL, "kind" varchar(16) NOT NULL, "callSid" varchar(40), "workOrderId" integer, "byJobNumber" varchar(16) NOT NULL, "at" datetime(3) NOT NULL, "before" text NOT NULL, "after" text NOT NULL, "overrideReason" varchar(255), "overrideByJobNumber" varchar(16))',
        'CREATE INDEX "IDX_order_change_order" ON "order_change" ("orderId", "id")',
        'CREATE INDEX "IDX_order_change_call" ON "order_change" ("callSid")',
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const tables = ['order_change', 'delivery_slot_capacity', 'stock_level', 'delivery_booking', 'sales_order_line', 'sales_order'];
    await runEngineSql(queryRunner, {
      mysql: tables.map((t) => `DROP TABLE \`${t}\``),
      sqlite: tables.map((t) => `DROP TABLE "${t}"`),
    });
  }
}
