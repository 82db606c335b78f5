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
 *   --max-seed-seconds S stop seeding after S seconds and measure what is there (default 900)
 *   --reuse              keep an already-seeded database (same --orders) instead of re-seeding
 * DATABASE_URL (default mariadb://root@127.0.0.1:3306/hotline_bench) names the database; it is
 * dropped and recreated unless --reuse.
 */
import type { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import { createConnection, Connection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { createApp } from '../src/app';
import { WorkOrder } from '../src/work-orders/work-order.entity';

function arg(name: string, d: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
}
const ORDERS = arg('orders', 1_000_000);
const SAMPLES = arg('samples', 1000);
const CREATES = arg('creates', 3000);
const CONCURRENCY = arg('concurrency', 16);
const MAX_SEED_SECONDS = arg('max-seed-seconds', 900);
const REUSE = process.argv.includes('--reuse');
const DATABASE_URL = process.env.DATABASE_URL || 'mariadb://root@127.0.0.1:3306/hotline_bench';
const PASSWORD = 'bench-password';
const BATCH = 5000;
const DAY = 86_400_000;
const OFFSET_MIN = 480;

/** Deterministic PRNG (mulberry32). */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20261122);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];

const TERMINALS = ['dispatch', 'logistics', 'store', 'after_sales', 'manufacturer', 'invoice', 'membership', 'warranty'] as const;
const CATEGORIES = ['late_delivery', 'damaged_goods', 'installation', 'logistics_after_sales', 'invoice', 'points', 'warranty', 'price_protection'];
const OPEN = ['new', 'assigned', 'in_progress', 'solution_proposed', 'escalated', 'reopened'] as const;
const phoneOf = (customer: number) => `+86139${String(customer).padStart(8, '0')}`;
const callSidOf = (order: number) => `CA${order.toString(16).padStart(32, '0')}`;

async function seed(conn: Connection, staffIds: number[], unitsByTerminal: Map<string, number[]>): Promise<number> {
  const started = Date.now();
  const customers = Math.max(1, Math.round(ORDERS / 5));
  await conn.query('SET unique_checks = 0, foreign_key_checks = 0');
  const now = Date.now();
  for (let from = 1; from <= customers; from += BATCH) {
    const rows = [];
    const phones = [];
    for (let c = from; c < Math.min(from + BATCH, customers + 1); c++) {
      const created = new Date(now - 400 * DAY + c);
      rows.push([c, `顾客${c}`, c % 7 === 0 ? `M${c}` : null, c % 50 === 0 ? 1 : 0, '[]', created, created]);
      phones.push([c, phoneOf(c), created]);
      if (c % 4 === 0) phones.push([c, phoneOf(customers + c), created]);
    }
    await conn.query('INSERT INTO customer (id, name, memberNumber, vip, addresses, createdAt, updatedAt) VALUES ?', [rows]);
    await conn.query('INSERT INTO customer_phone (customerId, phone, addedAt) VALUES ?', [phones]);
  }
  // Orders spread over the past 365 days in creation order, numbered per site-local day.
  const span = 365 * DAY;
  const counters = new Map<string, number>();
  let seeded = 0;
  for (let from = 1; from <= ORDERS; from += BATCH) {
    if ((Date.now() - started) / 1000 > MAX_SEED_SECONDS) {
      console.log(`seeding stopped at the time bound after ${seeded} orders`);
      break;
    }
    const orders = [];
    const calls = [];
    const remarks = [];
    const audits = [];
    for (let id = from; id < Math.min(from + BATCH, ORDERS + 1); id++) {
      const createdMs = now - span + Math.floor((id / ORDERS) * span);
      const created = new Date(createdMs);
      const day = new Date(createdMs + OFFSET_MIN * 60_000).toISOString().slice(0, 10).replace(/-/g, '');
      const seq = (counters.get(day) ?? 0) + 1;
      counters.set(day, seq);
      const terminal = pick(TERMINALS);
      const dueAt = new Date(createdMs + 72 * 3600_000);
      // Old orders are mostly closed; the last weeks hold the open ones; a few are overdue and not yet escalated.
      const age = (now - createdMs) / DAY;
      const open = age < 21 ? random() < 0.6 : random() < 0.01;
      const status = open ? pick(OPEN) : 'closed';
      const closedAt = open ? null : new Date(createdMs + Math.floor(random() * 60) * 3600_000);
      const escalateAt = open && status !== 'escalated' ? dueAt : null;
      const units = unitsByTerminal.get(terminal);
      const customer = 1 + Math.floor(random() * customers);
      const agent = pick(staffIds);
      orders.push([
        id, `WO${day}-${String(seq).padStart(6, '0')}`, pick(['hotline', 'hotline', 'hotline', 'web', 'store_walk_in']), pick(['complaint', 'inquiry', 'service_request']),
        pick(CATEGORIES), terminal, units && status !== 'new' ? pick(units) : null, customer, phoneOf(customer),
        `JD${id}`, '海尔冰箱 BCD-470', `第${id}号工单: 送货延误/安装问题 描述 ${id % 997}`, random() < 0.02 ? 'urgent' : 'normal', status, agent, agent,
        dueAt, escalateAt, status === 'escalated' ? dueAt : null, closedAt, created, closedAt ?? created, 1,
      ]);
      calls.push([id, callSidOf(id), created, agent]);
      remarks.push([id, pick([null, 'price_change', 'not_shipped', 'shipped', 'special_instruction', 'refundable']), '已联系顾客', agent, '1001', created]);
      audits.push([id, 'create', agent, '1001', created, null, JSON.stringify({ status: 'new' }), null]);
    }
    await conn.query(
      `INSERT INTO work_order (id, number, channel, type, category, terminal, unitId, customerId, customerPhone, externalOrderNumber, product, description,
        severity, status, createdById, agentId, dueAt, escalateAt, escalatedAt, closedAt, createdAt, updatedAt, version) VALUES ?`,
      [orders],
    );
    await conn.query('INSERT INTO work_order_call (workOrderId, callSid, linkedAt, linkedById) VALUES ?', [calls]);
    await conn.query('INSERT INTO work_order_remark (workOrderId, flag, reason, authorId, authorJobNumber, createdAt) VALUES ?', [remarks]);
    await conn.query('INSERT INTO work_order_audit (workOrderId, action, actorId, actorJobNumber, at, `before`, `after`, note) VALUES ?', [audits]);
    seeded += orders.length;
    if (seeded % 100_000 === 0) console.log(`  seeded ${seeded} orders (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  await conn.query('INSERT INTO work_order_day_counter (day, lastSequence) VALUES ?', [[...counters.entries()]]);
  await conn.query('SET unique_checks = 1, foreign_key_checks = 1');
  await conn.query('ANALYZE TABLE work_order, customer, customer_phone, work_order_call, work_order_remark');
  console.log(`seeded ${seeded} work orders, ${customers} customers in ${Math.round((Date.now() - started) / 1000)} s`);
  return seeded;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(name: string, n: number, concurrency: number, op: (i: number) => Promise<void>) {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      const i = next++;
      const t0 = performance.now();
      await op(i);
      times.push(performance.now() - t0);
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const row = { name, n, concurrency, p50: +percentile(times, 50).toFixed(2), p95: +percentile(times, 95).toFixed(2), max: +times[times.length - 1].toFixed(2), perSecond: Math.round(n / elapsed) };
  console.log(`${name.padEnd(34)} n=${String(n).padEnd(6)} c=${String(concurrency).padEnd(3)} p50 ${String(row.p50).padStart(7)} ms   p95 ${String(row.p95).padStart(7)} ms   max ${String(row.max).padStart(8)} ms   ${row.perSecond}/s`);
  return row;
}

async function main() {
  const url = new URL(DATABASE_URL.replace(/^mariadb:/, 'mysql:'));
  const dbName = url.pathname.slice(1);
  const admin = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), timezone: 'Z' });
  let reuse = false;
  if (REUSE) {
    const [rows] = await admin.query(`SELECT COUNT(*) AS c FROM information_schema.tables WHERE table_schema = ? AND table_name = 'work_order'`, [dbName]);
    reuse = Number((rows as { c: number }[])[0].c) > 0;
  }
  if (!reuse) {
    await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  }
  await admin.end();

  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL, DEMO_PASSWORD: PASSWORD, SEED_DEMO: 'true', SLA_SCAN_INTERVAL_SECONDS: '0' });
  const app: INestApplication = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const source = app.get(DataSource);

  const conn = await createConnection({ uri: DATABASE_URL.replace(/^mariadb:/, 'mysql:'), timezone: 'Z', charset: 'utf8mb4_unicode_ci' });
  const staff: { id: number; roles: string; unitId: number | null }[] = (await conn.query('SELECT id, roles FROM staff'))[0] as never;
  const units: { id: number; terminal: string }[] = (await conn.query('SELECT id, terminal FROM terminal_unit'))[0] as never;
  const unitsByTerminal = new Map<string, number[]>();
  for (const u of units) unitsByTerminal.set(u.terminal, [...(unitsByTerminal.get(u.terminal) ?? []), u.id]);
  const agentIds = staff.filter((s) => s.roles.includes('agent')).map((s) => s.id);
  const existing = Number(((await conn.query('SELECT COUNT(*) AS c FROM work_order'))[0] as { c: number }[])[0].c);
  const seeded = reuse && existing >= ORDERS ? existing : await seed(conn, agentIds, unitsByTerminal);
  await conn.end();

  const login = async (jobNumber: string) =>
    ((await (await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jobNumber, password: PASSWORD }) })).json()) as { accessToken: string }).accessToken;
  const agent = await login('1001');
  const supervisor = await login('2001');
  const call = async (token: string, path: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${res.status} ${await res.text()}`);
    return res.json();
  };

  const customers = Math.max(1, Math.round(seeded / 5));
  const numbers: string[] = (await source.query(`SELECT number FROM work_order WHERE id IN (${Array.from({ length: SAMPLES }, () => 1 + Math.floor(random() * seeded)).join(',')})`)).map((r: { number: string }) => r.number);
  console.log(`\nwork orders: ${seeded.toLocaleString('en')} seeded; measuring over HTTP at ${base}\n`);
  const results = [];
  // Warm up the connection pool and JIT.
  for (let i = 0; i < 50; i++) await call(supervisor, `/work-orders/${numbers[i % numbers.length]}`);

  results.push(await measure('create (from a call)', CREATES, CONCURRENCY, async (i) => {
    const c = 1 + Math.floor(random() * customers);
    await call(agent, '/work-orders', {
      method: 'POST',
      body: JSON.stringify({ channel: 'hotline', type: 'complaint', category: pick(CATEGORIES), terminal: pick(TERMINALS), customerPhone: phoneOf(c), description: `bench ${i} 冰箱不制冷`, callSid: callSidOf(10_000_000 + i) }),
    });
  }));
  results.push(await measure('get by number', SAMPLES, 4, async (i) => {
    await call(supervisor, `/work-orders/${numbers[i % numbers.length]}`);
  }));
  results.push(await measure('list by status + terminal', SAMPLES, 4, async () => {
    await call(supervisor, `/work-orders?status=${pick(OPEN)}&terminal=${pick(TERMINALS)}&limit=20`);
  }));
  results.push(await measure('list status+terminal, 2 pages', SAMPLES, 4, async () => {
    const first = (await call(supervisor, `/work-orders?status=closed&terminal=${pick(TERMINALS)}&limit=20`)) as { nextCursor: string };
    await call(supervisor, `/work-orders?status=closed&terminal=${pick(TERMINALS)}&limit=20&cursor=${first.nextCursor}`);
  }));
  results.push(await measure('customer history by phone', SAMPLES, 4, async () => {
    await call(agent, `/customers/by-phone/${encodeURIComponent(phoneOf(1 + Math.floor(random() * customers)))}`);
  }));
  results.push(await measure('overdue list (GET ?overdue=true)', SAMPLES, 4, async () => {
    await call(supervisor, '/work-orders?overdue=true&limit=20');
  }));
  results.push(await measure('overdue scan: due-batch query', SAMPLES, 1, async () => {
    await source.getRepository(WorkOrder).createQueryBuilder('o').select(['o.id', 'o.number', 'o.channel', 'o.status'])
      .where('o.escalateAt IS NOT NULL AND o.escalateAt <= :now', { now: new Date() }).orderBy('o.escalateAt', 'ASC').limit(200).getMany();
  }));
  const plan = await source.query(`EXPLAIN SELECT id FROM work_order WHERE status = 'in_progress' AND terminal = 'store' ORDER BY id DESC LIMIT 21`);
  console.log(`\nEXPLAIN list by status+terminal: key=${plan[0].key} rows=${plan[0].rows} extra=${plan[0].Extra}`);
  if (process.argv.includes('--json')) console.log(JSON.stringify({ seeded, results }));
  await app.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
