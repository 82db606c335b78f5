import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { ConfigVariables } from '../../config/config-variables';
import { boundedPoolOptions } from './bounded-waits';
import { migrations } from './migrations';

/**
 * One schema, two engines: MySQL or MariaDB when DATABASE_URL is set, else the embedded SQLite file
 * (WAL, so readers don't block the writer). The schema only ever changes through migrations.
 */
export function buildDataSourceOptions(config: ConfigVariables): DataSourceOptions {
  const common = { migrations, migrationsRun: false, synchronize: false, logging: false } as const;
  if (config.DATABASE_URL) {
    return {
      ...common,
      // TypeORM reads MariaDB's catalogue differently (e.g. column defaults), so say which it is.
      type: config.DATABASE_URL.startsWith('mariadb:') ? 'mariadb' : 'mysql',
      url: config.DATABASE_URL.replace(/^mariadb:/, 'mysql:'),
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z', // store instants in UTC on both engines
      supportBigNumbers: true,
      // trace: mysql2 captures a stack trace on every query to lengthen its errors' stacks — a
      // few per cent of the CPU of a webhook; TypeORM's QueryFailedError carries the SQL instead.
      extra: { connectionLimit: 20, trace: false, ...boundedPoolOptions(config) },
    };
  }
  if (config.SQLITE_PATH !== ':memory:') mkdirSync(dirname(config.SQLITE_PATH), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.SQLITE_PATH,
    enableWAL: config.SQLITE_PATH !== ':memory:',
    // With WAL, NORMAL syncs at checkpoints rather than on every commit: still crash-safe (no
    // corruption), and the event loop no longer waits on an fsync per webhook.
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('synchronous = NORMAL');
    },
    // Another process's write lock: wait this long, then SQLITE_BUSY (answered 503).
    timeout: config.SQLITE_BUSY_TIMEOUT_MS,
  };
}
