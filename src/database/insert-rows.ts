import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { sqlPlaceholders } from './sql-placeholders';

/**
 * One plain multi-row INSERT of `entities`, each value converted by the driver exactly as TypeORM's
 * own insert does (the counterpart of `hydrateRow`) — for hot paths, where TypeORM's insert builder
 * (a named parameter per value, then a rewrite of the whole statement) costs more than the write.
 * Writes the given `columns` (default: every column but generated ones) and nothing else: no
 * defaults filled in, no generated ids read back.
 */
export async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  entities: readonly T[],
  columns?: ReadonlyArray<keyof T & string>,
): Promise<void> {
  if (entities.length === 0) return;
  const metadata = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const written = columns
    ? columns.map((name) => metadata.findColumnWithPropertyName(name) ?? fail(`${metadata.tableName} has no column ${name}`))
    : metadata.columns.filter((c) => !c.isGenerated);
  const values: unknown[] = [];
  for (const entity of entities) {
    for (const column of written) {
      const value: unknown = column.getEntityValue(entity);
      if (value === undefined && !columns) fail(`${metadata.tableName}.${column.databaseName} is not given`);
      values.push(driver.preparePersistentValue(value ?? null, column));
    }
  }
  const row = `(${sqlPlaceholders(written)})`;
  await manager.query(
    `INSERT INTO ${driver.escape(metadata.tableName)} (${written.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES ${entities.map(() => row).join(', ')}`,
    values,
  );
}

function fail(message: string): never {
  throw new TypeError(`insertRows: ${message}`);
}
