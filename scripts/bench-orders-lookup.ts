/**
 * npm run bench:orders-lookup — the order system's read model at scale on MySQL/MariaDB. Seeds
 * 2 000 000 sales orders with 5 000 000 order lines and 2 000 000 deliveries (1 000 000 customers'
 * phones, two orders each on average) with 20 000-order INSERTs, the secondary indexes built after the load, starts the real application on that
 * database and measures over HTTP (node:http, kept-alive):
 *   - the lookup by phone (GET /orders?q=<phone>: the newest ten orders with lines and bookings, the screen pop's read),
 *   - the lookup by order number (GET /orders/<number>),
 *   - the bulk import (POST /orders/import, 10 000-row requests of new orders' lines and bookings, and stock): rows per second.
 * Targets: lookups p95 < 30 ms; import ≥ 20 000 rows/s.
 *   --lines N (5 000 000)  --samples N (500 per lookup)  --concurrency N (4)  --imports N (10 requests)  --reuse  --json
 * DATABASE_URL (default mariadb://root@127.0.0.1:3306/hotline_orders_bench).
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { type Connection, createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { createApp } from '../src/app';
import { arg } from './bench-args';
import { jsonClient, JsonText } from './bench-http';

const LINES = arg('lines', 5_000_000);
const ORDERS = Math.round(LINES / 2.5);
const DELIVERIES = ORDERS;
const PHONES = Math.max(1, Math.round(ORDERS / 2));
const SAMPLES = arg('samples', 500);
const CONCURRENCY = arg('concurrency', 4);
const IMPORTS = arg('imports', 10);
const IMPORT_ROWS = 10_000;
const REUSE = process.argv.includes('--reuse');
const DATABASE_URL = process.env.DATABASE_URL || 'mariadb://root@127.0.0.1:3306/hotline_orders_bench';
const PASSWORD = 'bench-password';
const BATCH = 20_000; // orders a statement (50 000 lines: ~4 MB, under the 16 MB max_allowed_packet)

const phoneOf = (n: number) => `+86139${String(n).padStart(8, '0')}`;
const numberOf = (n: number) => `SO${String(n).padStart(9, '0')}`;
const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** A small deterministic generator, so two runs seed the same site. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20261206);

/** This process's CPU (the application and the load generator: one process) per request since `since`, in ms. */
function cpuPerRequest(since: NodeJS.CpuUsage, requests: number): number {
  const used = process.cpuUsage(since);
  return +((used.user + used.system) / 1000 / requests).toFixed(2);
}

/**
 * The database server's CPU so far (user + system, in seconds) when it runs on this machine (its pid file readable,
 * /proc): the import's rows per CPU second of MariaDB, beside the application's. Null elsewhere.
 */
async function serverCpuSeconds(dataSource: DataSource): Promise<number | null> {
  try {
    const [{ file }] = await dataSource.query<{ file: string }[]>('SELECT @@pid_file AS file');
    const pid = readFileSync(file, 'utf8').trim();
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function prepare(): Promise<boolean> {
  const url = new URL(DATABASE_URL.replace(/^mariadb:/, 'mysql:'));
  const name = url.pathname.slice(1);
  const admin = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  try {
    if (REUSE) {
      const [rows] = await admin.query(`SELECT COUNT(*) AS c FROM information_schema.tables WHERE table_schema = ? AND table_name = 'sales_order_line'`, [
        name,
      ]);
      if (Number((rows as { c: number }[])[0].c) > 0) return true;
    }
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    return false;
  } finally {
    await admin.end();
  }
}

/** A secondary index as the entities declare it (dropped for the bulk load, built again after it in one sort). */
interface IndexSpec {
  table: string;
  name: string;
  columns: string[];
  unique: boolean;
}

function secondaryIndexes(dataSource: DataSource): IndexSpec[] {
  return ['sales_order', 'sales_order_line', 'delivery_booking'].flatMap((table) =>
    dataSource.getMetadata(table).indices.map((i) => ({ table, name: i.name, columns: i.columns.map((c) => c.databaseName), unique: i.isUnique })),
  );
}

/** Builds the indexes the entities declare and the table lacks (an interrupted seeding left them dropped): one ALTER a table. */
async function restoreIndexes(conn: Connection, specs: IndexSpec[]): Promise<void> {
  for (const table of new Set(specs.map((s) => s.table))) {
    const [present] = (await conn.query(
      'SELECT DISTINCT index_name AS name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ?',
      [table],
    )) as unknown as [{ name: string }[]];
    const missing = specs.filter((s) => s.table === table && !present.some((p) => p.name === s.name));
    if (missing.length)
      await conn.query(
        `ALTER TABLE \`${table}\` ${missing.map((m) => `ADD ${m.unique ? 'UNIQUE ' : ''}INDEX \`${m.name}\` (${m.columns.map((c) => `\`${c}\``).join(', ')})`).join(', ')}`,
      );
  }
}

/**
 * Seeds orders, lines and deliveries in id order (the primary keys append) with 20 000-order INSERTs (50 000 lines a
 * statement), the next batch built while MariaDB writes the last; the secondary indexes are dropped for the load and built
 * after it (a sort each instead of 9 M random inserts into them). Returns the counts.
 */
async function seed(dataSource: DataSource): Promise<{ orders: number; lines: number; deliveries: number; seconds: number }> {
  const conn = await createConnection({ uri: DATABASE_URL.replace(/^mariadb:/, 'mysql:'), timezone: 'Z', charset: 'utf8mb4_unicode_ci' });
  const indexes = secondaryIndexes(dataSource);
  try {
    const [[count]] = (await conn.query('SELECT COUNT(*) AS c FROM sales_order_line')) as unknown as [{ c: number }[]];
    if (Number(count.c) >= LINES) {
      await restoreIndexes(conn, indexes);
      const [[o]] = (await conn.query('SELECT COUNT(*) AS c FROM sales_order')) as unknown as [{ c: number }[]];
      const [[d]] = (await conn.query('SELECT COUNT(*) AS c FROM delivery_booking')) as unknown as [{ c: number }[]];
      return { orders: Number(o.c), lines: Number(count.c), deliveries: Number(d.c), seconds: 0 };
    }
    const [units] = (await conn.query('SELECT id, terminal FROM terminal_unit')) as unknown as [{ id: number; terminal: string }[]];
    const stores = units.filter((u) => u.terminal === 'store').map((u) => u.id);
    const centres = units.filter((u) => u.terminal === 'logistics' || u.terminal === 'dispatch').map((u) => u.id);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const started = performance.now();
    await conn.query('SET unique_checks = 0, foreign_key_checks = 0');
    for (const table of new Set(indexes.map((i) => i.table)))
      await conn.query(
        `ALTER TABLE \`${table}\` ${indexes
          .filter((i) => i.table === table)
          .map((i) => `DROP INDEX \`${i.name}\``)
          .join(', ')}`,
      );
    const year = Date.now() - 365 * 86_400_000;
    let lineCount = 0;
    let writing: Promise<unknown> = Promise.resolve();
    for (let first = 1; first <= ORDERS; first += BATCH) {
      const orders: unknown[][] = [];
      const lines: unknown[][] = [];
      const deliveries: unknown[][] = [];
      for (let id = first; id < Math.min(first + BATCH, ORDERS + 1); id++) {
        const soldAt = year + Math.floor(((id - 1) / ORDERS) * 360 * 86_400_000);
        orders.push([id, numberOf(id), phoneOf(1 + Math.floor(random() * PHONES)), null, pick(stores), sqlTime(soldAt), 1, sqlTime(soldAt)]);
        // 2 or 3 lines, 2.5 on average: the product and its installation, and sometimes an accessory.
        const n = Math.min(LINES - lineCount, id % 2 === 0 ? 3 : 2);
        for (let no = 1; no <= n; no++) {
          const product = Math.floor(random() * 20_000);
          lines.push([id, no, `P${product}`, `商品 ${product}`, `M-${product % 997}`, 1, 10_000 + product * 13]);
        }
        lineCount += n;
        const day = new Date(soldAt + 2 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
        deliveries.push([
          `B${String(id).padStart(9, '0')}`,
          id,
          'delivery',
          pick(centres),
          day,
          '09:00-12:00',
          'delivered',
          null,
          `北京市朝阳区 ${id} 号`,
          1,
          sqlTime(soldAt),
        ]);
      }
      await writing; // one batch in flight while the next is built
      writing = Promise.all([
        conn.query('INSERT INTO sales_order (id, number, customerPhone, customerName, storeUnitId, soldAt, omsVersion, updatedAt) VALUES ?', [orders]),
        lines.length && conn.query('INSERT INTO sales_order_line (orderId, lineNo, productCode, productName, model, quantity, unitPriceFen) VALUES ?', [lines]),
        conn.query(
          'INSERT INTO delivery_booking (reference, orderId, kind, centreUnitId, day, timeWindow, status, installer, address, version, updatedAt) VALUES ?',
          [deliveries],
        ),
      ]);
      if ((first - 1) % 200_000 === 0)
        console.log(
          `  seeded ${(first - 1).toLocaleString('en')} orders, ${lineCount.toLocaleString('en')} lines (${((performance.now() - started) / 1000).toFixed(0)} s)`,
        );
    }
    await writing;
    console.log(`  loaded in ${((performance.now() - started) / 1000).toFixed(0)} s; building the indexes`);
    await conn.query('SET unique_checks = 1, foreign_key_checks = 1');
    await restoreIndexes(conn, indexes);
    await conn.query('ANALYZE TABLE sales_order, sales_order_line, delivery_booking');
    return { orders: ORDERS, lines: lineCount, deliveries: DELIVERIES, seconds: (performance.now() - started) / 1000 };
  } finally {
    await conn.end();
  }
}

async function measure(name: string, paths: string[], call: (path: string) => Promise<unknown>, judged = true) {
  for (const path of paths.slice(0, 50)) await call(path); // warm-up, not counted
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < paths.length) {
        const path = paths[next++];
        const t0 = performance.now();
        await call(path);
        times.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = cpuPerRequest(cpu, times.length);
  times.sort((a, b) => a - b);
  const row = {
    cpuMs,
    name,
    n: times.length,
    p50: +percentile(times, 50).toFixed(2),
    p95: +percentile(times, 95).toFixed(2),
    max: +times[times.length - 1].toFixed(1),
    perSecond: Math.round(times.length / seconds),
  };
  console.log(
    `${name.padEnd(28)} n=${String(row.n).padEnd(5)} c=${CONCURRENCY}  p50 ${String(row.p50).padStart(6)} ms   p95 ${String(row.p95).padStart(6)} ms   max ${String(row.max).padStart(7)} ms   ${row.perSecond}/s   CPU ${cpuMs} ms/request   ${judged ? `${row.p95 < 30 ? 'PASS' : 'FAIL'} (p95 < 30 ms)` : ''}`,
  );
  return { ...row, pass: !judged || row.p95 < 30 };
}

async function main() {
  const reused = await prepare();
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL,
    DEMO_PASSWORD: PASSWORD,
    SEED_DEMO: 'true',
    SLA_SCAN_INTERVAL_SECONDS: '0',
    CAPACITY_CHECK_INTERVAL_SECONDS: '0',
    QUALITY_REPORT_INTERVAL_SECONDS: '0',
  });
  const app: INestApplication = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
  console.log(`${reused ? 'reusing' : 'seeding'} ${DATABASE_URL}`);
  const seeded = await seed(app.get(DataSource));
  if (seeded.seconds)
    console.log(
      `seeded in ${seeded.seconds.toFixed(0)} s (${Math.round((seeded.orders + seeded.lines + seeded.deliveries) / seeded.seconds).toLocaleString('en')} rows/s)`,
    );
  console.log(
    `\n${seeded.orders.toLocaleString('en')} orders, ${seeded.lines.toLocaleString('en')} order lines, ${seeded.deliveries.toLocaleString('en')} deliveries; ${base}\n`,
  );

  const http = jsonClient(base, CONCURRENCY);
  const login = async (jobNumber: string) =>
    (await http.call<{ accessToken: string }>(null, 'POST', '/auth/login', { jobNumber, password: PASSWORD })).accessToken;
  const [agent, supervisor] = [await login('1001'), await login('2001')];
  const results = [];
  // The framework's share: a signed-in GET that reads nothing but the token (guard, pipes, logging, JSON).
  results.push(
    await measure(
      'baseline (GET /auth/me)',
      Array.from({ length: SAMPLES }, () => '/auth/me'),
      (p) => http.call(agent, 'GET', p),
      false,
    ),
  );
  const phones = Array.from({ length: SAMPLES }, () => phoneOf(1 + Math.floor(random() * PHONES)));
  results.push(await measure('by phone (GET /orders?q=)', phones, (p) => http.call(agent, 'GET', `/orders?q=${encodeURIComponent(p)}`)));
  const numbers = Array.from({ length: SAMPLES }, () => numberOf(1 + Math.floor(random() * ORDERS))); // the seeded ones, not earlier runs' imports
  results.push(await measure('by order number', numbers, (n) => http.call(agent, 'GET', `/orders/${n}`)));

  // The import: new orders (numbers past the seeded ones), two lines and a delivery each, and stock.
  let nextOrder = seeded.orders + 1_000_000 + Math.floor(random() * 1_000_000) * 100;
  const body = () => {
    const lines = [];
    const bookings = [];
    const stock = [];
    while (lines.length + bookings.length + stock.length < IMPORT_ROWS - 4) {
      const number = numberOf(nextOrder++);
      const header = {
        order: number,
        phone: `139${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
        store: 'S001',
        soldAt: '2026-12-06T10:00:00+08:00',
        version: 1,
      };
      lines.push({ ...header, lineNo: 1, productCode: 'P100', productName: '海尔冰箱 BCD-470', model: 'BCD-470WDPG', quantity: 1, unitPriceFen: 459900 });
      lines.push({ ...header, lineNo: 2, productCode: 'P101', productName: '安装服务', quantity: 1, unitPriceFen: 0 });
      bookings.push({
        reference: `B${number}`,
        order: number,
        version: 1,
        kind: 'delivery',
        centre: 'L001',
        day: '2026-12-08',
        timeWindow: '09:00-12:00',
        status: 'booked',
        address: '北京市朝阳区建国路 88 号',
      });
      if (stock.length < 1000) stock.push({ product: `P${nextOrder % 20_000}`, productName: '商品', unit: 'S002', quantity: 5 });
    }
    return { lines, bookings, stock };
  };
  const bodies = Array.from({ length: IMPORTS + 1 }, () => new JsonText(JSON.stringify(body())));
  await http.call(supervisor, 'POST', '/orders/import', bodies.pop()); // warm-up
  let rows = 0;
  const times: number[] = [];
  const started = performance.now();
  const cpu = process.cpuUsage();
  const serverCpu = await serverCpuSeconds(app.get(DataSource));
  for (const b of bodies) {
    const t0 = performance.now();
    const answer = await http.call<{ imported: number }>(supervisor, 'POST', '/orders/import', b);
    times.push(performance.now() - t0);
    rows += answer.imported;
  }
  const perSecond = Math.round(rows / ((performance.now() - started) / 1000));
  const used = process.cpuUsage(cpu);
  const cpuRowsPerSecond = Math.round(rows / ((used.user + used.system) / 1e6));
  const serverCpuAfter = await serverCpuSeconds(app.get(DataSource));
  const serverRowsPerSecond = serverCpu !== null && serverCpuAfter !== null ? Math.round(rows / Math.max(0.01, serverCpuAfter - serverCpu)) : null;
  times.sort((a, b) => a - b);
  console.log(
    `${'bulk import (POST /orders/import)'.padEnd(28)} ${IMPORTS} × ${IMPORT_ROWS.toLocaleString('en')} rows  p50 ${percentile(times, 50).toFixed(0)} ms a request   ${perSecond.toLocaleString('en')} rows/s (${cpuRowsPerSecond.toLocaleString('en')} rows per CPU second of the application, ${serverRowsPerSecond?.toLocaleString('en') ?? '?'} of MariaDB's)   ${perSecond >= 20_000 ? 'PASS' : 'FAIL'} (≥ 20 000 rows/s)`,
  );
  results.push({ name: 'bulk import', rows, perSecond, cpuRowsPerSecond, serverRowsPerSecond, pass: perSecond >= 20_000 });
  const [load1] = (await import('node:os')).loadavg();
  console.log(`\nload average at the end: ${load1.toFixed(1)} (${(await import('node:os')).cpus().length} CPUs)`);
  for (const [label, sql] of [
    // The three statements of a lookup by phone, sent at once (OrdersLookupService.read).
    ['orders', `SELECT * FROM sales_order WHERE customerPhone = '${phones[0]}' ORDER BY soldAt DESC, id DESC LIMIT 10`],
    [
      'lines',
      `SELECT l.* FROM sales_order_line l JOIN (SELECT id FROM sales_order WHERE customerPhone = '${phones[0]}' ORDER BY soldAt DESC, id DESC LIMIT 10) o ON o.id = l.orderId ORDER BY l.orderId, l.lineNo`,
    ],
    [
      'bookings',
      `SELECT b.* FROM delivery_booking b JOIN (SELECT id FROM sales_order WHERE customerPhone = '${phones[0]}' ORDER BY soldAt DESC, id DESC LIMIT 10) o ON o.id = b.orderId ORDER BY b.day, b.id`,
    ],
  ] as const) {
    const plan = await app.get(DataSource).query<{ table: string; key: string | null; rows: number; Extra: string | null }[]>(`EXPLAIN ${sql}`);
    console.log(`EXPLAIN ${label}: ${plan.map((p) => `${p.table} key=${p.key} rows=${p.rows} ${p.Extra ?? ''}`).join(' | ')}`);
  }
  if (process.argv.includes('--json')) console.log(JSON.stringify({ seeded, results }));
  http.close();
  await app.close();
  if (results.some((r) => !r.pass)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
