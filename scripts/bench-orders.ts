/**
 * npm run bench:orders — work orders at scale on MySQL/MariaDB. Seeds N work orders (each with a
 * linked call and a remark; customers with 1–2 phones and ~5 orders each) with multi-row INSERTs,
 * starts the real application on that database, and measures over HTTP the p50/p95 latency of:
 * create, get by number, list by status + terminal, customer history by phone, and the overdue
 * scan (the overdue list and the scheduler's due-batch query), plus create throughput.
 *   --orders N           work orders to seed (default 1 000 000)
 *   --samples N          requests per read measurement (default 1 000)
 *   --creates N          orders created in the create measurement (default 3 000)
 *   --concurrency N      requests in flight for creates (default 16)
 *   --warmup N           creations before the measured ones, not counted (default 300)
 *   --max-seed-seconds S stop seeding after S seconds and measure what is there (default 900)
 *   --reuse              keep an already-seeded database (same --orders) instead of re-seeding
 * DATABASE_URL (default mariadb://root@127.0.0.1:3306/hotline_bench) names the database; it is
 * dropped and recreated unless --reuse. The application runs in a child process, so the load (this
 * process's HTTP client) does not share its event loop; the scheduler's scan is measured there.
 */
import type { INestApplication } from '@nestjs/common';
import { createConnection } from 'mysql2/promise';
import { ChildProcess, fork } from 'node:child_process';
import type { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { createApp } from '../src/app';
import { WorkOrder } from '../src/work-orders/work-order.entity';
import { jsonClient } from './bench-http';
import { callSidOf, CATEGORIES, ensureSeeded, OPEN, phoneOf, pick, prepareBenchDatabase, random, TERMINALS } from './work-order-seed';
import { arg } from './bench-args';

const ORDERS = arg('orders', 1_000_000);
const SAMPLES = arg('samples', 1000);
const CREATES = arg('creates', 3000);
const CONCURRENCY = arg('concurrency', 16);
const WARMUP_CREATES = arg('warmup', 300);
const MAX_SEED_SECONDS = arg('max-seed-seconds', 900);
const REUSE = process.argv.includes('--reuse');
const DATABASE_URL = process.env.DATABASE_URL || 'mariadb://root@127.0.0.1:3306/hotline_bench';
const PASSWORD = 'bench-password';
const SERVER_FLAG = '--bench-orders-server';

type Row = Awaited<ReturnType<typeof measure>>;
type FromServer = { type: 'listening'; port: number } | { type: 'scan'; row: Row } | { type: 'cpu'; usage: NodeJS.CpuUsage };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(name: string, n: number, concurrency: number, op: (i: number) => Promise<void>, print = true) {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const t0 = performance.now();
        await op(i);
        times.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const row = {
    name,
    n,
    concurrency,
    p50: +percentile(times, 50).toFixed(2),
    p95: +percentile(times, 95).toFixed(2),
    max: +times[times.length - 1].toFixed(2),
    perSecond: Math.round(n / elapsed),
  };
  if (print) printRow(row);
  return row;
}

function printRow(row: { name: string; n: number; concurrency: number; p50: number; p95: number; max: number; perSecond: number }) {
  console.log(
    `${row.name.padEnd(34)} n=${String(row.n).padEnd(6)} c=${String(row.concurrency).padEnd(3)} p50 ${String(row.p50).padStart(7)} ms   p95 ${String(row.p95).padStart(7)} ms   max ${String(row.max).padStart(8)} ms   ${row.perSecond}/s`,
  );
}

/** The application (child process): listens, measures the scheduler's scan on request, closes when told. */
async function serverMain() {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL,
    DEMO_PASSWORD: PASSWORD,
    SEED_DEMO: 'true',
    SLA_SCAN_INTERVAL_SECONDS: '0',
  });
  const app: INestApplication = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const source = app.get(DataSource);
  const send = (m: FromServer) => process.send!(m);
  const onMessage = async (m: { type: 'scan'; n: number } | { type: 'cpu' } | { type: 'close' }) => {
    if (m.type === 'cpu') {
      send({ type: 'cpu', usage: process.cpuUsage() });
    } else if (m.type === 'scan') {
      send({
        type: 'scan',
        row: await measure(
          'overdue scan: due-batch query',
          m.n,
          1,
          async () => {
            await source
              .getRepository(WorkOrder)
              .createQueryBuilder('o')
              .select(['o.id', 'o.number', 'o.channel', 'o.status'])
              .where('o.escalateAt IS NOT NULL AND o.escalateAt <= :now', { now: new Date() })
              .orderBy('o.escalateAt', 'ASC')
              .limit(200)
              .getMany();
          },
          false,
        ),
      });
    } else {
      await app.close();
      process.exit(0);
    }
  };
  process.on('message', (m: { type: 'scan'; n: number } | { type: 'cpu' } | { type: 'close' }) => void onMessage(m));
  send({ type: 'listening', port: ((app.getHttpServer() as Server).address() as AddressInfo).port });
}

function nextMessage<T extends FromServer['type']>(child: ChildProcess, type: T): Promise<Extract<FromServer, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromServer) => {
      if (m.type !== type) return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve(m as Extract<FromServer, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`the application's process exited (${code}) while waiting for ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function main() {
  const reuse = await prepareBenchDatabase(DATABASE_URL, REUSE);
  const server = fork(__filename, [...process.argv.slice(2), SERVER_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const base = `http://127.0.0.1:${(await nextMessage(server, 'listening')).port}`; // migrated, demo site seeded
  const db = await createConnection({ uri: DATABASE_URL.replace(/^mariadb:/, 'mysql:'), timezone: 'Z' });
  try {
    const seeded = await ensureSeeded(DATABASE_URL, ORDERS, MAX_SEED_SECONDS, reuse);

    const http = jsonClient(base, Math.max(CONCURRENCY, 4));
    const login = async (jobNumber: string) =>
      (await http.call<{ accessToken: string }>(null, 'POST', '/auth/login', { jobNumber, password: PASSWORD })).accessToken;
    const agent = await login('1001');
    const supervisor = await login('2001');
    const get = (token: string, path: string) => http.call(token, 'GET', path);

    const customers = Math.max(1, Math.round(seeded / 5));
    const [sampled] = await db.query(
      `SELECT number FROM work_order WHERE id IN (${Array.from({ length: SAMPLES }, () => 1 + Math.floor(random() * seeded)).join(',')})`,
    );
    const numbers = (sampled as Array<{ number: string }>).map((r) => r.number);
    console.log(`\nwork orders: ${seeded.toLocaleString('en')} seeded; measuring over HTTP at ${base} (the application in its own process)\n`);
    const results: Row[] = [];
    // Warm up the connection pools and the JIT on both paths measured: reads, and creations (not counted).
    for (let i = 0; i < 50; i++) await get(supervisor, `/work-orders/${numbers[i % numbers.length]}`);
    const create = (i: number) => {
      const c = 1 + Math.floor(random() * customers);
      return http.call(agent, 'POST', '/work-orders', {
        channel: 'hotline',
        type: 'complaint',
        category: pick(CATEGORIES),
        terminal: pick(TERMINALS),
        customerPhone: phoneOf(c),
        description: `bench ${i} 冰箱不制冷`,
        callSid: callSidOf(10_000_000 + i),
      });
    };
    await measure('(warm-up: creations)', WARMUP_CREATES, CONCURRENCY, async (i) => void (await create(CREATES + i)), false);

    const serverCpu = async () => {
      const answer = nextMessage(server, 'cpu');
      server.send({ type: 'cpu' });
      return (await answer).usage;
    };
    const [server0, client0] = [await serverCpu(), process.cpuUsage()];
    results.push(await measure('create (from a call)', CREATES, CONCURRENCY, async (i) => void (await create(i))));
    const [server1, client1] = [await serverCpu(), process.cpuUsage(client0)];
    const perCreate = (us: number) => (us / 1000 / CREATES).toFixed(2);
    console.log(
      `  CPU per creation: application ${perCreate(server1.user + server1.system - server0.user - server0.system)} ms, load generator ${perCreate(client1.user + client1.system)} ms`,
    );
    results.push(
      await measure('get by number', SAMPLES, 4, async (i) => {
        await get(supervisor, `/work-orders/${numbers[i % numbers.length]}`);
      }),
    );
    results.push(
      await measure('list by status + terminal', SAMPLES, 4, async () => {
        await get(supervisor, `/work-orders?status=${pick(OPEN)}&terminal=${pick(TERMINALS)}&limit=20`);
      }),
    );
    results.push(
      await measure('list status+terminal, 2 pages', SAMPLES, 4, async () => {
        const first = (await get(supervisor, `/work-orders?status=closed&terminal=${pick(TERMINALS)}&limit=20`)) as { nextCursor: string };
        await get(supervisor, `/work-orders?status=closed&terminal=${pick(TERMINALS)}&limit=20&cursor=${first.nextCursor}`);
      }),
    );
    results.push(
      await measure('customer history by phone', SAMPLES, 4, async () => {
        await get(agent, `/customers/by-phone/${encodeURIComponent(phoneOf(1 + Math.floor(random() * customers)))}`);
      }),
    );
    results.push(
      await measure('overdue list (GET ?overdue=true)', SAMPLES, 4, async () => {
        await get(supervisor, '/work-orders?overdue=true&limit=20');
      }),
    );
    const scanned = nextMessage(server, 'scan');
    server.send({ type: 'scan', n: SAMPLES });
    const { row: scan } = await scanned;
    printRow(scan);
    results.push(scan);
    const [plan] = (await db.query(
      `EXPLAIN SELECT id FROM work_order WHERE status = 'in_progress' AND terminal = 'store' ORDER BY id DESC LIMIT 21`,
    )) as unknown as [Array<{ key: string; rows: number; Extra: string }>];
    console.log(`\nEXPLAIN list by status+terminal: key=${plan[0].key} rows=${plan[0].rows} extra=${plan[0].Extra}`);
    if (process.argv.includes('--json')) console.log(JSON.stringify({ seeded, results }));
    http.close();
  } finally {
    await db.end();
    server.send({ type: 'close' });
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

(process.argv.includes(SERVER_FLAG) ? serverMain() : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
