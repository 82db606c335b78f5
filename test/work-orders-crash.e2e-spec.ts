import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { PERIODIC_JOBS_OFF, startServerProcess, ServerProcess } from './support/server-process-harness';
import { DEMO_PASSWORD } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

/**
 * kill -9 mid-burst, on the engine under test: the real server in its own process takes a burst of
 * work-order creations (group commits in flight), is killed with SIGKILL — no shutdown hook, no flush —
 * and started again on the same database. Every creation that was acknowledged (201) must be there
 * with its number, and nothing may be half-written: each order has its audit entry and its call link,
 * and each day's numbers run 1…n without a gap, n being the day's counter (a killed transaction takes
 * its counter bump back with it).
 */
const BURST_CLIENTS = 16;
/** Kill once this many creations are acknowledged: the burst is in full swing by then. */
const KILL_AFTER_ACKNOWLEDGED = 120;

const callSidOf = (i: number) => `CA${i.toString(16).padStart(32, '0')}`;

interface Row {
  id: number;
  number: string;
  description: string;
  audits: number;
  calls: number;
}

describe('work orders: kill -9 mid-burst and restart on the same database (e2e, the server in its own process)', () => {
  let db: TestDatabase;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  const env = () => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DEMO_PASSWORD,
    SEED_DEMO: 'true',
    ...PERIODIC_JOBS_OFF,
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
  const signIn = async (jobNumber: string) => (await call('POST', '/auth/login', null, { jobNumber, password: DEMO_PASSWORD })).body.accessToken as string;
  const creation = (i: number) => ({
    channel: 'hotline',
    type: 'complaint',
    category: 'late_delivery',
    terminal: 'logistics',
    customerPhone: `1370000${String(i % 10_000).padStart(4, '0')}`,
    description: `crash burst ${i}`,
    callSid: callSidOf(i),
  });

  /** Every work order with how many audit entries and call links it has, straight from the database. */
  const readOrders = async (): Promise<{ orders: Row[]; counters: Map<string, number> }> => {
    const ordersSql = `SELECT o.id, o.number, o.description,
        (SELECT COUNT(*) FROM work_order_audit a WHERE a.workOrderId = o.id AND a.action = 'create') AS audits,
        (SELECT COUNT(*) FROM work_order_call c WHERE c.workOrderId = o.id) AS calls
      FROM work_order o ORDER BY o.number`;
    const countersSql = 'SELECT day, lastSequence FROM work_order_day_counter';
    let orders: Row[];
    let counters: Array<{ day: string; lastSequence: number }>;
    if (db.engine === 'mysql') {
      const conn = await createConnection({ uri: db.env.DATABASE_URL.replace(/^mariadb:/, 'mysql:') });
      try {
        orders = (await conn.query(ordersSql))[0] as Row[];
        counters = (await conn.query(countersSql))[0] as typeof counters;
      } finally {
        await conn.end();
      }
    } else {
      const file = await new DataSource({ type: 'better-sqlite3', database: db.env.SQLITE_PATH, readonly: true }).initialize();
      try {
        orders = await file.query(ordersSql);
        counters = await file.query(countersSql);
      } finally {
        await file.destroy();
      }
    }
    return {
      orders: orders.map((o) => ({ ...o, id: Number(o.id), audits: Number(o.audits), calls: Number(o.calls) })),
      counters: new Map(counters.map((c) => [String(c.day), Number(c.lastSequence)])),
    };
  };

  it('keeps every acknowledged creation with its number, and nothing half-written', async () => {
    server = await startServerProcess(env());
    const agent = await signIn('1001');

    const acknowledged = new Map<number, string>(); // creation → its number
    let next = 0;
    let killing: Promise<void> | undefined;
    let dead = false;
    let inFlight = 0;
    let inFlightAtKill = 0; // requests open when the process died: the kill landed mid-burst
    let lost = 0; // requests the kill cut off (or refused after it): their outcome is unknown to the client
    // The clients keep sending until the process is gone, so the kill cannot fall between requests.
    await Promise.all(
      Array.from({ length: BURST_CLIENTS }, async () => {
        while (!dead) {
          const i = ++next;
          inFlight++;
          try {
            const res = await call('POST', '/work-orders', agent, creation(i));
            if (res.status !== 201) throw new Error(`creation ${i} answered ${res.status}: ${JSON.stringify(res.body)}`);
            acknowledged.set(i, res.body.number as string);
            if (acknowledged.size >= KILL_AFTER_ACKNOWLEDGED && !killing) {
              killing = server!.kill9().then(() => {
                inFlightAtKill = inFlight;
                dead = true;
              });
            }
          } catch (error) {
            if (!killing) throw error;
            lost++;
          } finally {
            inFlight--;
          }
        }
      }),
    );
    await killing;
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKNOWLEDGED);
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(lost).toBeGreaterThan(0);

    server = await startServerProcess(env());
    const { orders, counters } = await readOrders();
    console.log(
      `kill -9 on ${db.engine}: ${acknowledged.size} acknowledged, ${inFlightAtKill} open at the kill, ${orders.length} in the database after restart`,
    );
    const byNumber = new Map(orders.map((o) => [o.number, o]));

    // Every acknowledged creation is there, under the number it was given.
    for (const [i, number] of acknowledged) {
      expect({ i, number, description: byNumber.get(number)?.description }).toEqual({ i, number, description: `crash burst ${i}` });
    }
    // Nothing half-written: every order has its create audit entry and its call link…
    expect(orders.filter((o) => o.audits !== 1 || o.calls !== 1)).toEqual([]);
    // …and each day's numbers run 1…n with n its counter: no number lost or taken twice.
    const sequences = new Map<string, number[]>();
    for (const o of orders) {
      const [, day, sequence] = /^WO(\d{8})-(\d+)$/.exec(o.number)!;
      sequences.set(day, [...(sequences.get(day) ?? []), Number(sequence)]);
    }
    for (const [day, numbers] of sequences) {
      expect({ day, numbers: numbers.sort((a, b) => a - b) }).toEqual({ day, numbers: Array.from({ length: counters.get(day)! }, (_, k) => k + 1) });
    }
    // At most the requests the kill cut off were committed without their answer.
    expect(orders.length - acknowledged.size).toBeLessThanOrEqual(inFlightAtKill);

    // The restarted server serves them, and goes on numbering after them.
    const again = await signIn('1001');
    const [someI, someNumber] = [...acknowledged][acknowledged.size - 1];
    const opened = await call('GET', `/work-orders/${someNumber}`, again);
    expect({ status: opened.status, description: opened.body.description }).toEqual({ status: 200, description: `crash burst ${someI}` });
    const after = await call('POST', '/work-orders', again, creation(next + 1));
    expect(after.status).toBe(201);
    const [, day, sequence] = /^WO(\d{8})-(\d+)$/.exec(after.body.number as string)!;
    expect(Number(sequence)).toBe((sequences.has(day) ? counters.get(day)! : 0) + 1);
  }, 90_000);
});
