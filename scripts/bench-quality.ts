/**
 * npm run bench:quality — quality reports at scale on MySQL/MariaDB. With the work-order benchmark's
 * site (1 000 000 work orders over a year, shared seeding in work-order-seed.ts), starts the real
 * application and measures over HTTP how long these take to build:
 *   - the daily report of one day (POST /quality/reports {from: day, to: day}: computed from the
 *     records and stored; each sample a different day),
 *   - the 30-day dashboard (GET /quality/dashboard?days=30&to=day; each sample a different end day),
 * plus the EXPLAIN of the counting queries. Target: each < 1 s.
 *   --orders N  --max-seed-seconds S  --reuse (keep an already-seeded database)  --samples N (default 30)  --json
 * DATABASE_URL (default mariadb://root@127.0.0.1:3306/hotline_bench) — the same database bench:orders uses.
 */
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { createApp } from '../src/app';
import { jsonClient } from './bench-http';
import { ensureSeeded, prepareBenchDatabase } from './work-order-seed';
import { arg } from './bench-args';

const ORDERS = arg('orders', 1_000_000);
const SAMPLES = arg('samples', 30);
const MAX_SEED_SECONDS = arg('max-seed-seconds', 900);
const REUSE = process.argv.includes('--reuse');
const DATABASE_URL = process.env.DATABASE_URL || 'mariadb://root@127.0.0.1:3306/hotline_bench';
const PASSWORD = 'bench-password';
const DAY = 86_400_000;
const TARGET_MS = 1000;

const siteDay = (ms: number) => new Date(ms + 480 * 60_000).toISOString().slice(0, 10);

function summarise(name: string, times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  const row = {
    name,
    n: times.length,
    first: +times[0].toFixed(1),
    p50: +at(50).toFixed(1),
    p95: +at(95).toFixed(1),
    max: +sorted[sorted.length - 1].toFixed(1),
  };
  const verdict = row.max < TARGET_MS ? 'PASS' : 'FAIL';
  console.log(
    `${name.padEnd(40)} n=${String(row.n).padEnd(4)} first ${String(row.first).padStart(7)} ms   p50 ${String(row.p50).padStart(7)} ms   p95 ${String(row.p95).padStart(7)} ms   max ${String(row.max).padStart(7)} ms   ${verdict} (< ${TARGET_MS} ms)`,
  );
  return { ...row, pass: verdict === 'PASS' };
}

/** One row of EXPLAIN's output (MariaDB's columns). */
interface ExplainRow {
  table: string;
  key: string;
  rows: number;
  Extra: string | null;
}

async function main() {
  const reuse = await prepareBenchDatabase(DATABASE_URL, REUSE);
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL,
    DEMO_PASSWORD: PASSWORD,
    SEED_DEMO: 'true',
    SLA_SCAN_INTERVAL_SECONDS: '0',
    QUALITY_REPORT_INTERVAL_SECONDS: '0',
  });
  const app: INestApplication = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
  const source = app.get(DataSource);
  const seeded = await ensureSeeded(DATABASE_URL, ORDERS, MAX_SEED_SECONDS, reuse);

  const http = jsonClient(base, 1);
  const token = (await http.call<{ accessToken: string }>(null, 'POST', '/auth/login', { jobNumber: '3001', password: PASSWORD })).accessToken;
  const call = async (method: string, path: string, body?: unknown) => {
    const t0 = performance.now();
    const json = await http.call<Record<string, unknown>>(token, method, path, body);
    return { ms: performance.now() - t0, json };
  };

  // Days inside the seeded year, one per sample, spread out so each reads cold parts of the index.
  const days = Array.from({ length: SAMPLES }, (_, i) => siteDay(Date.now() - (7 + Math.floor((i * 330) / SAMPLES)) * DAY));
  console.log(`\nwork orders: ${seeded.toLocaleString('en')} seeded; ${base}\n`);
  const results = [];

  const daily: number[] = [];
  let complaintsPerDay = 0;
  for (const day of days) {
    const { ms, json } = await call('POST', '/quality/reports', { from: day, to: day });
    daily.push(ms);
    complaintsPerDay += (json.report as { totals: { complaints: number } }).totals.complaints / days.length;
  }
  results.push(summarise('daily report, one day (compute + store)', daily));

  const dashboard: number[] = [];
  for (const day of days) dashboard.push((await call('GET', `/quality/dashboard?days=30&to=${day}`)).ms);
  results.push(summarise('dashboard, 30 days', dashboard));
  console.log(
    `\n(about ${Math.round(complaintsPerDay)} complaints per day; each 30-day dashboard reads ~${Math.round(complaintsPerDay * 30 * 3).toLocaleString('en')} index entries across its three periods)`,
  );

  const day = days[0];
  const explain = async (label: string, sql: string) => {
    const plan = await source.query<ExplainRow[]>(`EXPLAIN ${sql}`);
    console.log(`EXPLAIN ${label}: ${plan.map((p) => `${p.table} key=${p.key} rows=${p.rows} ${p.Extra ?? ''}`).join(' | ')}`);
  };
  const range = `'${day} 00:00:00' AND '${day} 23:59:59'`;
  await explain(
    'created',
    `SELECT terminal, unitId, category, COUNT(*) FROM work_order WHERE type = 'complaint' AND createdAt BETWEEN ${range} GROUP BY terminal, unitId, category`,
  );
  await explain(
    'closed',
    `SELECT terminal, unitId, category, COUNT(*), SUM(TIMESTAMPDIFF(SECOND, createdAt, closedAt)), SUM(closedAt <= dueAt), SUM(reopenCount > 0) FROM work_order WHERE type = 'complaint' AND closedAt BETWEEN ${range} GROUP BY terminal, unitId, category`,
  );
  if (process.argv.includes('--json')) console.log(JSON.stringify({ seeded, results }));
  http.close();
  await app.close();
  if (results.some((r) => !r.pass)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
