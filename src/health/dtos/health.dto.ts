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
  /**
   * This process's part in routing: `leader` carries the routing decisions out (one at a time among
   * the processes sharing REDIS_URL; always, with one process), `follower` forwards commands and serves reads.
   */
  routing!: 'leader' | 'follower';
}

/** The process answers. */
export class LivenessView {
  status!: 'ok';
}
