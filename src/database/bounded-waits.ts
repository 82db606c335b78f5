import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AfterQueryEvent, DataSource, EntitySubscriberInterface } from 'typeorm';
import { ConfigVariables } from '../../config/config-variables';
import { POOL_ACQUIRE_TIMEOUT } from './database-unavailable';

/**
 * Every wait on MySQL/MariaDB is bounded, so a database that stalls or refuses costs a request seconds
 * (then a 503), never the process: the fault campaign of 2026-12-06 cut the database with a proxy that
 * kept connections open but dropped their data, and work-order creation stayed wedged for ten minutes
 * after the database was back — its group commit waited on a statement whose answer would never come.
 *
 * - opening a connection: mysql2's `connectTimeout`, and TCP keep-alive on idle connections (pool options);
 * - waiting for a pooled connection: mysql2's pool has no acquire timeout (TypeORM's `acquireTimeout`
 *   is the old mysql driver's), so `getConnection` is raced against a timer here, and a connection
 *   that comes too late goes straight back to the pool;
 * - each statement: TypeORM's `enableQueryTimeout` (mysql2's per-query `timeout`), switched on only
 *   once start-up's migrations have run, since building an index on a large table may take minutes;
 * - a connection whose statement timed out (or whose socket failed) is destroyed, never released:
 *   mysql2 leaves the timed-out command at the head of its queue, so the next command on it — the
 *   transaction's ROLLBACK, or the next request's first query — would wait behind it forever.
 */
export function boundDatabaseWaits(db: DataSource, config: ConfigVariables): void {
  if (db.options.type !== 'mysql' && db.options.type !== 'mariadb') return;
  const driver = db.driver as unknown as { pool: Pool; options: { enableQueryTimeout?: boolean; maxQueryExecutionTime?: number } };
  const pool = driver.pool;
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = (callback) => {
    let waiting = true;
    const timer = setTimeout(() => {
      waiting = false;
      const error = Object.assign(new Error(`No database connection within ${config.DATABASE_ACQUIRE_TIMEOUT_MS} ms`), { code: POOL_ACQUIRE_TIMEOUT });
      callback(error);
    }, config.DATABASE_ACQUIRE_TIMEOUT_MS);
    getConnection((error, connection) => {
      if (!waiting) {
        connection?.release();
        return;
      }
      waiting = false;
      clearTimeout(timer);
      callback(error, connection);
    });
  };
  Object.assign(driver.options, { enableQueryTimeout: true, maxQueryExecutionTime: config.DATABASE_QUERY_TIMEOUT_MS });
  // maxQueryExecutionTime is also TypeORM's slow-query threshold, printed to the console (with its
  // parameters) whatever the logging setting; a statement that reaches it has failed, and the failure
  // is logged once, by the exception filter, as the request's.
  db.logger.logQuerySlow = () => undefined;
  db.subscribers.push(new BrokenConnectionReaper());
}

/** Applies the bounds once the data source is up (its migrations run unbounded). */
@Injectable()
export class BoundedDatabaseWaits {
  constructor(@InjectDataSource() db: DataSource, config: ConfigVariables) {
    boundDatabaseWaits(db, config);
  }
}

/** mysql2 pool options for bounded waits (passed through TypeORM's `extra`). */
export function boundedPoolOptions(config: ConfigVariables): Record<string, unknown> {
  return {
    connectTimeout: config.DATABASE_CONNECT_TIMEOUT_MS,
    enableKeepAlive: true,
    keepAliveInitialDelay: config.DATABASE_KEEPALIVE_DELAY_MS,
  };
}

/** Destroys the connection under a statement that failed because the connection is unusable (timed out, reset, closed). */
class BrokenConnectionReaper implements EntitySubscriberInterface {
  afterQuery(event: AfterQueryEvent): void {
    if (event.success || !connectionIsBroken(event.error)) return;
    const connection = (event.queryRunner as unknown as { databaseConnection?: PoolConnection }).databaseConnection;
    if (!connection || connection.destroyedAfterFault) return;
    connection.destroyedAfterFault = true;
    // Out of the pool, and any command sent on it fails at once ("closed state") instead of queueing.
    connection.destroy();
    // destroy() only half-closes; a silent peer would keep the socket (and its timers) for minutes.
    connection.stream?.destroy();
  }
}

/** A statement timed out on it, or mysql2 declared it dead (network errors are `fatal`); a lock wait timeout leaves it usable. */
function connectionIsBroken(error: unknown): boolean {
  // afterQuery is told the driver's own error (TypeORM wraps it in a QueryFailedError only afterwards).
  const raw = error as { code?: string; fatal?: boolean; driverError?: { code?: string; fatal?: boolean } } | undefined;
  const e = raw?.driverError ?? raw;
  return e?.code === 'PROTOCOL_SEQUENCE_TIMEOUT' || e?.fatal === true;
}

interface PoolConnection {
  release(): void;
  destroy(): void;
  stream?: { destroy(): void };
  destroyedAfterFault?: boolean;
}

interface Pool {
  getConnection(callback: (error: Error | null, connection?: PoolConnection) => void): void;
}
