import { DemoActivitySeedService } from '../src/seed/demo-activity-seed.service';
import { startTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
type Inbox = {
  tabs: { key: string; count: number }[];
  items: { number: string; status: string; overdue: boolean; unit: { code: string } | null; externalOrderNumber?: string }[];
};

/**
 * The demo activity gives every role's inbox something to do on a fresh demo site: store staff of S001,
 * the agent who filed the orders, the supervisor (logistics and dispatch too), each through the real
 * services (numbers, SLA deadlines, audit); seeding again adds nothing.
 */
describe('demo activity: the desk’s work orders (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      SEED_DEMO_ACTIVITY: 'true',
      HOT_SPOT_INTERVAL_SECONDS: '0',
      CAPACITY_CHECK_INTERVAL_SECONDS: '0',
      SLA_SCAN_INTERVAL_SECONDS: '0',
    });
  });
  afterAll(() => t?.close());

  const inbox = async (jobNumber: string, tab?: string): Promise<Inbox> =>
    (
      await t.http
        .get(`/work-orders/inbox${tab ? `?tab=${tab}` : ''}`)
        .set(auth(await t.tokenFor(jobNumber)))
        .expect(200)
    ).body;
  const count = (page: Inbox, tab: string) => page.tabs.find((x) => x.key === tab)?.count;

  it('store staff of S001 find orders to start, in progress, awaiting acceptance and overdue', async () => {
    const store = await inbox('4001', 'unit');
    expect(count(store, 'unit')).toBe(4);
    expect(count(store, 'unit_overdue')).toBe(1);
    expect(store.items.every((o) => o.unit?.code === 'S001')).toBe(true);
    expect(store.items.map((o) => o.status).sort()).toEqual(['assigned', 'assigned', 'in_progress', 'solution_proposed']);
    expect(store.items.filter((o) => o.overdue)).toHaveLength(1);

    const token = await t.tokenFor('4001');
    const inProgress = store.items.find((o) => o.status === 'in_progress')!;
    const order = (await t.http.get(`/work-orders/${inProgress.number}`).set(auth(token)).expect(200)).body;
    expect(order.remarks).toEqual([expect.objectContaining({ flag: 'special_instruction', by: '4001' })]);
    expect((await t.http.get(`/work-orders/${inProgress.number}/claims`).set(auth(token)).expect(200)).body).toEqual([
      expect.objectContaining({ status: 'requested', amount: 300 }),
    ]);
    const trail = (await t.http.get(`/work-orders/${inProgress.number}/timeline`).set(auth(token)).expect(200)).body.items as {
      kind: string;
      action?: string;
    }[];
    expect(trail.filter((e) => e.kind === 'action').map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'start']));
  });

  it('the agent who filed them has them under mine and one to follow up; the supervisor sees logistics and dispatch too', async () => {
    const agent = await inbox('1003');
    expect(count(agent, 'mine')).toBe(6);
    expect(count(agent, 'follow_ups')).toBe(1);
    const supervisor = await inbox('2001', 'all');
    expect(new Set(supervisor.items.map((o) => o.unit?.code))).toEqual(new Set(['S001', 'S002', 'L001', 'D001']));
    expect(count(supervisor, 'overdue')).toBe(2);
  });

  it('seeding again adds nothing', async () => {
    expect((await t.app.get(DemoActivitySeedService).seed()).workOrders).toBe(0);
    expect(count(await inbox('4001'), 'unit')).toBe(4);
  });
});
