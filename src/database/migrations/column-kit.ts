import { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column shapes shared by every migration, written once for both engines. The only engine-specific
 * part of our schema is how a timestamp defaults to "now".
 */
export const idColumn: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };

export function timestampColumns(queryRunner: QueryRunner, names = ['createdAt', 'updatedAt']): TableColumnOptions[] {
  const mysql = queryRunner.connection.driver.options.type === 'mysql';
  return names.map((name) =>
    mysql
      ? { name, type: 'datetime', precision: 6, default: 'CURRENT_TIMESTAMP(6)', ...(name === 'updatedAt' ? { onUpdate: 'CURRENT_TIMESTAMP(6)' } : {}) }
      : { name, type: 'datetime', default: "(datetime('now'))" },
  );
}
