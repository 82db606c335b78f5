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
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { createApp } from '../src/app';
import { WorkOrder } from '../src/work-orders/work-order.entity';
import { callSidOf, CATEGORIES, ensureSeeded, OPEN, phoneOf, pick, prepareBenchDatabase, random, TERMINALS } from './work-order-seed';

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
  const reuse = await prepareBenchDatabase(DATABASE_URL, REUSE);

  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL, DEMO_PASSWORD: PASSWORD, SEED_DEMO: 'true', SLA_SCAN_INTERVAL_SECONDS: '0' });
  const app: INestApplication = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const source = app.get(DataSource);

  const seeded = await ensureSeeded(DATABASE_URL, ORDERS, MAX_SEED_SECONDS, reuse);

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
