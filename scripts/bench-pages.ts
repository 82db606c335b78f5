/**
 * npm run bench:pages — the weight and first render of the pages (React + Ant Design, one Vite bundle)
 * as the embedded server serves them from dist/web (built by `node web/build.mjs` in the npm script):
 *   1. the first-load JS and CSS (the files index.html names), raw and as sent with
 *      Accept-Encoding br and gzip (the server compresses them: `compression` in src/web/web.module.ts);
 *   2. in Debian's Chromium, N cold loads (a new browser context each: no cache) of the main page:
 *      navigation start → the sign-in form rendered; then sign-in as agent 1003 → the softphone rendered
 *      (its state card), p50 and max;
 *   3. the work-order desk on a site of --orders work orders (the million-order seeder of bench:orders, written
 *      into the embedded SQLite): cold loads of store staff 4001's first page, the inbox (navigation → sign-in
 *      form, then sign-in → the inbox's rows rendered; their sum is the first load), every JS and CSS file that
 *      load fetched with how it was sent, and a supervisor's click on 工单 → the rows of every order rendered.
 *   --runs N     cold loads (default 5)
 *   --orders N   work orders on the site (default 1 000 000; 0 skips part 3)
 *   --db FILE    keep the seeded SQLite site in FILE and reuse it on the next run (default: a temporary file)
 *   --web DIR    serve the pages built into DIR (`node web/build.mjs DIR`; default dist/web): to compare two builds
 *   --json       one JSON object instead of the report
 * The schedulers (SLA scan, reports, sampling, alerts) are off: their first runs over a freshly seeded year
 * would escalate and report thousands of orders while the pages load.
 */
import 'reflect-metadata';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { get } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BenchServer, startBenchServer } from './bench-server';
import { seedWorkOrders, sqliteSink, type SqliteDatabase } from './work-order-seed';

const CHROMIUM = '/usr/bin/chromium';
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};

/** The bytes on the wire for `url` when the browser accepts `encoding`, and the encoding the server chose. */
function sentBytes(url: string, encoding: string): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'Accept-Encoding': encoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'identity') }));
    }).on('error', reject);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[]) => ({ p50: median(xs), max: Math.max(...xs) });
const PASSWORD = 'bench-pages-1';

/** The embedded database up to `orders` work orders (seeded once into a kept --db file); returns how many it holds. */
async function seedSite(server: BenchServer, orders: number, log: (line: string) => void): Promise<number> {
  const db = server.app.get(DataSource);
  const count = async () => Number((await db.query<{ c: number }[]>('SELECT COUNT(*) AS c FROM work_order'))[0].c);
  const existing = await count();
  if (existing >= orders) return existing;
  if (existing > 0) throw new Error(`the site holds ${existing} work orders, fewer than --orders ${orders}: remove it to seed again`);
  const staff: { id: number; roles: string }[] = await db.query('SELECT id, roles FROM staff');
  const units: { id: number; terminal: string }[] = await db.query('SELECT id, terminal FROM terminal_unit');
  const unitsByTerminal = new Map<string, number[]>();
  for (const u of units) unitsByTerminal.set(u.terminal, [...(unitsByTerminal.get(u.terminal) ?? []), u.id]);
  const agents = staff.filter((x) => x.roles.includes('agent')).map((x) => x.id);
  log(`Seeding ${orders} work orders into the embedded SQLite…`);
  const sqlite = (db.driver as unknown as { databaseConnection: SqliteDatabase }).databaseConnection;
  await seedWorkOrders(sqliteSink(sqlite), agents, unitsByTerminal, orders, Number.POSITIVE_INFINITY);
  return count();
}

/** The desk's first load and the supervisor's inbox, cold (a new context each), with what the first load fetched. */
async function measureDesk(browser: Browser, baseUrl: string, runs: number) {
  const signInMs: number[] = [];
  const rowsMs: number[] = [];
  const firstLoadMs: number[] = [];
  const supervisorMs: number[] = [];
  const fetched = new Set<string>();
  const rows = '[data-testid=wo-inbox][data-loaded=true] [data-testid=wo-row]';
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    page.on('response', (r) => /\.(js|css)$/.test(new URL(r.url()).pathname) && fetched.add(new URL(r.url()).pathname.slice(1)));
    const start = Date.now();
    await page.goto(baseUrl + '/', { waitUntil: 'commit' });
    await page.getByTestId('login-submit').waitFor();
    const form = Date.now() - start;
    await page.getByTestId('login-job-number').fill('4001');
    await page.getByTestId('login-password').fill(PASSWORD);
    const signedIn = Date.now();
    await page.getByTestId('login-submit').click();
    await page.locator(rows).first().waitFor({ timeout: 60_000 });
    const toRows = Date.now() - signedIn;
    signInMs.push(form);
    rowsMs.push(toRows);
    firstLoadMs.push(form + toRows);
    await context.close();

    const supervisor = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } })).newPage();
    await supervisor.goto(baseUrl + '/');
    await supervisor.getByTestId('login-job-number').fill('2001');
    await supervisor.getByTestId('login-password').fill(PASSWORD);
    await supervisor.getByTestId('login-submit').click();
    await supervisor.getByTestId('nav-work-orders').waitFor();
    const clicked = Date.now();
    await supervisor.getByTestId('nav-work-orders').click();
    await supervisor.locator(rows).first().waitFor({ timeout: 60_000 });
    supervisorMs.push(Date.now() - clicked);
    await supervisor.context().close();
  }
  return {
    fetched: [...fetched].sort(),
    signInMs: spread(signInMs),
    rowsMs: spread(rowsMs),
    firstLoadMs: spread(firstLoadMs),
    supervisorInboxMs: spread(supervisorMs),
  };
}

/** Every file's bytes raw and as the server sends them to a browser accepting brotli, and gzip. */
async function weigh(baseUrl: string, webRoot: string, files: string[]) {
  const weight = [];
  for (const file of files) {
    const url = `${baseUrl}/${file}`;
    weight.push({ file, raw: readFileSync(join(webRoot, file)).length, br: await sentBytes(url, 'br'), gzip: await sentBytes(url, 'gzip') });
  }
  return {
    files: weight,
    total: { raw: weight.reduce((s, w) => s + w.raw, 0), br: weight.reduce((s, w) => s + w.br.bytes, 0), gzip: weight.reduce((s, w) => s + w.gzip.bytes, 0) },
  };
}
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

async function main(): Promise<void> {
  const runs = Number(arg('runs', '5'));
  const orders = Number(arg('orders', '1000000'));
  const keptDb = arg('db', '');
  const json = process.argv.includes('--json');
  const webRoot = resolve(arg('web', join(__dirname, '..', 'web')));
  if (!existsSync(join(webRoot, 'index.html'))) throw new Error(`${webRoot}/index.html missing: run node web/build.mjs first`);
  process.env.WEB_ROOT = webRoot;
  const log = json ? () => undefined : (line: string) => console.log(line);
  const server = await startBenchServer('pages', log, {
    DEMO_PASSWORD: PASSWORD,
    SEED_DEMO: 'true',
    SLA_SCAN_INTERVAL_SECONDS: '0',
    QUALITY_REPORT_INTERVAL_SECONDS: '0',
    CALLBACK_SWEEP_INTERVAL_SECONDS: '0',
    SPOT_CHECK_INTERVAL_SECONDS: '0',
    HOT_SPOT_INTERVAL_SECONDS: '0',
    CAPACITY_CHECK_INTERVAL_SECONDS: '0',
    RETENTION_SWEEP_INTERVAL_SECONDS: '0',
    ...(keptDb ? { SQLITE_PATH: resolve(keptDb) } : {}),
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const html = readFileSync(join(webRoot, 'index.html'), 'utf8');
    const files = [...html.matchAll(/(?:src|href)="\.\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    const { files: weight, total } = await weigh(server.baseUrl, webRoot, files);
    const signInMs: number[] = [];
    const softphoneMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const start = Date.now();
      await page.goto(server.baseUrl + '/', { waitUntil: 'commit' });
      await page.getByTestId('login-submit').waitFor();
      signInMs.push(Date.now() - start);
      await page.getByTestId('login-job-number').fill('1003');
      await page.getByTestId('login-password').fill(PASSWORD);
      const signedIn = Date.now();
      await page.getByTestId('login-submit').click();
      await page.getByTestId('agent-state').waitFor();
      softphoneMs.push(Date.now() - signedIn);
      await page.getByTestId('logout').click();
      await page.getByTestId('login-submit').waitFor();
      await context.close();
    }
    let desk = null;
    if (orders > 0) {
      const seeded = await seedSite(server, orders, log);
      const measured = await measureDesk(browser, server.baseUrl, runs);
      desk = { workOrders: seeded, ...measured, weight: await weigh(server.baseUrl, webRoot, measured.fetched) };
    }
    const result = {
      files: weight,
      total,
      signInRenderedMs: spread(signInMs),
      softphoneRenderedMs: spread(softphoneMs),
      desk,
      runs,
    };
    if (json) console.log(JSON.stringify(result));
    else {
      for (const w of weight) console.log(`${w.file}: ${kb(w.raw)} raw, ${kb(w.br.bytes)} sent as ${w.br.encoding}, ${kb(w.gzip.bytes)} as ${w.gzip.encoding}`);
      console.log(`First load (JS + CSS): ${kb(result.total.raw)} raw, ${kb(result.total.br)} brotli, ${kb(result.total.gzip)} gzip`);
      console.log(`Cold load → sign-in form rendered: p50 ${result.signInRenderedMs.p50} ms, max ${result.signInRenderedMs.max} ms (${runs} runs, no cache)`);
      console.log(`Sign-in → softphone rendered: p50 ${result.softphoneRenderedMs.p50} ms, max ${result.softphoneRenderedMs.max} ms`);
      if (desk) {
        const ms = (x: { p50: number; max: number }) => `p50 ${x.p50} ms, max ${x.max} ms`;
        console.log(`Work-order desk, ${desk.workOrders} work orders (embedded SQLite):`);
        for (const w of desk.weight.files)
          console.log(`  fetched ${w.file}: ${kb(w.raw)} raw, ${kb(w.br.bytes)} ${w.br.encoding}, ${kb(w.gzip.bytes)} ${w.gzip.encoding}`);
        console.log(`  JS + CSS of the first load: ${kb(desk.weight.total.raw)} raw, ${kb(desk.weight.total.br)} brotli, ${kb(desk.weight.total.gzip)} gzip`);
        console.log(`  store staff 4001, cold: navigation → sign-in form ${ms(desk.signInMs)}; sign-in → inbox rows ${ms(desk.rowsMs)}`);
        console.log(`  first load of the inbox (the two together): ${ms(desk.firstLoadMs)} — target < 1500 ms`);
        console.log(`  supervisor 2001: 工单 clicked → every order's inbox rows ${ms(desk.supervisorInboxMs)}`);
      }
    }
  } finally {
    await browser.close();
    await server.app.close();
    if (server.tempDir) rmSync(server.tempDir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
