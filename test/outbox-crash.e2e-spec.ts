import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { eventually, OrderSystemReceiver } from './support/order-system-receiver';
import { PERIODIC_JOBS_OFF, startServerProcess, ServerProcess } from './support/server-process-harness';
import { DEMO_PASSWORD } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

const SECRET = 'order-system-crash-secret';
const SALES = 6;

/**
 * kill -9 between a change and its delivery, on the engine under test: the real server in its own
 * process sells 阳光包 contracts while the order system hangs (each change is claimed and its POST
 * in flight), is killed with SIGKILL and started again on the same database. Every acknowledged sale
 * reaches the order system after the restart (once the dead process's lease runs out), each key
 * applied once, and no change is sent that the database does not hold.
 */
describe('outbox: kill -9 between the change and its delivery (e2e, the server in its own process)', () => {
  let db: TestDatabase;
  let server: ServerProcess | undefined;
  let receiver: OrderSystemReceiver;
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = new OrderSystemReceiver(SECRET);
    url = await receiver.listen();
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
    await db?.drop();
  });

  const env = () => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DEMO_PASSWORD,
    SEED_DEMO: 'true',
    ...PERIODIC_JOBS_OFF,
    ORDER_SYSTEM_WEBHOOK_URL: url,
    ORDER_SYSTEM_WEBHOOK_SECRET: SECRET,
    ORDER_SYSTEM_WEBHOOK_TIMEOUT_MS: '60000',
    OUTBOX_INTERVAL_SECONDS: '1',
    OUTBOX_LEASE_SECONDS: '3',
    OUTBOX_RETRY_BASE_MS: '100',
    OUTBOX_RETRY_MAX_MS: '500',
    ...db.env,
  });

  const call = async (method: string, path: string, token: string | null, body?: unknown) => {
    const res = await fetch(`${server!.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const contractNumbers = async (): Promise<string[]> => {
    const sql = "SELECT number FROM warranty_contract WHERE orderNumber LIKE 'SO-CRASH-%'";
    if (db.engine === 'mysql') {
      const conn = await createConnection({ uri: db.env.DATABASE_URL.replace(/^mariadb:/, 'mysql:') });
      try {
        return ((await conn.query(sql))[0] as Array<{ number: string }>).map((r) => r.number);
      } finally {
        await conn.end();
      }
    }
    const file = await new DataSource({ type: 'better-sqlite3', database: db.env.SQLITE_PATH, readonly: true }).initialize();
    try {
      return (await file.query<Array<{ number: string }>>(sql)).map((r) => r.number);
    } finally {
      await file.destroy();
    }
  };

  it('delivers every acknowledged change after the restart, each key once', async () => {
    receiver.hang = true;
    server = await startServerProcess(env());
    const token = (await call('POST', '/auth/login', null, { jobNumber: '1001', password: DEMO_PASSWORD })).body.accessToken as string;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const acknowledged: string[] = [];
    for (let i = 1; i <= SALES; i++) {
      const res = await call('POST', '/warranty/contracts', token, {
        planCode: 'YG-KT-3Y',
        orderNumber: `SO-CRASH-${i}`,
        lineNo: 1,
        productCode: 'KT-GREE-35',
        productName: '格力 1.5匹 空调',
        productPriceFen: 329_900,
        purchasedOn: today,
        customerPhone: '13800138001',
      });
      expect(res.status).toBe(201);
      acknowledged.push(res.body.number as string);
    }
    // Every sale's change is claimed and its POST hangs at the order system: then the process dies.
    await eventually(() => receiver.hung.length >= SALES, 10_000, 'the deliveries in flight');
    await server.kill9();
    expect(receiver.applied).toEqual([]);

    receiver.hang = false;
    server = await startServerProcess(env());
    const keys = acknowledged.map((n) => `warranty-sold-${n}`);
    await eventually(() => keys.every((k) => receiver.applied.some((c) => c.idempotencyKey === k)), 20_000, 'the deliveries after the restart');
    for (const key of keys) expect(receiver.applied.filter((c) => c.idempotencyKey === key)).toHaveLength(1);
    // Nothing sent that the database does not hold.
    const held = new Set((await contractNumbers()).map((n) => `warranty-sold-${n}`));
    expect(receiver.ofTopic('warranty.contract.sold').filter((c) => !held.has(c.idempotencyKey))).toEqual([]);
    expect(receiver.badSignatures).toBe(0);
  }, 90_000);
});
