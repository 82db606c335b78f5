import { DataSource, EntityManager } from 'typeorm';
import { sqlDialect } from './sql-dialect';

/**
 * Runs a unit of work in a transaction on either engine.
 *
 * TypeORM's SQLite drivers have one connection per data source, so two transactions started at the
 * same time interleave on it as nested savepoints (one's rollback undoes the other's work), and two
 * data sources on one file in one process block each other synchronously. On SQLite this runner
 * therefore queues transactions per database file, process-wide; across processes SQLite's own
 * write lock (busy timeout) serialises them. MySQL/MariaDB transactions run concurrently, with the
 * row locks each unit of work takes.
 */
const sqliteQueues = new Map<string, Promise<unknown>>();

export class TransactionRunner {
  constructor(private readonly db: DataSource) {}

  get engine(): 'mysql' | 'sqlite' {
    return sqlDialect(this.db);
  }

  run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    if (this.engine === 'mysql') return this.db.transaction(work);
    const key = String((this.db.options as { database?: unknown }).database);
    const previous = sqliteQueues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.db.transaction(work));
    const settled = next.catch(() => undefined);
    sqliteQueues.set(key, settled);
    void settled.then(() => {
      if (sqliteQueues.get(key) === settled) sqliteQueues.delete(key);
    });
    return next;
  }
}
