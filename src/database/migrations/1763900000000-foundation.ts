import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { idColumn, timestampColumns } from './column-kit';

/** Staff and sign-in, terminal units, skills, queues and agents' skills. */
export class Foundation1763900000000 implements MigrationInterface {
  name = 'Foundation1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'terminal_unit',
        columns: [
          idColumn,
          { name: 'code', type: 'varchar', length: '32', isUnique: true },
          { name: 'name', type: 'varchar', length: '128' },
          { name: 'terminal', type: 'varchar', length: '24' },
          { name: 'city', type: 'varchar', length: '64', isNullable: true },
          { name: 'dailyCapacity', type: 'int', isNullable: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'staff',
        columns: [
          idColumn,
          { name: 'jobNumber', type: 'varchar', length: '16', isUnique: true },
          { name: 'name', type: 'varchar', length: '64' },
          { name: 'roles', type: 'text' },
          { name: 'passwordHash', type: 'varchar', length: '255' },
          { name: 'unitId', type: 'int', isNullable: true },
          { name: 'active', type: 'boolean', default: true },
          ...timestampColumns(queryRunner),
        ],
        foreignKeys: [{ columnNames: ['unitId'], referencedTableName: 'terminal_unit', referencedColumnNames: ['id'], onDelete: 'SET NULL' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'skill',
        columns: [idColumn, { name: 'code', type: 'varchar', length: '32', isUnique: true }, { name: 'name', type: 'varchar', length: '64' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'call_queue',
        columns: [
          idColumn,
          { name: 'code', type: 'varchar', length: '32', isUnique: true },
          { name: 'name', type: 'varchar', length: '64' },
          { name: 'menuKey', type: 'varchar', length: '1', isNullable: true },
          { name: 'skillId', type: 'int' },
          { name: 'strategy', type: 'varchar', length: '24', default: "'longest-idle'" },
          { name: 'wrapUpSeconds', type: 'int', default: 30 },
          { name: 'maxWaitSeconds', type: 'int', default: 600 },
          { name: 'overflowQueueId', type: 'int', isNullable: true },
          { name: 'overflowAfterSeconds', type: 'int', isNullable: true },
          { name: 'serviceLevelSeconds', type: 'int', default: 20 },
          { name: 'joinWhenNoAgents', type: 'boolean', default: true },
        ],
        foreignKeys: [{ columnNames: ['skillId'], referencedTableName: 'skill', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'agent_skill',
        columns: [idColumn, { name: 'staffId', type: 'int' }, { name: 'skillId', type: 'int' }, { name: 'level', type: 'int' }],
        indices: [{ name: 'UQ_agent_skill_staff_skill', columnNames: ['staffId', 'skillId'], isUnique: true }],
        foreignKeys: [
          { columnNames: ['staffId'], referencedTableName: 'staff', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['skillId'], referencedTableName: 'skill', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['agent_skill', 'call_queue', 'skill', 'staff', 'terminal_unit']) await queryRunner.dropTable(table);
  }
}
