/** The database answers. (503 otherwise: `{ statusCode, status: 'error', database: 'down', message }`, with Retry-After.) */
export class ReadinessView {
  status!: 'ok';
  database!: 'up';
  /** The TypeORM driver: `mysql`, `mariadb` or `better-sqlite3`. */
  engine!: string;
  /**
   * Redis (REDIS_URL, several processes): `up`, `down` (reconnecting — the process still serves and
   * answers calls, so readiness does not fail for it), or `off` (not configured: one process).
   */
  redis!: 'up' | 'down' | 'off';
}

/** The process answers. */
export class LivenessView {
  status!: 'ok';
}
