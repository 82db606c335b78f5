import { VirtualClock } from '@hotline/twilio-sandbox';
import { startTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const china = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`).getTime();
const NEXT_WEEK_PROMOTION = '下周新春焕新周 New-year upgrade week (next week)';

interface Summary {
  id: number;
  title: string;
  live: boolean;
  status: string;
  publishedVersion: number | null;
  latestVersion: number;
}

/** The knowledge base (知识库), scripts (话术) and the directory through the real API, on the engine under test. */
describe('knowledge base, scripts and directory (e2e, on the engine under test)', () => {
  let t: TestApp;
  let clock: VirtualClock;
  let agent: string; // 1001, complaints and orders
  let otherAgent: string; // 1002
  let supervisor: string; // 2001
  let store: string; // 4001, terminal staff

  beforeAll(async () => {
    // Seeded on Wednesday 2026-12-02: the demo's "next week" promotion runs from 2026-12-09 to 2026-12-16 (site days).
    clock = new VirtualClock(china('2026-12-02', '10:00'));
    t = await startTestApp({ SLA_SCAN_INTERVAL_SECONDS: '0', QUALITY_REPORT_INTERVAL_SECONDS: '0' }, { clock });
    [agent, otherAgent, supervisor, store] = await Promise.all(['1001', '1002', '2001', '4001'].map((j) => t.tokenFor(j)));
  });
  afterAll(() => t.close());

  const titles = async (token: string, query = '') =>
    ((await t.http.get(`/knowledge/articles${query}`).set(auth(token)).expect(200)).body.items as Summary[]).map((a) => a.title);
  const bySupervisor = async (title: string) =>
    ((await t.http.get('/knowledge/articles?all=true&limit=100').set(auth(supervisor)).expect(200)).body.items as Summary[]).find((a) => a.title === title)!;

  it('a promotion valid next week is hidden today, shown while it runs (APP_CLOCK), and hidden once it ends', async () => {
    const promotion = await bySupervisor(NEXT_WEEK_PROMOTION);
    expect(promotion).toMatchObject({ status: 'published', live: false });
    expect(await titles(agent, '?category=promotion')).not.toContain(NEXT_WEEK_PROMOTION);
    expect(await titles(agent, '?category=promotion')).toContain('双十二家电节 12.12 appliance festival'); // runs now
    await t.http.get(`/knowledge/articles/${promotion.id}`).set(auth(agent)).expect(404);
    const suggested = async () =>
      ((await t.http.get('/knowledge/suggestions?queue=orders&category=promotion_dispute&limit=20').set(auth(agent)).expect(200)).body as Summary[]).map(
        (a) => a.title,
      );
    expect(await suggested()).not.toContain(NEXT_WEEK_PROMOTION);

    await clock.advanceTo(china('2026-12-09', '00:00')); // next Wednesday, at the site's midnight
    expect(await titles(agent, '?category=promotion')).toContain(NEXT_WEEK_PROMOTION);
    const read = (await t.http.get(`/knowledge/articles/${promotion.id}`).set(auth(agent)).expect(200)).body;
    expect(read).toMatchObject({ live: true, body: expect.stringContaining('洗衣机、热水器 8.8 折'), draft: null });
    expect(await suggested()).toContain(NEXT_WEEK_PROMOTION);

    await clock.advanceTo(china('2026-12-16', '00:00'));
    expect(await titles(agent, '?category=promotion')).not.toContain(NEXT_WEEK_PROMOTION);
    await t.http.get(`/knowledge/articles/${promotion.id}`).set(auth(agent)).expect(404);
  });

  it('suggests articles for the complaints queue, those serving the order’s category too first', async () => {
    const forQueue = (await t.http.get('/knowledge/suggestions?queue=complaints').set(auth(agent)).expect(200)).body as Summary[];
    expect(forQueue.length).toBeGreaterThan(0);
    expect(forQueue.length).toBeLessThanOrEqual(5);
    expect(forQueue.map((a) => a.title)).toContain('门店服务承诺 Store service promises');
    for (const a of forQueue) expect(a).toMatchObject({ live: true, status: 'published' });
    const forQueueAndCategory = (await t.http.get('/knowledge/suggestions?queue=complaints&category=price_protection').set(auth(agent)).expect(200))
      .body as Summary[];
    expect(forQueueAndCategory[0].title).toBe('价格保护（价保）规则 Price protection');
    const none = await t.http.get('/knowledge/suggestions').set(auth(agent)).expect(400);
    expect(none.body.message).toContain('give queue');
    const bad = await t.http.get('/knowledge/suggestions?queue=Complaints!').set(auth(agent)).expect(400);
    expect(JSON.stringify(bad.body)).toContain('queue must be a queue code');
    await t.http.get('/knowledge/suggestions?queue=complaints').set(auth(store)).expect(403);
  });

  it('supervisors write versions, publish them and read who changed what; agents read only what is published', async () => {
    const draft = (
      await t.http
        .post('/knowledge/articles')
        .set(auth(supervisor))
        .send({
          title: '以旧换新 Trade-in',
          category: 'promotion',
          body: '旧机折价 100–500 元。\n限空调、冰箱。',
          tags: ['以旧换新'],
          queues: ['orders'],
          workOrderCategories: ['promotion_dispute'],
          changeNote: '新活动',
        })
        .expect(201)
    ).body;
    expect(draft).toMatchObject({ status: 'draft', latestVersion: 1, publishedVersion: null, live: false });
    await t.http.get(`/knowledge/articles/${draft.id}`).set(auth(agent)).expect(404);
    await t.http.post('/knowledge/articles').set(auth(agent)).send({ title: 'x', category: 'promotion', body: 'x' }).expect(403);

    const published = (await t.http.post(`/knowledge/articles/${draft.id}/publish`).set(auth(supervisor)).send({}).expect(200)).body;
    expect(published).toMatchObject({ status: 'published', publishedVersion: 1, live: true });
    expect((await t.http.get(`/knowledge/articles/${draft.id}`).set(auth(agent)).expect(200)).body.body).toBe('旧机折价 100–500 元。\n限空调、冰箱。');

    const revised = (
      await t.http
        .put(`/knowledge/articles/${draft.id}`)
        .set(auth(supervisor))
        .send({
          title: '以旧换新 Trade-in',
          category: 'promotion',
          body: '旧机折价 100–800 元。\n限空调、冰箱。\n需出示旧机。',
          tags: ['以旧换新', '补贴'],
          queues: ['orders', 'complaints'],
          workOrderCategories: ['promotion_dispute'],
          changeNote: '折价上限提高',
          baseVersion: 1,
        })
        .expect(200)
    ).body;
    expect(revised).toMatchObject({ latestVersion: 2, publishedVersion: 1, body: '旧机折价 100–500 元。\n限空调、冰箱。' });
    expect(revised.draft).toMatchObject({ body: '旧机折价 100–800 元。\n限空调、冰箱。\n需出示旧机。', queues: ['orders', 'complaints'] });
    // Agents still read version 1 until version 2 is published.
    expect((await t.http.get(`/knowledge/articles/${draft.id}`).set(auth(agent)).expect(200)).body).toMatchObject({
      body: '旧机折价 100–500 元。\n限空调、冰箱。',
      draft: null,
    });
    const stale = await t.http
      .put(`/knowledge/articles/${draft.id}`)
      .set(auth(supervisor))
      .send({ title: 'x', category: 'promotion', body: 'x', baseVersion: 1 })
      .expect(409);
    expect(stale.body.message).toBe(`Article ${draft.id} is at version 2, not 1: read it again before changing it`);

    const versions = (await t.http.get(`/knowledge/articles/${draft.id}/versions`).set(auth(supervisor)).expect(200)).body;
    expect(
      versions.map((v: { version: number; changedBy: string; changeNote: string; current: boolean }) => [v.version, v.changedBy, v.changeNote, v.current]),
    ).toEqual([
      [2, '2001', '折价上限提高', false],
      [1, '2001', '新活动', true],
    ]);
    const diff = (await t.http.get(`/knowledge/articles/${draft.id}/versions/2/diff`).set(auth(supervisor)).expect(200)).body;
    expect(diff.from).toBe(1);
    expect(diff.fields).toEqual([
      { field: 'tags', before: '以旧换新', after: '以旧换新, 补贴' },
      { field: 'queues', before: 'orders', after: 'orders, complaints' },
    ]);
    expect(diff.body.filter((p: { change: string }) => p.change !== 'same')).toEqual([
      { change: 'removed', text: '旧机折价 100–500 元。\n' },
      { change: 'added', text: '旧机折价 100–800 元。\n' },
      { change: 'added', text: '需出示旧机。\n' },
    ]);
    await t.http.get(`/knowledge/articles/${draft.id}/versions`).set(auth(agent)).expect(403);
    await t.http.get(`/knowledge/articles/${draft.id}/versions/1/diff`).set(auth(supervisor)).expect(400);

    await t.http.post(`/knowledge/articles/${draft.id}/publish`).set(auth(supervisor)).send({ version: 2 }).expect(200);
    expect((await t.http.get(`/knowledge/articles/${draft.id}`).set(auth(agent)).expect(200)).body.body).toBe(
      '旧机折价 100–800 元。\n限空调、冰箱。\n需出示旧机。',
    );
    expect((await t.http.get(`/knowledge/articles/${draft.id}/versions`).set(auth(supervisor)).expect(200)).body[0]).toMatchObject({
      version: 2,
      current: true,
      publishedBy: '2001',
    });
    await t.http.post(`/knowledge/articles/${draft.id}/publish`).set(auth(supervisor)).send({ version: 2 }).expect(409);

    await t.http.post(`/knowledge/articles/${draft.id}/archive`).set(auth(supervisor)).expect(200);
    await t.http.get(`/knowledge/articles/${draft.id}`).set(auth(agent)).expect(404);

    for (const [body, message] of [
      [{ title: 'x', category: 'gossip', body: 'x' }, 'category must be one of: store_promise'],
      [{ title: 'x', category: 'promotion', body: 'x', queues: ['nowhere'] }, 'queues: no queue nowhere'],
      [
        { title: 'x', category: 'promotion', body: 'x', validFrom: '2026-12-10T00:00:00Z', validUntil: '2026-12-09T00:00:00Z' },
        'validUntil must be after validFrom',
      ],
      [{ title: 'x', category: 'promotion', body: 'x', tags: ['a,b'] }, 'each tag must be 1–24 characters'],
    ] as const) {
      expect(JSON.stringify((await t.http.post('/knowledge/articles').set(auth(supervisor)).send(body).expect(400)).body)).toContain(message);
    }
  });

  it('agents rate and suggest corrections; supervisors see and resolve them; attachments are archived and read back', async () => {
    const article = await bySupervisor('会员积分规则 Membership points');
    expect((await t.http.put(`/knowledge/articles/${article.id}/rating`).set(auth(agent)).send({ helpful: true }).expect(200)).body).toEqual({
      helpful: true,
      helpfulCount: 1,
      notHelpfulCount: 0,
    });
    await t.http.put(`/knowledge/articles/${article.id}/rating`).set(auth(otherAgent)).send({ helpful: false }).expect(200);
    expect((await t.http.put(`/knowledge/articles/${article.id}/rating`).set(auth(otherAgent)).send({ helpful: true }).expect(200)).body).toMatchObject({
      helpfulCount: 2,
      notHelpfulCount: 0,
    });
    expect((await t.http.get(`/knowledge/articles/${article.id}`).set(auth(agent)).expect(200)).body.myRating).toBe(true);
    await t.http.put(`/knowledge/articles/${article.id}/rating`).set(auth(agent)).send({ helpful: 'yes' }).expect(400);

    const suggested = (await t.http.post(`/knowledge/articles/${article.id}/corrections`).set(auth(agent)).send({ text: '积分有效期已改为 2 年' }).expect(201))
      .body;
    expect(suggested).toMatchObject({ status: 'open', by: '1001', articleVersion: 1, articleTitle: article.title });
    await t.http.get('/knowledge/corrections').set(auth(agent)).expect(403);
    const open = (await t.http.get('/knowledge/corrections?status=open').set(auth(supervisor)).expect(200)).body;
    expect(open.items.map((c: { id: number }) => c.id)).toContain(suggested.id);
    const resolved = (
      await t.http.post(`/knowledge/corrections/${suggested.id}/resolve`).set(auth(supervisor)).send({ status: 'accepted', note: '已修订' }).expect(200)
    ).body;
    expect(resolved).toMatchObject({ status: 'accepted', resolvedBy: '2001', resolutionNote: '已修订' });
    await t.http.post(`/knowledge/corrections/${suggested.id}/resolve`).set(auth(supervisor)).send({ status: 'rejected' }).expect(409);
    expect((await t.http.get('/knowledge/corrections?status=open').set(auth(supervisor)).expect(200)).body.items).toEqual([]);

    const pdf = Buffer.from('%PDF-1.4 积分规则').toString('base64');
    const file = (
      await t.http
        .post(`/knowledge/articles/${article.id}/attachments`)
        .set(auth(supervisor))
        .send({ fileName: '积分规则.pdf', contentType: 'application/pdf', dataBase64: pdf })
        .expect(201)
    ).body;
    expect(file).toMatchObject({ fileName: '积分规则.pdf', uploadedBy: '2001' });
    const back = await t.http.get(`/knowledge/articles/${article.id}/attachments/${file.id}`).set(auth(agent)).expect(200);
    expect(Buffer.from(back.body as Buffer).toString('base64')).toBe(pdf);
    expect((await t.http.get(`/knowledge/articles/${article.id}`).set(auth(agent)).expect(200)).body.attachments).toHaveLength(1);
  });

  it('finds articles by a word through the search seam', async () => {
    expect(await titles(agent, `?q=${encodeURIComponent('价保')}`)).toContain('价格保护（价保）规则 Price protection');
    expect(await titles(agent, `?q=${encodeURIComponent('无此词语')}`)).toEqual([]);
  });

  it('scripts (话术) per queue and situation, in the agent’s language; supervisors keep them', async () => {
    const en = (await t.http.get('/call-scripts?queue=complaints&language=en-US').set(auth(agent)).expect(200)).body;
    expect(en.map((s: { situation: string }) => s.situation)).toEqual(['greeting', 'apology', 'escalation', 'closing']);
    expect(en[0].text).toContain('Hello, this is agent {agent}.');
    const written = (
      await t.http.put('/call-scripts/complaints/greeting/zh-CN').set(auth(supervisor)).send({ text: '您好，{agent} 号为您服务，请讲。' }).expect(200)
    ).body;
    expect(written).toMatchObject({ queue: 'complaints', situation: 'greeting', language: 'zh-CN', updatedBy: '2001' });
    const zh = (await t.http.get('/call-scripts?queue=complaints&language=zh-CN').set(auth(agent)).expect(200)).body;
    expect(zh[0].text).toBe('您好，{agent} 号为您服务，请讲。');
    await t.http.put('/call-scripts/complaints/greeting/zh-CN').set(auth(agent)).send({ text: 'x' }).expect(403);
    expect((await t.http.put('/call-scripts/nowhere/greeting/zh-CN').set(auth(supervisor)).send({ text: 'x' }).expect(400)).body.message).toBe(
      'queue nowhere is not a queue',
    );
    expect(JSON.stringify((await t.http.put('/call-scripts/complaints/farewell/zh-CN').set(auth(supervisor)).send({ text: 'x' }).expect(400)).body)).toContain(
      'situation must be one of: greeting, apology, escalation, closing',
    );
  });

  it('the directory: stores, logistics, dispatch and manufacturers with numbers, hours and the responsible person, kept by supervisors', async () => {
    const manufacturers = (await t.http.get('/units?terminal=manufacturer').set(auth(store)).expect(200)).body;
    expect(manufacturers.map((u: { code: string }) => u.code)).toEqual(['M001', 'M002', 'M003']);
    expect(manufacturers[0]).toMatchObject({ phone: '400-699 9999', hours: '7×24 小时' });
    const updated = (await t.http.patch('/units/S001').set(auth(supervisor)).send({ phone: '010-6551 2009', contactPerson: '郑芳', notes: null }).expect(200))
      .body;
    expect(updated).toMatchObject({ code: 'S001', phone: '010-6551 2009', contactPerson: '郑芳', updatedByJobNumber: '2001' });
    expect(
      (
        await t.http
          .get(`/units?q=${encodeURIComponent('6551 2009')}`)
          .set(auth(agent))
          .expect(200)
      ).body.map((u: { code: string }) => u.code),
    ).toEqual(['S001']);
    await t.http.patch('/units/S001').set(auth(agent)).send({ phone: '010-1' }).expect(403);
    expect(JSON.stringify((await t.http.patch('/units/S001').set(auth(supervisor)).send({ phone: 'call the store' }).expect(400)).body)).toContain(
      'phone must be a phone number',
    );
    await t.http.patch('/units/S999').set(auth(supervisor)).send({ phone: '010-1234 5678' }).expect(404);
    const created = (
      await t.http
        .post('/units')
        .set(auth(supervisor))
        .send({ code: 'M004', name: '西门子 Siemens service', terminal: 'manufacturer', phone: '400-889 9999' })
        .expect(201)
    ).body;
    expect(created).toMatchObject({ code: 'M004', terminal: 'manufacturer', phone: '400-889 9999' });
    await t.http.post('/units').set(auth(supervisor)).send({ code: 'M004', name: 'again', terminal: 'manufacturer' }).expect(409);
  });
});
