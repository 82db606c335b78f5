import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

/**
 * A fresh, empty database for one test file, on the engine the run asks for: MariaDB/MySQL when
 * DATABASE_URL is set (a new database on that server, dropped afterwards), else an SQLite file in a
 * temporary folder. A server that is down makes the test fail — never skip — because CI asked for it.
 */
export interface TestDatabase {
  engine: 'mysql' | 'sqlite';
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const url = new URL(serverUrl);
    const name = `hotline_t${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = await createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    });
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    url.pathname = `/${name}`;
    return {
      engine: 'mysql',
      env: { DATABASE_URL: url.toString() },
      async drop() {
        const conn = await createConnection({
          host: url.hostname,
          port: Number(url.port || 3306),
          user: decodeURIComponent(url.username),
          password: decodeURIComponent(url.password),
        });
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await conn.end();
      },
    };
  }
  const folder = mkdtempSync(join(tmpdir(), 'hotline-test-'));
  return {
    engine: 'sqlite',
    env: { SQLITE_PATH: join(folder, 'hotline.sqlite') },
    async drop() {
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
