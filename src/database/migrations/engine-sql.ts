import { QueryRunner } from 'typeorm';
import { sqlDialect } from '../sql-dialect';

/**
 * Migrations are plain SQL, one list per engine, as TypeORM's `migration:generate` writes them for
 * each; the database e2e test proves that after all migrations the schema equals the entities on
 * both engines.
 */
export interface EngineSql {
  mysql: string[];
  sqlite: string[];
}

export async function runEngineSql(queryRunner: QueryRunner, sql: EngineSql): Promise<void> {
  const statements = sqlDialect(queryRunner.connection) === 'mysql' ? sql.mysql : sql.sqlite;
  for (const statement of statements) await queryRunner.query(statement);
}
