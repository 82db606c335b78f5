/**
 * A million-order site for the benchmarks (bench:orders, bench:quality on MySQL/MariaDB; bench:pages on
 * the embedded SQLite, through `sqliteSink`): customers
 * with 1–2 phones and ~5 orders each, orders spread over the past 365 days (each with a linked call,
 * a remark and its create audit entry), old ones mostly closed, the last weeks holding the open
 * ones — written with 5 000-row INSERTs. Deterministic (seeded PRNG).
 */
import { Connection, createConnection } from 'mysql2/promise';
import { postingRows } from '../src/search/search-tokens';
import { workOrderDocument } from '../src/work-orders/work-order-search-document';

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
export const random = rng(20261122);
export const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];

export const TERMINALS = ['dispatch', 'logistics', 'store', 'after_sales', 'manufacturer', 'invoice', 'membership', 'warranty'] as const;
export const CATEGORIES = ['late_delivery', 'damaged_goods', 'installation', 'logistics_after_sales', 'invoice', 'points', 'warranty', 'price_protection'];
export const OPEN = ['new', 'assigned', 'in_progress', 'solution_proposed', 'escalated', 'reopened'] as const;
export const phoneOf = (customer: number) => `+86139${String(customer).padStart(8, '0')}`;
export const callSidOf = (order: number) => `CA${order.toString(16).padStart(32, '0')}`;

/** What customers complain of (two per description), the words a search looks for; 价保 is in about one order in eight. */
export const COMPLAINTS = [
  '冰箱送货延误三天',
  '洗衣机安装师傅未按约上门',
  '电视买后降价申请价保',
  '空调漏水要求上门维修',
  '发票抬头开错需要重开',
  '会员积分没有到账',
  '延保卡无法激活',
  '物流显示签收但顾客未收到',
  '门店承诺的赠品未兑现',
  '以旧换新的款项未退回',
  '售后师傅上门乱收费',
  '热水器噪音大要求退货',
  '配送员态度恶劣',
  '价保差价未返还',
  '整机质保期内压缩机故障',
  '商品外包装破损',
];
/** A word about one order in a thousand holds (the ranked path of a search). */
export const RARE_COMPLAINT = '燃气灶点火爆燃';
export const REMARKS = ['已联系顾客', '顾客要求尽快处理', '已转门店跟进', '等待厂家回复', '已安排师傅上门', '顾客同意处理方案'];
/** A seeded order's description: two complaints (the rare one now and then) and a number. */
export const descriptionOf = (id: number) => `${random() < 0.001 ? RARE_COMPLAINT : pick(COMPLAINTS)}，${pick(COMPLAINTS)}，单号尾数${id % 997}`;

/** Where the seeded rows go: one engine's bulk insert, and what it does before and after. */
export interface SeedSink {
  before(): Promise<void>;
  insert(table: string, columns: string, rows: unknown[][]): Promise<void>;
  after(): Promise<void>;
}

const SEEDED_TABLES = ['work_order', 'customer', 'customer_phone', 'work_order_call', 'work_order_remark', 'work_order_claim', 'search_posting'];

/** MySQL/MariaDB: 5 000-row INSERTs with unique and foreign-key checks off. */
export const mysqlSink = (conn: Connection): SeedSink => ({
  before: async () => void (await conn.query('SET unique_checks = 0, foreign_key_checks = 0')),
  insert: async (table, columns, rows) => void (await conn.query(`INSERT INTO ${table} (${columns}) VALUES ?`, [rows])),
  after: async () => {
    await conn.query('SET unique_checks = 1, foreign_key_checks = 1');
    await conn.query(`ANALYZE TABLE ${SEEDED_TABLES.join(', ')}`);
  },
});

/** What the seeding uses of a better-sqlite3 database (the package ships no types). */
export interface SqliteDatabase {
  prepare(sql: string): { run(...params: unknown[]): unknown };
  transaction(work: () => void): () => void;
  pragma(pragma: string): unknown;
  exec(sql: string): unknown;
}

/**
 * The embedded SQLite database of a started app (its driver's own connection): one prepared single-row INSERT per
 * table run over each batch in one transaction, dates written as TypeORM writes them (UTC `YYYY-MM-DD HH:MM:SS.SSS`).
 */
export const sqliteSink = (db: SqliteDatabase): SeedSink => {
  const value = (v: unknown) => (v instanceof Date ? v.toISOString().replace('T', ' ').replace('Z', '') : v);
  // better-sqlite3 is synchronous: the sink's promises are already settled.
  return {
    before: () => Promise.resolve(void db.pragma('synchronous = OFF')),
    insert: (table, columns, rows) => {
      const insert = db.prepare(
        `INSERT INTO ${table} (${columns}) VALUES (${columns
          .split(',')
          .map(() => '?')
          .join(', ')})`,
      );
      db.transaction(() => {
        for (const row of rows) insert.run(...row.map(value));
      })();
      return Promise.resolve();
    },
    after: () => {
      db.pragma('synchronous = NORMAL');
      db.exec('ANALYZE');
      return Promise.resolve();
    },
  };
};

/**
 * Seeds `count` work orders (stopping after `maxSeedSeconds`); returns how many were written. With
 * `searchIndex`, their search postings too (as the search_posting migration backfills them; bench:search).
 */
export async function seedWorkOrders(
  sink: SeedSink,
  staffIds: number[],
  unitsByTerminal: Map<string, number[]>,
  count: number,
  maxSeedSeconds: number,
  { searchIndex = false }: { searchIndex?: boolean } = {},
): Promise<number> {
  const started = Date.now();
  const customers = Math.max(1, Math.round(count / 5));
  await sink.before();
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
    await sink.insert('customer', 'id, name, memberNumber, vip, addresses, createdAt, updatedAt', rows);
    await sink.insert('customer_phone', 'customerId, phone, addedAt', phones);
  }
  // Orders spread over the past 365 days in creation order, numbered per site-local day.
  const span = 365 * DAY;
  const counters = new Map<string, number>();
  let seeded = 0;
  for (let from = 1; from <= count; from += BATCH) {
    if ((Date.now() - started) / 1000 > maxSeedSeconds) {
      console.log(`seeding stopped at the time bound after ${seeded} orders`);
      break;
    }
    const orders = [];
    const calls = [];
    const remarks = [];
    const audits = [];
    const claims = [];
    const postings: unknown[][] = [];
    for (let id = from; id < Math.min(from + BATCH, count + 1); id++) {
      const createdMs = now - span + Math.floor((id / count) * span);
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
      const closedAt = open ? null : new Date(createdMs + Math.floor(random() * 90) * 3600_000);
      const reopenCount = random() < 0.05 ? 1 : 0;
      const escalateAt = open && status !== 'escalated' ? dueAt : null;
      const units = unitsByTerminal.get(terminal);
      const customer = 1 + Math.floor(random() * customers);
      const agent = pick(staffIds);
      const description = descriptionOf(id);
      const remark = pick(REMARKS);
      if (searchIndex)
        postings.push(
          ...postingRows('work_order', [workOrderDocument({ id, description, product: '海尔冰箱 BCD-470', externalOrderNumber: `JD${id}` }, [remark])]),
        );
      orders.push([
        id,
        `WO${day}-${String(seq).padStart(6, '0')}`,
        pick(['hotline', 'hotline', 'hotline', 'web', 'store_walk_in']),
        pick(['complaint', 'inquiry', 'service_request']),
        pick(CATEGORIES),
        terminal,
        units && status !== 'new' ? pick(units) : null,
        customer,
        phoneOf(customer),
        `JD${id}`,
        '海尔冰箱 BCD-470',
        description,
        random() < 0.02 ? 'urgent' : 'normal',
        status,
        agent,
        agent,
        dueAt,
        escalateAt,
        status === 'escalated' ? dueAt : null,
        closedAt,
        reopenCount,
        created,
        closedAt ?? created,
        1,
      ]);
      // About one order in a hundred ends in a paid claim (理赔) against its unit.
      if (closedAt && random() < 0.01)
        claims.push([
          id,
          terminal === 'store' ? 'store' : 'logistics',
          units ? pick(units) : null,
          50 + Math.floor(random() * 500),
          '照片',
          'paid',
          agent,
          created,
          closedAt,
        ]);
      calls.push([id, callSidOf(id), created, agent]);
      remarks.push([id, pick([null, 'price_change', 'not_shipped', 'shipped', 'special_instruction', 'refundable']), remark, agent, '1001', created]);
      audits.push([id, 'create', agent, '1001', created, null, JSON.stringify({ status: 'new' }), null]);
    }
    await sink.insert(
      'work_order',
      `id, number, channel, type, category, terminal, unitId, customerId, customerPhone, externalOrderNumber, product, description,
        severity, status, createdById, agentId, dueAt, escalateAt, escalatedAt, closedAt, reopenCount, createdAt, updatedAt, version`,
      orders,
    );
    await sink.insert('work_order_call', 'workOrderId, callSid, linkedAt, linkedById', calls);
    await sink.insert('work_order_remark', 'workOrderId, flag, reason, authorId, authorJobNumber, createdAt', remarks);
    if (postings.length) await sink.insert('search_posting', 'kind, token, docId, weight', postings);
    await sink.insert('work_order_audit', 'workOrderId, action, actorId, actorJobNumber, at, `before`, `after`, note', audits);
    if (claims.length) {
      await sink.insert(
        'work_order_claim',
        'workOrderId, responsibleParty, responsibleUnitId, amount, evidence, status, requestedById, requestedAt, paidAt, version',
        claims.map((c) => [...c, 1]),
      );
    }
    seeded += orders.length;
    if (seeded % 100_000 === 0) console.log(`  seeded ${seeded} orders (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  await sink.insert('work_order_day_counter', 'day, lastSequence', [...counters.entries()]);
  await sink.after();
  console.log(`seeded ${seeded} work orders, ${customers} customers in ${Math.round((Date.now() - started) / 1000)} s`);
  return seeded;
}

/**
 * Makes the benchmark database: dropped and recreated, unless `reuse` and it already has the
 * work-order table (then kept as seeded). Returns whether it was kept.
 */
export async function prepareBenchDatabase(databaseUrl: string, reuse: boolean): Promise<boolean> {
  const url = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
  const dbName = url.pathname.slice(1);
  const admin = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    timezone: 'Z',
  });
  try {
    if (reuse) {
      const [rows] = await admin.query(`SELECT COUNT(*) AS c FROM information_schema.tables WHERE table_schema = ? AND table_name = 'work_order'`, [dbName]);
      if (Number((rows as { c: number }[])[0].c) > 0) return true;
    }
    await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    return false;
  } finally {
    await admin.end();
  }
}

/** Seeds the started app's database up to `orders` work orders unless it already holds them; returns the count. */
export async function ensureSeeded(
  databaseUrl: string,
  orders: number,
  maxSeedSeconds: number,
  reused: boolean,
  options: { searchIndex?: boolean } = {},
): Promise<number> {
  const conn = await createConnection({ uri: databaseUrl.replace(/^mariadb:/, 'mysql:'), timezone: 'Z', charset: 'utf8mb4_unicode_ci' });
  try {
    const staff: { id: number; roles: string }[] = (await conn.query('SELECT id, roles FROM staff'))[0] as never;
    const units: { id: number; terminal: string }[] = (await conn.query('SELECT id, terminal FROM terminal_unit'))[0] as never;
    const unitsByTerminal = new Map<string, number[]>();
    for (const u of units) unitsByTerminal.set(u.terminal, [...(unitsByTerminal.get(u.terminal) ?? []), u.id]);
    const agentIds = staff.filter((s) => s.roles.includes('agent')).map((s) => s.id);
    const existing = Number(((await conn.query('SELECT COUNT(*) AS c FROM work_order'))[0] as { c: number }[])[0].c);
    return reused && existing >= orders ? existing : await seedWorkOrders(mysqlSink(conn), agentIds, unitsByTerminal, orders, maxSeedSeconds, options);
  } finally {
    await conn.end();
  }
}
