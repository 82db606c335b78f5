import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/**
 * Open work orders newest first (the overdue list, open-order counts): (closedAt, id, dueAt) lets the
 * list walk open orders by id and test the deadline from the index, instead of sorting every overdue row.
 */
export class WorkOrderOpenIndex1763930000000 implements MigrationInterface {
  name = 'WorkOrderOpenIndex1763930000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: ['DROP INDEX `IDX_work_order_due` ON `work_order`', 'CREATE INDEX `IDX_work_order_open` ON `work_order` (`closedAt`, `id`, `dueAt`)'],
      sqlite: ['DROP INDEX "IDX_work_order_due"', 'CREATE INDEX "IDX_work_order_open" ON "work_order" ("closedAt", "id", "dueAt") '],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: ['DROP INDEX `IDX_work_order_open` ON `work_order`', 'CREATE INDEX `IDX_work_order_due` ON `work_order` (`closedAt`, `dueAt`)'],
      sqlite: ['DROP INDEX "IDX_work_order_open"', 'CREATE INDEX "IDX_work_order_due" ON "work_order" ("closedAt", "dueAt") '],
    });
  }
}
