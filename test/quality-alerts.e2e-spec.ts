import { DataSource, In, LessThan } from 'typeorm';
import { io, Socket } from 'socket.io-client';
import { hotSpotWindow } from '../src/quality/alerts/hot-spots';
import { HotSpotService } from '../src/quality/alerts/hot-spot.service';
import { SoftphoneGateway } from '../src/softphone/softphone.gateway';
import { roleRoom } from '../src/softphone/softphone.service';
import { WorkOrder } from '../src/work-orders/work-order.entity';
import { startTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

class Client {
  readonly events: { event: string; payload: any }[] = [];
  constructor(readonly socket: Socket) {
    socket.onAny((event, payload) => this.events.push({ event, payload }));
  }
  of(event: string) {
    return this.events.filter((e) => e.event === event).map((e) => e.payload);
  }
}

async function until(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('quality: hot spots (爆发点), alert pushes and work-order notifications on /softphone (e2e)', () => {
  let t: TestApp;
  let baseUrl: string;
  let agentToken: string;
  let quality: string;
  let supervisor: string;
  const clients: Client[] = [];
  const env = {
    HOT_SPOT_INTERVAL_SECONDS: '0',
    CAPACITY_CHECK_INTERVAL_SECONDS: '0',
    SLA_SCAN_INTERVAL_SECONDS: '0',
    HOT_SPOT_BASELINE_DAYS: '7',
    HOT_SPOT_WINDOW_HOURS: '24',
    HOT_SPOT_FACTOR: '2',
    HOT_SPOT_MIN_COUNT: '5',
  };

  beforeAll(async () => {
    t = await startTestApp(env);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    [agentToken, quality, supervisor] = await Promise.all([t.tokenFor('1001'), t.tokenFor('3001'), t.tokenFor('2001')]);
  });
  afterAll(async () => {
    for (const c of clients) c.socket.close();
    await t?.close();
  });

  const connect = async (token: string, role: string): Promise<Client> => {
    const client = new Client(io(`${baseUrl}/softphone`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true }));
    clients.push(client);
    const server = t.app.get(SoftphoneGateway)['server'];
    await until(
      `${role} joined`,
      async () => client.socket.connected && (await server.in(roleRoom(role)).fetchSockets()).some((s) => s.id === client.socket.id),
    );
    return client;
  };

  const complaint = async (unitCode: string, category: string, type = 'complaint', channel = 'hotline'): Promise<string> => {
    const res = await t.http
      .post('/work-orders')
      .set(auth(agentToken))
      .send({
        channel,
        type,
        category,
        terminal: 'store',
        unitCode,
        customerPhone: '13800138000',
        description: `${category} at ${unitCode}`,
      });
    if (res.status !== 201) throw new Error(`create failed ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.number as string;
  };

  it('raises one alert per spiking unit and cause, pushed to supervisors and quality monitors only', async () => {
    const [sup, mon, agt] = [await connect(supervisor, 'supervisor'), await connect(quality, 'quality'), await connect(agentToken, 'agent')];
    const now = new Date();
    const window = hotSpotWindow(now, { windowHours: 24, baselineDays: 7 }, 480);
    // History, created through the API and moved back into the baseline (the API stamps creation with the clock).
    const history: string[] = [];
    for (let i = 0; i < 28; i++) history.push(await complaint('S002', 'price_dispute')); // 4 a day for 7 days
    const db = t.app.get(DataSource);
    for (let i = 0; i < history.length; i++) {
      await db.getRepository(WorkOrder).update({ number: history[i] }, { createdAt: new Date(window.start.getTime() - (Math.floor(i / 4) + 1) * DAY + HOUR) });
    }
    // Today: S001 six rude-staff complaints (no history → spikes by the minimum count); S002 six price disputes
    // (baseline 4 a day → needs 8: no spike); S003 four (under the minimum) and six inquiries (not complaints).
    for (let i = 0; i < 6; i++) await complaint('S001', 'rude_staff');
    for (let i = 0; i < 6; i++) await complaint('S002', 'price_dispute');
    for (let i = 0; i < 4; i++) await complaint('S003', 'wrong_invoice');
    for (let i = 0; i < 6; i++) await complaint('S003', 'opening_hours', 'inquiry');
    const inBaseline = await db.getRepository(WorkOrder).countBy({ number: In(history), createdAt: LessThan(window.start) });
    expect(inBaseline).toBe(28);

    const detection = t.app.get(HotSpotService);
    const first = await detection.detect(new Date());
    const s001 = (await t.http.get('/units').set(auth(quality)).expect(200)).body.find((u: { code: string }) => u.code === 'S001');
    const iso = window.start.toISOString();
    expect(first.raised.sort()).toEqual([`hot_spot:cause:store:rude_staff:${iso}`, `hot_spot:unit:store:${s001.id}:${iso}`].sort());

    const alerts = (await t.http.get('/quality/alerts?type=hot_spot').set(auth(supervisor)).expect(200)).body as any[];
    expect(alerts).toHaveLength(2);
    const unitAlert = alerts.find((a) => a.subject === 'unit');
    expect(unitAlert).toMatchObject({
      type: 'hot_spot',
      unitCode: 'S001',
      terminal: 'store',
      figures: { count: 6, baselineCount: 0, baselinePerWindow: 0 },
      periodStart: iso,
    });
    expect(unitAlert.message).toContain('S001');
    expect(alerts.find((a) => a.subject === 'cause').message).toContain('cause rude_staff, store'); // not on the cause list: its code
    expect(alerts.find((a) => a.subject === 'cause')).toMatchObject({ category: 'rude_staff', figures: { count: 6, baselineCount: 0 } });
    // The text as a code with its values, for pages to say it in their language.
    expect(unitAlert).toMatchObject({
      messageCode: 'quality.alert.hot_spot_unit',
      messageParams: { unitCode: 'S001', terminal: 'store', count: 6, baselinePerWindow: 0, periodStart: iso },
    });
    expect(alerts.find((a) => a.subject === 'cause')).toMatchObject({
      messageCode: 'quality.alert.hot_spot_cause',
      messageParams: { category: 'rude_staff', count: 6 },
    });

    // Once per subject and window: detecting again, even after a seventh complaint, raises nothing new.
    await complaint('S001', 'rude_staff');
    expect((await detection.detect(new Date())).raised).toEqual([]);
    const after = (await t.http.get('/quality/alerts?type=hot_spot').set(auth(supervisor)).expect(200)).body as any[];
    expect(after).toHaveLength(2);
    expect(after.find((a) => a.subject === 'unit').figures.count).toBe(7);

    await until('pushes', () => sup.of('quality-alert').length === 2 && mon.of('quality-alert').length === 2);
    expect(
      sup
        .of('quality-alert')
        .map((a) => a.alertKey)
        .sort(),
    ).toEqual(first.raised.sort());
    expect(mon.of('quality-alert')[0]).toMatchObject({ type: 'hot_spot', change: 'raised' });

    // Work-order notifications: a major complaint (消协) reaches supervisors' and monitors' sockets.
    await complaint('S003', 'product_quality', 'complaint', 'consumer_association');
    await until('work-order notification', () => sup.of('work-order-notification').length === 1 && mon.of('work-order-notification').length === 1);
    expect(sup.of('work-order-notification')[0]).toMatchObject({ type: 'major-complaint', channel: 'consumer_association' });
    await new Promise((r) => setTimeout(r, 100));
    expect(agt.of('quality-alert')).toEqual([]);
    expect(agt.of('work-order-notification')).toEqual([]);
  });
});

describe('quality: the demo seed’s spikes (e2e) — alerts fire on the seeded spikes only', () => {
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

  it('seeds one over-booked upcoming day and one complaint spike, and exactly their alerts fire', async () => {
    const quality = await t.tokenFor('3001');
    const { DEMO_BOOKINGS, DEMO_SPIKE, DemoActivitySeedService } = await import('../src/seed/demo-activity-seed.service');
    const { CapacityWarningService } = await import('../src/quality/capacity/capacity-warning.service');
    const units = (await t.http.get('/units').set(auth(quality)).expect(200)).body as { id: number; code: string; dailyCapacity: number | null }[];
    const now = new Date();
    const today = new Date(now.getTime() + 480 * 60_000).toISOString().slice(0, 10);
    const dayAfter = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

    // Expected capacity warnings, from the seed's figures: upcoming days (+1 … +3) over 90 % of the centre's capacity.
    const expectedCapacity = Object.entries(DEMO_BOOKINGS).flatMap(([code, bookings]) => {
      const unit = units.find((u) => u.code === code)!;
      return bookings
        .map((n, i) => ({ offset: i - 3, n }))
        .filter(({ offset, n }) => offset >= 1 && offset <= 3 && n * 100 > 90 * unit.dailyCapacity!)
        .map(({ offset }) => `capacity:${unit.id}:${dayAfter(offset)}`);
    });
    expect(expectedCapacity).toHaveLength(1);
    const capacity = await t.app.get(CapacityWarningService).check(now);
    expect(capacity.raised).toEqual(expectedCapacity);

    const spikeUnit = units.find((u) => u.code === DEMO_SPIKE.unitCode)!;
    const window = hotSpotWindow(now, { windowHours: 24, baselineDays: 28 }, 480).start.toISOString();
    const hot = await t.app.get(HotSpotService).detect(now);
    expect(hot.raised.sort()).toEqual([`hot_spot:cause:store:${DEMO_SPIKE.category}:${window}`, `hot_spot:unit:store:${spikeUnit.id}:${window}`].sort());
    const alerts = (await t.http.get('/quality/alerts').set(auth(quality)).expect(200)).body as { alertKey: string; subject: string; message: string }[];
    expect(alerts.map((a) => a.alertKey).sort()).toEqual([...expectedCapacity, ...hot.raised].sort());
    // A cause on the managed list is named by its label.
    expect(alerts.find((a) => a.subject === 'cause')!.message).toContain(`cause 服务态度 Staff attitude (${DEMO_SPIKE.category}), store`);

    // Seeding again adds nothing.
    expect(await t.app.get(DemoActivitySeedService).seed(now)).toEqual({ volumes: 0, workOrders: 0 });
  });
});
