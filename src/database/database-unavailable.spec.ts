import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

const driverError = (code: string, extra: object = {}) => Object.assign(new Error(code), { code, ...extra });
const failed = (error: Error) => new QueryFailedError('SELECT 1', [], error);

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', driverError('ECONNREFUSED')],
    ['a reset connection, wrapped by TypeORM', failed(driverError('ECONNRESET', { fatal: true }))],
    ['a statement past DATABASE_QUERY_TIMEOUT_MS', failed(driverError('PROTOCOL_SEQUENCE_TIMEOUT'))],
    ['a connection the server closed', failed(driverError('PROTOCOL_CONNECTION_LOST', { fatal: true }))],
    ['a command on a destroyed connection', failed(Object.assign(new Error("Can't add new command when connection is in closed state"), { fatal: true }))],
    ['no pooled connection in time', driverError('POOL_ACQUIRE_TIMEOUT')],
    ['a group commit that never settled', driverError('GROUP_COMMIT_STALLED')],
    ['too many connections', failed(driverError('ER_CON_COUNT_ERROR'))],
    ['a lock wait timeout', failed(driverError('ER_LOCK_WAIT_TIMEOUT'))],
    ['SQLite busy', failed(driverError('SQLITE_BUSY'))],
    ['SQLite disk I/O', failed(driverError('SQLITE_IOERR_WRITE'))],
  ])('is true for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', failed(driverError('ER_DUP_ENTRY'))],
    ['an SQLite constraint', failed(driverError('SQLITE_CONSTRAINT_UNIQUE'))],
    ['a syntax error', failed(driverError('ER_PARSE_ERROR'))],
    ['a bug', new TypeError('x is undefined')],
    ['nothing', undefined],
  ])('is false for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
