import type { INestApplication } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free loopback port (the sandbox calls the app back at its public address, so the app must really listen). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface BenchServer {
  app: INestApplication;
  baseUrl: string;
  /** Where the embedded database lives, or undefined on DATABASE_URL. */
  tempDir: string | undefined;
  databaseUrl: string | undefined;
}

/**
 * The whole application for a benchmark, listening on loopback with the embedded Twilio sandbox
 * (never a real Twilio account), open all hours, on a temporary SQLite file unless DATABASE_URL is set.
 */
export async function startBenchServer(name: string, log: (line: string) => void, env: Record<string, string> = {}): Promise<BenchServer> {
  const { loadConfig } = await import('../config/load-config');
  const { createApp } = await import('../src/app');
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const tempDir = databaseUrl ? undefined : mkdtempSync(join(tmpdir(), `hotline-bench-${name}-`));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: baseUrl,
    TELEPHONY: 'sandbox',
    BUSINESS_HOURS: '00:00-24:00',
    BUSINESS_DAYS: '1-7',
    HOLIDAYS: '',
    TWILIO_ACCOUNT_SID: undefined,
    TWILIO_AUTH_TOKEN: undefined,
    DATABASE_URL: databaseUrl,
    SQLITE_PATH: tempDir ? join(tempDir, 'bench.sqlite') : undefined,
    ...env,
  });
  const app = await createApp(config);
  await app.listen(port, '127.0.0.1');
  log(`Started the server on ${baseUrl} (${databaseUrl ? 'DATABASE_URL' : 'embedded SQLite in ' + tempDir})`);
  return { app, baseUrl, tempDir, databaseUrl };
}
