import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { SmsNotifierService } from '../src/sms/sms-notifier.service';
import { startTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const HOUR = 3600_000;

/** The work-order desk's API (#14): the inbox per role, live changes, the detail's timeline, walk-ins and the customer 360. */
describe('work-order desk (e2e, on the engine under test)', () => {
  let t: TestApp;
  let baseUrl: string;
  let agent: string; // 1001
  let otherAgent: string; // 1002
  let supervisor: string; // 2001
  let quality: string; // 3001
  let store: string; // 4001, unit S001

  beforeAll(async () => {
    t = await startTestApp({ SLA_SCAN_INTERVAL_SECONDS: '0' });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
    [agent, otherAgent, supervisor, quality, store] = await Promise.all(['1001', '1002', '2001', '3001', '4001'].map((j) => t.tokenFor(j)));
  });
  afterAll(() => t.close());

  const create = async (token: string, body: Record<string, unknown> = {}) => {
    const res = await t.http
      .post('/work-orders')
      .set(auth(token))
      .send({
        channel: 'hotline',
        type: 'complaint',
        category: 'late_delivery',
        terminal: 'store',
        customerPhone: '13800138000',
        description: '冰箱三天未送到',
        ...body,
      });
    if (res.status !== 201) throw new Error(`create failed ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as { number: string; version: number };
  };
  const inbox = async (token: string, query = '') => (await t.http.get(`/work-orders/inbox${query}`).set(auth(token)).expect(200)).body;
  const numbers = (page: { items: { number: string }[] }) => page.items.map((o) => o.number);
  const count = (page: { tabs: { key: string; count: number }[] }, key: string) => page.tabs.find((tab) => tab.key === key)?.count;
  const moveDue = (number: string, dueAt: Date) =>
    t.app.get(DataSource).createQueryBuilder().update('work_order').set({ dueAt }).where('number = :number', { number }).execute();

  it('gives each role its tabs with counts in one call, a row per order with its deadline, in scope only', async () => {
    const mine = await create(agent, { customerPhone: '13900000001', description: '安装师傅未按约上门' });
    const atStore = await create(agent, { unitCode: 'S001', customerPhone: '13900000002', description: '门店退货' });
    const others = await create(otherAgent, { severity: 'major', customerPhone: '13900000003', description: '媒体投诉' });
    await moveDue(atStore.number, new Date(Date.now() - HOUR)); // overdue

    const agentInbox = await inbox(agent);
    expect(agentInbox.tabs.map((tab: { key: string }) => tab.key)).toEqual(['mine', 'follow_ups']);
    expect(agentInbox.tab).toBe('mine');
    expect(numbers(agentInbox)).toEqual(expect.arrayContaining([mine.number, atStore.number]));
    expect(numbers(agentInbox)).not.toContain(others.number);
    expect(count(agentInbox, 'mine')).toBe(agentInbox.items.length);
    const row = agentInbox.items.find((o: { number: string }) => o.number === mine.number);
    expect(row).toMatchObject({ status: 'new', dueAt: expect.any(String), overdue: false, customer: { phone: '+8613900000001' } });
    expect(new Date(agentInbox.now).getTime()).toBeGreaterThan(Date.now() - 60_000);

    // Terminal staff: their unit's open orders, soonest deadline first.
    const storeInbox = await inbox(store);
    expect(storeInbox.tabs.map((tab: { key: string }) => tab.key)).toEqual(['unit', 'unit_overdue']);
    expect(storeInbox).toMatchObject({ tab: 'unit', sort: 'due' });
    expect(numbers(storeInbox)).toEqual([atStore.number]);
    expect(count(storeInbox, 'unit_overdue')).toBe(1);
    expect(storeInbox.items[0]).toMatchObject({ overdue: true, allowedActions: ['start', 'solution', 'cannot-handle'] });

    const supervisorInbox = await inbox(supervisor, '?tab=major');
    expect(supervisorInbox.tabs.map((tab: { key: string }) => tab.key)).toEqual(['all', 'overdue', 'escalated', 'major', 'cannot_handle']);
    expect(numbers(supervisorInbox)).toEqual([others.number]);
    expect(numbers(await inbox(supervisor, '?tab=overdue'))).toEqual([atStore.number]);
    expect(count(supervisorInbox, 'all')).toBe(3);

    // Quality monitors audit every order with the number masked; the full number only on opening (audited).
    const qualityInbox = await inbox(quality);
    expect(qualityInbox.tabs.map((tab: { key: string }) => tab.key)).toEqual(['audit', 'closed']);
    expect(qualityInbox.items.map((o: { customer: { phone: string } }) => o.customer.phone)).toEqual(expect.arrayContaining(['139****0001', '139****0003']));
    expect(JSON.stringify(qualityInbox)).not.toContain('13900000001');
  });

  it("filters, searches, sorts and pages by cursor; refuses a tab that is not the viewer's", async () => {
    const made = [];
    for (let i = 0; i < 5; i++)
      made.push(await create(supervisor, { customerPhone: `1370000000${i}`, category: i % 2 ? 'installation' : 'late_delivery', description: `批量 ${i}` }));
    for (const [i, order] of made.entries()) await moveDue(order.number, new Date(Date.now() + (10 - i) * HOUR));

    const byCategory = await inbox(supervisor, '?tab=all&category=installation');
    expect(numbers(byCategory)).toEqual([made[3].number, made[1].number]);
    expect(numbers(await inbox(supervisor, '?tab=all&q=13700000002'))).toEqual([made[2].number]);
    expect(numbers(await inbox(supervisor, `?tab=all&q=${made[4].number}`))).toEqual([made[4].number]);

    // Sorted by deadline, two at a time, the cursor carrying (dueAt, id).
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { number: string }[]; nextCursor: string | null } = await inbox(
        supervisor,
        `?tab=all&q=批量&sort=due&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...numbers(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse().map((o) => o.number));

    const wrongTab = await t.http.get('/work-orders/inbox?tab=audit').set(auth(agent)).expect(400);
    expect(wrongTab.body).toMatchObject({ code: 'validation.field_invalid', params: { field: 'tab', tab: 'audit', allowed: ['mine', 'follow_ups'] } });
    const badSort = await t.http.get('/work-orders/inbox?sort=random').set(auth(agent)).expect(400);
    expect(badSort.body.errors).toEqual([expect.objectContaining({ field: 'sort', code: 'validation.field_invalid', rule: 'isIn' })]);
    const crossCursor = await t.http
      .get(`/work-orders/inbox?tab=all&sort=due&cursor=${Buffer.from('in5').toString('base64url')}`)
      .set(auth(supervisor))
      .expect(400);
    expect(crossCursor.body.code).toBe('paging.cursor_invalid');
  });

  it('announces a change on /softphone to those who can see the order, and to no one else', async () => {
    const connect = (token: string) => {
      const socket: Socket = io(`${baseUrl}/softphone`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      const changes: { workOrderNumber: string; action: string; status: string }[] = [];
      socket.on('work-order-changed', (event) => changes.push(event));
      return { socket, changes, ready: new Promise<void>((resolve) => socket.on('connect', () => setTimeout(resolve, 300))) };
    };
    const storeSocket = connect(store);
    const supervisorSocket = connect(supervisor);
    const otherSocket = connect(otherAgent);
    try {
      await Promise.all([storeSocket.ready, supervisorSocket.ready, otherSocket.ready]);
      const order = await create(agent, { unitCode: 'S001' });
      await t.http.post(`/work-orders/${order.number}/start`).set(auth(store)).send({}).expect(200);
      await t.http.post(`/work-orders/${order.number}/remarks`).set(auth(store)).send({ reason: '已联系顾客', flag: 'special_instruction' }).expect(201);
      const deadline = Date.now() + 5000;
      while (storeSocket.changes.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const mine = (changes: { workOrderNumber: string; action: string }[]) => changes.filter((c) => c.workOrderNumber === order.number).map((c) => c.action);
      expect(mine(storeSocket.changes)).toEqual(['create', 'start', 'remark']);
      expect(mine(supervisorSocket.changes)).toEqual(['create', 'start', 'remark']);
      expect(storeSocket.changes.find((c) => c.action === 'start')).toMatchObject({ status: 'in_progress' });
      expect(mine(otherSocket.changes)).toEqual([]); // another agent's order: not theirs to see
    } finally {
      for (const s of [storeSocket, supervisorSocket, otherSocket]) s.socket.disconnect();
    }
  });

  it('tells the whole story in one timeline, oldest first, each thing once', async () => {
    const order = await create(agent, { unitCode: 'S001', customerPhone: '13600000001' });
    const n = order.number;
    await t.app.get(SmsNotifierService).settled(); // the SMS telling the customer the number is written
    await t.http.post(`/work-orders/${n}/start`).set(auth(store)).send({}).expect(200);
    await t.http.post(`/work-orders/${n}/remarks`).set(auth(store)).send({ reason: '顾客要求换货', flag: 'refundable' }).expect(201);
    await t.http
      .post(`/work-orders/${n}/attachments`)
      .set(auth(store))
      .send({ fileName: '破损.png', contentType: 'image/png', dataBase64: Buffer.from('png').toString('base64') })
      .expect(201);
    const claim = (
      await t.http
        .post(`/work-orders/${n}/claims`)
        .set(auth(agent))
        .send({ responsibleParty: 'store', responsibleUnitCode: 'S001', amount: 50, evidence: '照片' })
        .expect(201)
    ).body;
    await t.http.post(`/work-orders/${n}/claims/${claim.id}/approve`).set(auth(supervisor)).send({}).expect(200);
    await t.http.post(`/work-orders/${n}/cannot-handle`).set(auth(store)).send({ note: '需厂家处理' }).expect(200);

    const timeline = (await t.http.get(`/work-orders/${n}/timeline`).set(auth(supervisor)).expect(200)).body;
    expect(timeline.items.map((e: { kind: string; action?: string }) => (e.kind === 'action' ? e.action : e.kind))).toEqual([
      'create',
      'sms',
      'start',
      'remark',
      'attachment',
      'claim',
      'claim-approve',
      'cannot-handle',
      'notification',
    ]);
    expect(timeline.items.find((e: { kind: string }) => e.kind === 'remark')).toMatchObject({
      by: '4001',
      flag: 'refundable',
      colour: 'green',
      reason: '顾客要求换货',
    });
    expect(timeline.items.find((e: { kind: string }) => e.kind === 'attachment')).toMatchObject({
      by: '4001',
      fileName: '破损.png',
      href: expect.stringMatching(new RegExp(`^/work-orders/${n}/attachments/\\d+$`)),
    });
    expect(timeline.items.find((e: { kind: string }) => e.kind === 'sms')).toMatchObject({ smsKind: 'work_order_created', body: expect.stringContaining(n) });
    expect(timeline.items.find((e: { kind: string }) => e.kind === 'notification')).toMatchObject({
      type: 'escalated',
      reason: 'cannot-handle',
      audience: 'supervisor',
    });
    const times = timeline.items.map((e: { at: string }) => new Date(e.at).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    await t.http.get(`/work-orders/${n}/timeline`).set(auth(otherAgent)).expect(404);
    // The detail's ETag is the version, which a remark leaves alone: no cache may keep the body to revalidate by it.
    expect((await t.http.get(`/work-orders/${n}`).set(auth(supervisor)).expect(200)).headers['cache-control']).toBe('no-store');
  });

  it('lets store staff register a walk-in (来访接待) for their own unit only', async () => {
    const walkIn = await create(store, { channel: 'store_walk_in', customerPhone: '13500000001', customerName: '王女士', description: '到店反映冰箱异响' });
    expect(walkIn).toMatchObject({ channel: 'store_walk_in', status: 'assigned', unit: { code: 'S001' }, createdBy: '4001', agent: null });
    expect(numbers(await inbox(store))).toContain(walkIn.number);
    const elsewhere = await t.http
      .post('/work-orders')
      .set(auth(store))
      .send({
        channel: 'store_walk_in',
        type: 'complaint',
        category: 'late_delivery',
        terminal: 'store',
        customerPhone: '13500000002',
        description: 'x',
        unitCode: 'S002',
      })
      .expect(403);
    expect(elsewhere.body).toMatchObject({ code: 'work_order.walk_in_other_unit', params: { field: 'unitCode', unit: 'S002' } });
  });

  it('finds a customer by phone, name or work-order number with their orders, calls and visits (customer 360)', async () => {
    const order = await create(agent, { customerPhone: '13400000001', customerName: '赵先生', unitCode: 'S001' });
    await create(otherAgent, { customerPhone: '13400000001', description: '另一位客服的单' });
    const byPhone = (await t.http.get('/customer-360?q=134-0000-0001').set(auth(supervisor)).expect(200)).body;
    expect(byPhone).toMatchObject({ matchedBy: 'phone', customers: [{ customer: { name: '赵先生', phones: ['+8613400000001'] }, calls: [], visits: [] }] });
    expect(byPhone.customers[0].workOrders).toHaveLength(2);
    const byName = (
      await t.http
        .get(`/customer-360?q=${encodeURIComponent('赵先')}`)
        .set(auth(agent))
        .expect(200)
    ).body;
    expect(byName.matchedBy).toBe('name');
    expect(byName.customers.map((c: { customer: { name: string } }) => c.customer.name)).toEqual(['赵先生']);
    expect(byName.customers[0].workOrders.map((o: { number: string }) => o.number)).toEqual([order.number]); // only the orders the agent may see
    const byNumber = (await t.http.get(`/customer-360?q=${order.number}`).set(auth(quality)).expect(200)).body;
    expect(byNumber).toMatchObject({ matchedBy: 'work_order', customers: [{ customer: { phones: ['134****0001'] } }] });
    const atStore = (
      await t.http
        .get(`/customer-360?q=${encodeURIComponent('赵先')}`)
        .set(auth(store))
        .expect(200)
    ).body;
    expect(atStore.customers[0].workOrders.map((o: { number: string }) => o.number)).toEqual([order.number]);
    expect(atStore.customers[0].calls).toEqual([]);
    expect((await t.http.get('/customer-360?q=x').set(auth(agent)).expect(400)).body.errors[0]).toMatchObject({ field: 'q', code: 'validation.field_invalid' });
  });
});
