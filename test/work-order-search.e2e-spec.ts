import { DataSource } from 'typeorm';
import { SearchPostings1764370000000 } from '../src/database/migrations/1764370000000-search-postings';
import { startTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

interface Hit {
  number: string;
  match: { field: string; segments: { text: string; hit: boolean }[] } | null;
}

/** Chinese full-text search of work orders (#18): two-character words, ranking, snippets, kept current on writes. */
describe('work-order search (e2e, on the engine under test)', () => {
  let t: TestApp;
  let agent: string;
  let supervisor: string;

  beforeAll(async () => {
    t = await startTestApp({ SLA_SCAN_INTERVAL_SECONDS: '0' });
    [agent, supervisor] = await Promise.all(['1001', '2001'].map((j) => t.tokenFor(j)));
  });
  afterAll(() => t.close());

  const create = async (description: string, phone: string) => {
    const res = await t.http
      .post('/work-orders')
      .set(auth(agent))
      .send({ channel: 'hotline', type: 'complaint', category: 'price_protection', terminal: 'store', customerPhone: phone, description });
    if (res.status !== 201) throw new Error(`create failed ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as { number: string };
  };
  const search = async (q: string, path = '/work-orders') =>
    (await t.http.get(path).query({ q }).set(auth(supervisor)).expect(200)).body as { items: Hit[]; sort?: string };
  const marked = (hit: Hit) => hit.match?.segments.filter((s) => s.hit).map((s) => s.text);

  it('finds orders by a two-character word in the description or a remark, best first, with the word marked; kept current after a remark', async () => {
    const once = await create('冰箱降价了，顾客申请价保', '13700000001');
    const twice = await create('价保申请：电视降价，要求价保差价', '13700000002');
    const other = await create('洗衣机三天未送到', '13700000003');

    const found = await search('价保');
    // Two hits in the description outweigh one, though the order is older.
    expect(found.items.map((o) => o.number)).toEqual([twice.number, once.number]);
    expect(found.items[1].match).toEqual({
      field: 'description',
      segments: [
        { text: '冰箱降价了，顾客申请', hit: false },
        { text: '价保', hit: true },
      ],
    });
    // Not by a word it lacks, nor by one no order holds.
    expect((await search('退款')).items).toEqual([]);
    expect((await search('价保 洗衣机')).items).toEqual([]);
    expect((await search('送到')).items.map((o) => o.number)).toEqual([other.number]);

    // A remark is searchable from its commit on, and its words are what the snippet shows.
    await t.http.post(`/work-orders/${other.number}/remarks`).set(auth(agent)).send({ reason: '顾客追加价保诉求', flag: 'price_change' }).expect(201);
    const afterRemark = await search('价保');
    expect(afterRemark.items.map((o) => o.number)).toEqual([twice.number, once.number, other.number]);
    expect(afterRemark.items[2].match?.field).toBe('remark');
    expect(marked(afterRemark.items[2])).toEqual(['价保']);

    // The inbox searches the same way, ranked by default.
    const inbox = await search('价保', '/work-orders/inbox');
    expect(inbox.sort).toBe('relevance');
    expect(inbox.items.map((o) => o.number)).toEqual([twice.number, once.number, other.number]);
    expect(marked(inbox.items[0])).toEqual(['价保', '价保']);
  });

  it('keeps number and phone search on their own paths, and follows an edited description', async () => {
    const order = await create('空调安装师傅迟到', '13700000009');
    expect((await search(order.number.slice(0, 12))).items.map((o) => o.number)).toContain(order.number);
    expect((await search('137 0000 0009')).items.map((o) => o.number)).toEqual([order.number]);
    expect((await search('安装')).items.map((o) => o.number)).toEqual([order.number]);

    await t.http.patch(`/work-orders/${order.number}`).set(auth(agent)).send({ description: '空调漏水' }).expect(200);
    expect((await search('安装')).items).toEqual([]);
    expect((await search('漏水')).items.map((o) => o.number)).toEqual([order.number]);
  });

  it('pages ranked results with a cursor', async () => {
    const first = await t.http.get('/work-orders').query({ q: '价保', limit: 2 }).set(auth(supervisor)).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await t.http.get('/work-orders').query({ q: '价保', limit: 2, cursor: first.body.nextCursor }).set(auth(supervisor)).expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
  });

  it('backfills the index of the orders and remarks written before it (its migration, down and up again)', async () => {
    const before = (await search('价保')).items.map((o) => o.number);
    const runner = t.app.get(DataSource).createQueryRunner();
    try {
      const migration = new SearchPostings1764370000000();
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect((await search('价保')).items.map((o) => o.number)).toEqual(before);
    expect((await search('价保')).items[2].match?.field).toBe('remark');
  });

  it('finds knowledge-base articles through the same index, with the word marked; a published revision is searchable at once', async () => {
    const articles = async (q: string) =>
      (await t.http.get('/knowledge/articles').query({ q }).set(auth(agent)).expect(200)).body.items as { id: number; title: string; match: Hit['match'] }[];
    const found = await articles('价保');
    const rules = found.find((a) => a.title === '价格保护（价保）规则 Price protection')!;
    expect(rules.match?.field).toBe('title');
    expect(rules.match?.segments.filter((s) => s.hit).map((s) => s.text)).toEqual(['价保']);
    expect(await articles('地震')).toEqual([]);

    const created = (
      await t.http
        .post('/knowledge/articles')
        .set(auth(supervisor))
        .send({ title: '燃气灶安全须知', category: 'price_protection', body: '燃气灶点火前检查软管。' })
        .expect(201)
    ).body as { id: number };
    await t.http.post(`/knowledge/articles/${created.id}/publish`).set(auth(supervisor)).send({}).expect(200);
    expect((await articles('燃气灶')).map((a) => a.id)).toEqual([created.id]);
  });
});
