import { QueryRunner } from 'typeorm';

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
  const type = queryRunner.connection.driver.options.type;
  const statements = type === 'mysql' || type === 'mariadb' ? sql.mysql : sql.sqlite;
  for (const statement of statements) await queryRunner.query(statement);
}
