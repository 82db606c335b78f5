import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/** The causes every site starts with (投诉原因); admins and quality monitors edit the list through PUT /quality/causes/:code. */
const DEFAULT_CAUSES: [code: string, terminal: string | null, zh: string, en: string][] = [
  ['late_delivery', 'dispatch', '配送延误', 'Late delivery'],
  ['delivery_no_call', 'dispatch', '送货前未电联', 'No call before delivery'],
  ['damaged_goods', 'logistics', '货物破损', 'Damaged goods'],
  ['logistics_after_sales', 'logistics', '物流售后', 'Logistics after-sales'],
  ['not_shipped', 'logistics', '未发货', 'Not shipped'],
  ['staff_attitude', 'store', '服务态度', 'Staff attitude'],
  ['price_protection', 'store', '价保', 'Price protection'],
  ['promotion_dispute', 'store', '促销争议', 'Promotion dispute'],
  ['installation', 'after_sales', '安装问题', 'Installation'],
  ['installation_delay', 'after_sales', '安装延误', 'Installation delay'],
  ['product_quality', 'manufacturer', '产品质量', 'Product quality'],
  ['invoice', 'invoice', '发票问题', 'Invoice'],
  ['membership', 'membership', '会员积分', 'Membership points'],
  ['warranty', 'warranty', '延保/阳光包', 'Extended warranty'],
  ['other', null, '其他', 'Other'],
];
const quote = (v: string | null) => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);
const causeRows = DEFAULT_CAUSES.map(
  ([code, terminal, zh, en]) => `(${quote(code)}, ${quote(terminal)}, ${quote(zh)}, ${quote(en)}, 1, '2026-12-01 00:00:00.000')`,
).join(', ');

/**
 * Quality reports: the managed cause list, stored reports (one daily report per site day, by a
 * unique key), an index on callback results by time (satisfaction), and a covering index on work_order so a report counts a day's closed complaints, with
 * resolution time, deadline and reopen count, from the index alone (those created: IDX_work_order_type_created).
 */
export class QualityReports1764030000000 implements MigrationInterface {
  name = 'QualityReports1764030000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        'CREATE TABLE `complaint_cause` (`code` varchar(32) NOT NULL, `terminal` varchar(24) NULL, `labelZh` varchar(64) NOT NULL, `labelEn` varchar(64) NOT NULL, `active` tinyint NOT NULL DEFAULT 1, `updatedAt` datetime(3) NOT NULL, PRIMARY KEY (`code`)) ENGINE=InnoDB',
        'CREATE TABLE `quality_report` (`id` int NOT NULL AUTO_INCREMENT, `kind` varchar(16) NOT NULL, `fromDay` varchar(10) NOT NULL, `toDay` varchar(10) NOT NULL, `dailyKey` varchar(10) NULL, `generatedAt` datetime(3) NOT NULL, `generatedBy` varchar(16) NULL, `payload` json NOT NULL, UNIQUE INDEX `UQ_quality_report_daily` (`dailyKey`), INDEX `IDX_quality_report_from` (`fromDay`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
        'CREATE INDEX `IDX_callback_visit_completed` ON `callback_visit` (`completedAt`)',
        'CREATE INDEX `IDX_work_order_quality_closed` ON `work_order` (`type`, `closedAt`, `terminal`, `unitId`, `category`, `createdAt`, `dueAt`, `reopenCount`)',
        `INSERT INTO \`complaint_cause\` (\`code\`, \`terminal\`, \`labelZh\`, \`labelEn\`, \`active\`, \`updatedAt\`) VALUES ${causeRows}`,
      ],
      sqlite: [
        'CREATE TABLE "complaint_cause" ("code" varchar(32) PRIMARY KEY NOT NULL, "terminal" varchar(24), "labelZh" varchar(64) NOT NULL, "labelEn" varchar(64) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "updatedAt" datetime(3) NOT NULL)',
        'CREATE TABLE "quality_report" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(16) NOT NULL, "fromDay" varchar(10) NOT NULL, "toDay" varchar(10) NOT NULL, "dailyKey" varchar(10), "generatedAt" datetime(3) NOT NULL, "generatedBy" varchar(16), "payload" json NOT NULL)',
        'CREATE UNIQUE INDEX "UQ_quality_report_daily" ON "quality_report" ("dailyKey") ',
        'CREATE INDEX "IDX_quality_report_from" ON "quality_report" ("fromDay", "id") ',
        'CREATE INDEX "IDX_callback_visit_completed" ON "callback_visit" ("completedAt") ',
        'CREATE INDEX "IDX_work_order_quality_closed" ON "work_order" ("type", "closedAt", "terminal", "unitId", "category", "createdAt", "dueAt", "reopenCount") ',
        `INSERT INTO "complaint_cause" ("code", "terminal", "labelZh", "labelEn", "active", "updatedAt") VALUES ${causeRows}`,
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        'DROP INDEX `IDX_callback_visit_completed` ON `callback_visit`',
        'DROP INDEX `IDX_work_order_quality_closed` ON `work_order`',
        'DROP TABLE `quality_report`',
        'DROP TABLE `complaint_cause`',
      ],
      sqlite: [
        'DROP INDEX "IDX_callback_visit_completed"',
        'DROP INDEX "IDX_work_order_quality_closed"',
        'DROP TABLE "quality_report"',
        'DROP TABLE "complaint_cause"',
      ],
    });
  }
}
