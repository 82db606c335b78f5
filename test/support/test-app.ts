import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '../../config/load-config';
import { createApp } from '../../src/app';
import type { AppOptions } from '../../src/app.module';
import { createTestDatabase, TestDatabase } from './test-database';

export const DEMO_PASSWORD = 'test-demo-password';

/** The real application on a fresh database of the engine under test, with the demo site seeded. */
export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  http: ReturnType<typeof request>;
  close(): Promise<void>;
  tokenFor(jobNumber: string, password?: string): Promise<string>;
}

/** `options.clock` drives every clock of the app (a VirtualClock lets a test write records on chosen days). */
export async function startTestApp(env: Record<string, string> = {}, options: AppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_PASSWORD, SEED_DEMO: 'true', ...db.env, ...env });
  const app = await createApp(config, options);
  await app.init();
  const http = request(app.getHttpServer());
  return {
    app,
    db,
    http,
    async close() {
      await app.close();
      await db.drop();
    },
    async tokenFor(jobNumber: string, password = DEMO_PASSWORD) {
      const response = await http.post('/auth/login').send({ jobNumber, password }).expect(200);
      return response.body.accessToken as string;
    },
  };
}
