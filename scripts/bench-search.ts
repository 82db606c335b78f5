/**
 * npm run bench:search — Chinese full-text search (search_posting, src/search/) at scale on MySQL/MariaDB.
 * Seeds N work orders with their search postings (the million-order seeder of bench:orders, descriptions
 * drawn from a list of complaints: 价保 in about one order in eight, 燃气灶 in one in a thousand) and
 * the postings of M knowledge-base articles, starts the application on that database and measures:
 *   1. p50/p95 of GET /work-orders?q= and GET /work-orders/inbox?q= (supervisor, over HTTP) for a common
 *      word (价保: the broad path), a rare one (燃气灶: ranked) and one no order holds (地震);
 *   2. p50/p95 of an article search (SearchIndexService.search, the knowledge base's seam) for the same;
 *   3. the EXPLAIN of the ranked and broad list queries;
 *   4. what the index adds to a work-order creation: sequential creations over HTTP with the postings
 *      written and with their write skipped, alternated in rounds (ms per creation, mean and p50).
 *   --orders N    work orders (default 1 000 000)      --articles N  articles (default 20 000)
 *   --samples N   requests per search measured (default 200)
 *   --creates N   creations per mode (default 300)     --reuse       keep a seeded database
 *   --max-seed-seconds S  stop seeding after S seconds (default 1800)
 * DATABASE_URL (default mariadb://root@127.0.0.1:3306/hotline_search_bench) names the database; it is
 * dropped and recreated unless --reuse. The application runs in this process: the searches are measured
 * one at a time, so the client's share of the event loop is small.
 */
import type { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { createApp } from '../src/app';
import { SearchIndexService } from '../src/search/search-index.service';
import { postingRows } from '../src/search/search-tokens';
import { arg } from './bench-args';
import { jsonClient } from './bench-http';
import { CATEGORIES, COMPLAINTS, ensureSeeded, phoneOf, pick, prepareBenchDatabase, random, TERMINALS } from './work-order-seed';

const ORDERS = arg('orders', 1_000_000);
const ARTICLES = arg('articles', 20_000);
const SAMPLES = arg('samples', 200);
const CREATES = arg('creates', 300);
const MAX_SEED_SECONDS = arg('max-seed-seconds', 1800);
const REUSE = process.argv.includes('--reuse');
const DATABASE_URL = process.env.DATABASE_URL || 'mariadb://root@127.0.0.1:3306/hotline_search_bench';
const PASSWORD = 'bench-password';

/** The knowledge base's sentences (知识库: 价保, 质保, 三包, logistics, points, invoices, promotions); an article is eight of them. */
const ARTICLE_SENTENCES = [
  '商品自购买之日起十五天内降价，顾客可凭发票申请价保，差价以原支付方式退回。',
  '家电整机质保一年，主要部件质保三年，以厂家保修卡为准。',
  '依据国家三包规定，七日内出现性能故障可选择退货、换货或修理。',
  '大件商品由物流中心配送，顾客可在订单页查看配送进度。',
  '会员消费每满一元累计一积分，积分可在下次购物时抵扣现金。',
  '电子发票在签收后七日内发送至顾客预留的邮箱。',
  '家电下乡补贴按国家规定发放，需提供身份证明和购买凭证。',
  '节能补贴商品以国家公布的目录为准，补贴在结算时直接扣减。',
  '以旧换新活动期间，旧机回收款在新机签收后三个工作日内返还。',
  '延保服务自原厂质保期满之日起生效，可在门店或热线办理。',
  '安装师傅上门前一小时电话联系顾客，超时未到可投诉至热线。',
  '本月促销：空调满三千减三百，与会员积分可同时使用。',
  '配送破损可拒收，签收后发现破损须在四十八小时内报告。',
  '门店自提商品须在七日内提取，逾期订单自动取消并退款。',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timed(n: number, op: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number; mean: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await op(i);
    times.push(performance.now() - t0);
  }
  const mean = times.reduce((s, t) => s + t, 0) / n;
  times.sort((a, b) => a - b);
  return { p50: +percentile(times, 50).toFixed(1), p95: +percentile(times, 95).toFixed(1), mean: +mean.toFixed(2) };
}

/** The articles' postings (kind article, ids 1..count), unless the database holds them already. */
async function ensureArticles(count: number): Promise<number> {
  const conn = await createConnection({ uri: DATABASE_URL.replace(/^mariadb:/, 'mysql:'), timezone: 'Z', charset: 'utf8mb4_unicode_ci' });
  try {
    const [[{ n }]] = (await conn.query("SELECT COALESCE(MAX(docId), 0) AS n FROM search_posting WHERE kind = 'article'")) as unknown as [[{ n: number }]];
    if (Number(n) >= count) return Number(n);
    for (let from = Number(n) + 1; from <= count; from += 1000) {
      const documents = [];
      for (let id = from; id < Math.min(from + 1000, count + 1); id++) {
        const body = Array.from({ length: 8 }, () => pick(ARTICLE_SENTENCES)).join('');
        documents.push({
          docId: id,
          fields: [
            { text: `${pick(COMPLAINTS)}怎么办（第${id}篇）`, weight: 3 },
            { text: body, weight: 1 },
          ],
        });
      }
      await conn.query('INSERT INTO search_posting (kind, token, docId, weight) VALUES ?', [postingRows('article', documents)]);
    }
    await conn.query('ANALYZE TABLE search_posting');
    return count;
  } finally {
    await conn.end();
  }
}

async function main() {
  const reuse = await prepareBenchDatabase(DATABASE_URL, REUSE);
  const app = await createApp(
    loadConfig({
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL,
      DEMO_PASSWORD: PASSWORD,
      SEED_DEMO: 'true',
      SLA_SCAN_INTERVAL_SECONDS: '0',
      QUALITY_REPORT_INTERVAL_SECONDS: '0',
      CALLBACK_SWEEP_INTERVAL_SECONDS: '0',
      SPOT_CHECK_INTERVAL_SECONDS: '0',
      HOT_SPOT_INTERVAL_SECONDS: '0',
      CAPACITY_CHECK_INTERVAL_SECONDS: '0',
      RETENTION_SWEEP_INTERVAL_SECONDS: '0',
    }),
  );
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
  const http = jsonClient(base, 2);
  try {
    const seeded = await ensureSeeded(DATABASE_URL, ORDERS, MAX_SEED_SECONDS, reuse, { searchIndex: true });
    const articles = await ensureArticles(ARTICLES);
    const db = app.get(DataSource);
    // The table's estimate: counting 30 M postings outlasts the application's query timeout.
    const [{ postings }] = await db.query<{ postings: number }[]>(
      "SELECT TABLE_ROWS AS postings FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'search_posting'",
    );
    console.log(
      `\n${seeded.toLocaleString('en')} work orders, ${articles.toLocaleString('en')} articles, ~${Number(postings).toLocaleString('en')} postings (MariaDB)\n`,
    );

    const login = async (jobNumber: string) =>
      (await http.call<{ accessToken: string }>(null, 'POST', '/auth/login', { jobNumber, password: PASSWORD })).accessToken;
    const supervisor = await login('2001');
    const agent = await login('1001');
    const search = app.get(SearchIndexService);
    const words = [
      { word: '价保', what: 'common word' },
      { word: '燃气灶', what: 'rare word' },
      { word: '地震', what: 'absent word' },
    ];
    for (let i = 0; i < 20; i++) await http.call(supervisor, 'GET', `/work-orders?q=${encodeURIComponent(words[i % 3].word)}`);
    const row = (name: string, r: { p50: number; p95: number }, found: number) =>
      console.log(`${name.padEnd(44)} p50 ${String(r.p50).padStart(6)} ms   p95 ${String(r.p95).padStart(6)} ms   (${found} on the first page)`);
    for (const { word, what } of words) {
      const q = encodeURIComponent(word);
      const page = await http.call<{ items: unknown[] }>(supervisor, 'GET', `/work-orders?q=${q}`);
      row(`work orders q=${word} (${what})`, await timed(SAMPLES, () => http.call(supervisor, 'GET', `/work-orders?q=${q}`)), page.items.length);
      const inbox = await http.call<{ items: unknown[] }>(supervisor, 'GET', `/work-orders/inbox?q=${q}`);
      row(`inbox q=${word} (${what}, tab all)`, await timed(SAMPLES, () => http.call(supervisor, 'GET', `/work-orders/inbox?q=${q}`)), inbox.items.length);
    }
    for (const { word, what } of [...words, { word: '质保', what: 'common in articles' }]) {
      const found = await search.search('article', word, 20);
      row(`articles ${word} (${what})`, await timed(SAMPLES, () => search.search('article', word, 20)), found.length);
    }

    // The plans of the two paths: the rare word's scored matches joined to work_order, the common word's lookups per order.
    const explain = async (name: string, q: string) => {
      const plan = (await search.plan('work_order', q))!;
      const qb = db.getRepository('work_order').createQueryBuilder('o').select('o.id', 'id').limit(21);
      if (plan.mode === 'ranked') {
        const { sql, params } = search.scoredDocuments(plan);
        qb.innerJoin(sql, 's', 's.docId = o.id', params).orderBy('s.score', 'DESC').addOrderBy('o.id', 'DESC');
      } else {
        const { where, params } = search.holdsEveryToken(plan, 'o.id');
        qb.andWhere(where, params).orderBy('o.id', 'DESC');
      }
      const [text, params] = qb.getQueryAndParameters();
      const rows = await db.query<{ table: string; type: string; key: string | null; rows: number; Extra: string }[]>(`EXPLAIN ${text}`, params);
      console.log(`\nEXPLAIN ${name} (${plan.mode}):`);
      for (const r of rows) console.log(`  ${String(r.table).padEnd(12)} ${String(r.type).padEnd(7)} key=${r.key} rows=${r.rows} ${r.Extra ?? ''}`);
    };
    await explain('q=燃气灶', '燃气灶');
    await explain('q=价保', '价保');

    // What the postings add to a creation: the same creations with the index's write skipped, alternated in rounds.
    const customers = Math.max(1, Math.round(seeded / 5));
    const create = (i: number) =>
      http.call(agent, 'POST', '/work-orders', {
        channel: 'hotline',
        type: 'complaint',
        category: pick(CATEGORIES),
        terminal: pick(TERMINALS),
        customerPhone: phoneOf(1 + Math.floor(random() * customers)),
        description: `${pick(COMPLAINTS)}，${pick(COMPLAINTS)}，顾客来电催促第${i}次`,
      });
    const add = search.add.bind(search);
    const skip = () => Promise.resolve();
    for (let i = 0; i < 30; i++) await create(i);
    const times = { with: [] as number[], without: [] as number[] };
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      for (const mode of ['with', 'without'] as const) {
        search.add = mode === 'with' ? add : skip;
        const r = await timed(CREATES / rounds, (i) => create(round * 1000 + i));
        times[mode].push(r.mean);
      }
    }
    search.add = add;
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    console.log(
      `\nwork-order creation, one at a time over HTTP (${CREATES} each, ${rounds} alternated rounds): ` +
        `${mean(times.with).toFixed(2)} ms with the search postings, ${mean(times.without).toFixed(2)} ms without ` +
        `→ the index adds ${(mean(times.with) - mean(times.without)).toFixed(2)} ms per creation`,
    );
    console.log(`  per round with: ${times.with.map((t) => t.toFixed(1)).join(', ')}; without: ${times.without.map((t) => t.toFixed(1)).join(', ')}`);
  } finally {
    http.close();
    await app.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
