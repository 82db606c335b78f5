/** The database answers. (503 otherwise: `{ statusCode, status: 'error', database: 'down', message }`, with Retry-After.) */
export class ReadinessView {
  status!: 'ok';
  database!: 'up';
  /** The TypeORM driver: `mysql`, `mariadb` or `better-sqlite3`. */
  engine!: string;
}

/** The process answers. */
export class LivenessView {
  status!: 'ok';
}
