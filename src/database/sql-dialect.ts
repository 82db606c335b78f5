import type { DataSourceOptions } from 'typeorm';

/** The SQL a database speaks: MySQL and MariaDB alike, or SQLite. */
export type SqlDialect = 'mysql' | 'sqlite';

/** Which engine a data source (or a migration's connection) runs on — the one place the engines are told apart. */
export function sqlDialect(source: { options: DataSourceOptions }): SqlDialect {
  const type = source.options.type;
  return type === 'mysql' || type === 'mariadb' ? 'mysql' : 'sqlite';
}
