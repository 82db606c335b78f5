import type { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import { io, Socket } from 'socket.io-client';
import request from 'supertest';
import { loadConfig } from '../config/load-config';
import { createApp } from '../src/app';
import { DEMO_PASSWORD } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** This file's own keys and channels in the shared Redis. */
const PREFIX = `test-scale-out-${process.pid}`;

async function until(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Two processes behind one address share one database and, with REDIS_URL, socket.io's rooms: an
 * event raised on one reaches the sockets held by the other (the "escalation notifications
 * reach only sockets on the escalating process"). Two apps in this test process, each with its own
 * HTTP and socket.io server, as two processes would have.
 */
describe('several processes with Redis: socket.io events reach every process', () => {
  let db: TestDatabase;
  const apps: INestApplication[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    for (const app of apps.splice(0)) await app.close();
  });
  afterAll(async () => {
    await db.drop();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  const start = async (env: Record<string, string>) => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_PASSWORD, SEED_DEMO: 'true', ...db.env, ...env });
    const app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    apps.push(app);
    const address = app.getHttpServer().address() as { port: number };
    return { app, url: `http://127.0.0.1:${address.port}`, http: request(app.getHttpServer()) };
  };
  const tokenFor = async (http: ReturnType<typeof request>, jobNumber: string) =>
    (await http.post('/auth/login').send({ jobNumber, password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;
  const supervisorOn = async (url: string, token: string) => {
    const socket = io(`${url}/softphone`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const received: unknown[] = [];
    socket.on('work-order-notification', (n) => received.push(n));
    await new Promise<void>((resolve, reject) => {
      socket.once('wallboard', () => resolve());
      socket.once('connect_error', reject);
    });
    return received;
  };
  const majorComplaint = (http: ReturnType<typeof request>, token: string) =>
    http
      .post('/work-orders')
      .set('Authorization', `Bearer ${token}`)
      .send({
        channel: 'consumer_association',
        type: 'complaint',
        category: 'product_quality',
        terminal: 'store',
        unitCode: 'S001',
        customerPhone: '13800138000',
        description: '消协转来的投诉',
      })
      .expect(201);

  it('a major complaint filed on one process reaches a supervisor connected to the other; /health says Redis is up', async () => {
    const env = { REDIS_URL, REDIS_KEY_PREFIX: PREFIX };
    const a = await start(env);
    const b = await start(env);
    const onB = await supervisorOn(b.url, await tokenFor(b.http, '2001'));
    const onA = await supervisorOn(a.url, await tokenFor(a.http, '2001'));
    await majorComplaint(a.http, await tokenFor(a.http, '1003'));
    await until('the notification on both processes', () => onA.length === 1 && onB.length === 1);
    expect(onB[0]).toMatchObject({ type: 'major-complaint', channel: 'consumer_association' });
    for (const p of [a, b]) expect((await p.http.get('/health').expect(200)).body).toMatchObject({ status: 'ok', redis: 'up' });
  });

  it('without REDIS_URL each process reaches only its own sockets (one process, no Redis)', async () => {
    const a = await start({});
    const b = await start({});
    const onB = await supervisorOn(b.url, await tokenFor(b.http, '2001'));
    const onA = await supervisorOn(a.url, await tokenFor(a.http, '2001'));
    await majorComplaint(a.http, await tokenFor(a.http, '1003'));
    await until('the notification on its own process', () => onA.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(onB).toEqual([]);
    expect((await b.http.get('/health').expect(200)).body).toMatchObject({ redis: 'off' });
  });

  it('with Redis down the server still starts and serves; /health says so, and readiness holds', async () => {
    const a = await start({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_KEY_PREFIX: PREFIX });
    const health = (await a.http.get('/health').expect(200)).body;
    expect(health).toMatchObject({ status: 'ok', database: 'up', redis: 'down' });
    await majorComplaint(a.http, await tokenFor(a.http, '1003'));
  });
});
