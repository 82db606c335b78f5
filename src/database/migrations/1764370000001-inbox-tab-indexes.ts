import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/**
 * The inbox's tabs from an index each (bench:pages, 1 M orders): an agent's open orders — followed up
 * or created, two index ranges put together (inbox-tabs.ts) instead of an OR that walks every order
 * of the agent — and a unit's open orders by deadline, counted and listed from (unitId, closedAt, dueAt).
 */
export class InboxTabIndexes1764370000001 implements MigrationInterface {
  name = 'InboxTabIndexes1764370000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        'CREATE INDEX `IDX_work_order_agent_open` ON `work_order` (`agentId`, `closedAt`, `id`)',
        'CREATE INDEX `IDX_work_order_created_by_open` ON `work_order` (`createdById`, `closedAt`, `id`)',
        'CREATE INDEX `IDX_work_order_unit_open` ON `work_order` (`unitId`, `closedAt`, `dueAt`)',
      ],
      sqlite: [
        'CREATE INDEX "IDX_work_order_agent_open" ON "work_order" ("agentId", "closedAt", "id") ',
        'CREATE INDEX "IDX_work_order_created_by_open" ON "work_order" ("createdById", "closedAt", "id") ',
        'CREATE INDEX "IDX_work_order_unit_open" ON "work_order" ("unitId", "closedAt", "dueAt") ',
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        'DROP INDEX `IDX_work_order_unit_open` ON `work_order`',
        'DROP INDEX `IDX_work_order_created_by_open` ON `work_order`',
        'DROP INDEX `IDX_work_order_agent_open` ON `work_order`',
      ],
      sqlite: ['DROP INDEX "IDX_work_order_unit_open"', 'DROP INDEX "IDX_work_order_created_by_open"', 'DROP INDEX "IDX_work_order_agent_open"'],
    });
  }
}
