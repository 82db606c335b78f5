/**
 * Whether an error means the database cannot be reached or cannot serve now — as opposed to a bad
 * statement or a broken rule — so the request is answered 503 with Retry-After rather than 500, and a
 * group commit fails its batch instead of retrying each write into the same outage. The one place
 * that knows the drivers' codes (mysql2, better-sqlite3, and this layer's own bounded waits).
 */
const MYSQL_UNAVAILABLE = new Set([
  // the network: refused, reset, unreachable, name lookup, connect timeout
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  // mysql2: the server closed the connection, or a statement outlived DATABASE_QUERY_TIMEOUT_MS
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  // the server: too many connections, shutting down, statement killed, lock wait timed out, read-only (fail-over)
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN',
  'ER_NORMAL_SHUTDOWN',
  'ER_QUERY_INTERRUPTED',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_OPTION_PREVENTS_STATEMENT',
  'ER_READ_ONLY_MODE',
  'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION',
]);

/** SQLite: another process holds the lock past the busy timeout; the disk failed or is full; the file cannot be opened. */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY_DBMOVED)/;

/** Codes of this layer's own bounded waits: no pooled connection in time (`bounded-waits.ts`), a group commit that never settled (`group-commit.ts`). */
export const POOL_ACQUIRE_TIMEOUT = 'POOL_ACQUIRE_TIMEOUT';
export const GROUP_COMMIT_STALLED = 'GROUP_COMMIT_STALLED';

/** Seconds a client is told to wait before retrying (Retry-After): about how long a pool takes to reconnect once the database is back. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

export function isDatabaseUnavailable(error: unknown): boolean {
  // TypeORM wraps the driver's error (QueryFailedError.driverError); follow the chain down.
  for (let e = error as DriverError | undefined, depth = 0; e && typeof e === 'object' && depth < 4; e = e.driverError ?? e.cause, depth++) {
    if (
      typeof e.code === 'string' &&
      (MYSQL_UNAVAILABLE.has(e.code) || e.code === POOL_ACQUIRE_TIMEOUT || e.code === GROUP_COMMIT_STALLED || SQLITE_UNAVAILABLE.test(e.code))
    )
      return true;
    // mysql2 marks an error fatal when its connection is gone (e.g. a command sent on a connection destroyed after a timeout).
    if (e.fatal === true) return true;
    if (e.message === 'Pool is closed.') return true;
  }
  return false;
}

interface DriverError {
  code?: unknown;
  fatal?: unknown;
  message?: unknown;
  driverError?: DriverError;
  cause?: DriverError;
}
