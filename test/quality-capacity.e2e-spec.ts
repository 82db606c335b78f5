import { siteDay } from '../src/clock/site-day';
import { CapacityWarningService } from '../src/quality/capacity/capacity-warning.service';
import { startTestApp, TestApp } from './support/test-app';
import { byMessage } from './support/error-body';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const OFFSET = 480; // SITE_UTC_OFFSET_MINUTES default
const DAY_MS = 86_400_000;

describe('quality: daily volumes import and the logistics capacity early warning (e2e)', () => {
  let t: TestApp;
  let quality: string;
  let agent: string;
  let supervisor: string;
  let units: Record<string, { id: number; dailyCapacity: number | null }>;
  // Site days relative to now: the import checks capacity as of the app clock (wall time here).
  const day = (n: number) => siteDay(new Date(Date.now() + n * DAY_MS), OFFSET);
  const key = (code: string, n: number) => `capacity:${units[code].id}:${day(n)}`;

  beforeAll(async () => {
    t = await startTestApp({ CAPACITY_CHECK_INTERVAL_SECONDS: '0', HOT_SPOT_INTERVAL_SECONDS: '0', SLA_SCAN_INTERVAL_SECONDS: '0' });
    [quality, agent, supervisor] = await Promise.all([t.tokenFor('3001'), t.tokenFor('1001'), t.tokenFor('2001')]);
    const list = (await t.http.get('/units').set(auth(quality)).expect(200)).body as { id: number; code: string; dailyCapacity: number | null }[];
    units = Object.fromEntries(list.map((u) => [u.code, { id: u.id, dailyCapacity: u.dailyCapacity }]));
    expect(units.L001.dailyCapacity).toBe(400);
    expect(units.L002.dailyCapacity).toBe(300);
  });
  afterAll(() => t?.close());

  const capacityAlerts = async () => (await t.http.get('/quality/alerts?type=capacity').set(auth(quality)).expect(200)).body as any[];

  it('imports a CSV, gives the same figures back, and warns for the over-booked upcoming day only', async () => {
    const rows = [
      { unit: 'L001', date: day(-1), bookedDeliveries: 500, sales: null }, // past: never warned
      { unit: 'L001', date: day(0), bookedDeliveries: 480, sales: null }, // today: too late to warn
      { unit: 'L001', date: day(1), bookedDeliveries: 380, sales: null }, // 95 % → warning
      { unit: 'L001', date: day(2), bookedDeliveries: 200, sales: null }, // 50 %
      { unit: 'L001', date: day(3), bookedDeliveries: 360, sales: null }, // exactly 90 %: not above
      { unit: 'L001', date: day(5), bookedDeliveries: 900, sales: null }, // beyond the look-ahead
      { unit: 'L002', date: day(1), bookedDeliveries: 100, sales: null },
      { unit: 'S001', date: day(1), bookedDeliveries: null, sales: 250 },
      { unit: 'S002', date: day(-1), bookedDeliveries: null, sales: 0 },
    ];
    const csv =
      '\ufeffunit,date,bookedDeliveries,sales\r\n' + rows.map((r) => [r.unit, r.date, r.bookedDeliveries ?? '', r.sales ?? ''].join(',')).join('\r\n') + '\r\n';
    const res = await t.http.post('/quality/volumes.csv').set(auth(quality)).set('Content-Type', 'text/csv').send(csv).expect(201);
    expect(res.body.imported).toBe(rows.length);
    expect(res.body.alerts).toEqual({ raised: [key('L001', 1)], escalated: [] });

    const back = (
      await t.http
        .get(`/quality/volumes?from=${day(-1)}&to=${day(5)}`)
        .set(auth(quality))
        .expect(200)
    ).body as any[];
    const asImported = back.map((v) => ({ unit: v.unitCode, date: v.date, bookedDeliveries: v.bookedDeliveries, sales: v.sales }));
    const byKey = (r: { unit: string; date: string }) => `${r.date} ${r.unit}`;
    expect(asImported.sort((a, b) => byKey(a).localeCompare(byKey(b)))).toEqual([...rows].sort((a, b) => byKey(a).localeCompare(byKey(b))));
    const one = (
      await t.http
        .get(`/quality/volumes?from=${day(1)}&to=${day(1)}&unit=L002`)
        .set(auth(quality))
        .expect(200)
    ).body;
    expect(one).toEqual([
      expect.objectContaining({ unitCode: 'L002', date: day(1), bookedDeliveries: 100, sales: null, capacity: 300, capacitySource: 'unit' }),
    ]);

    const alerts = await capacityAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      type: 'capacity',
      level: 'warning',
      unitCode: 'L001',
      acknowledgedAt: null,
      figures: { day: day(1), bookings: 380, capacity: 400, loadPct: 95 },
    });
    expect(alerts[0].message).toContain('L001');
    expect(alerts[0].message).toContain(day(1));
  });

  it('takes a multipart upload too, and checking again raises nothing new', async () => {
    const csv = `unit,date,bookedDeliveries\nL002,${day(1)},290\n`;
    const res = await t.http
      .post('/quality/volumes.csv')
      .set(auth(supervisor))
      .attach('file', Buffer.from(csv), { filename: 'volumes.csv', contentType: 'text/csv' })
      .expect(201);
    expect(res.body.alerts.raised).toEqual([key('L002', 1)]); // 96.7 %
    const again = await t.app.get(CapacityWarningService).check(new Date());
    expect(again.raised).toEqual([]);
    expect(again.escalated).toEqual([]);
    expect((await capacityAlerts()).map((a) => a.alertKey).sort()).toEqual([key('L001', 1), key('L002', 1)].sort());
    // The sales imported for L002's day stay as they were (absent column = keep).
    const l002 = (
      await t.http
        .get(`/quality/volumes?from=${day(1)}&to=${day(1)}&unit=L002`)
        .set(auth(quality))
        .expect(200)
    ).body[0];
    expect(l002).toMatchObject({ bookedDeliveries: 290, sales: null });
  });

  it('escalates the warning in place when bookings pass capacity (once), never duplicating it', async () => {
    const res = await t.http
      .post('/quality/volumes')
      .set(auth(quality))
      .send({ rows: [{ unit: 'L001', date: day(1), bookedDeliveries: 430 }] })
      .expect(201);
    expect(res.body.alerts).toEqual({ raised: [], escalated: [key('L001', 1)] });
    const again = await t.http
      .post('/quality/volumes')
      .set(auth(quality))
      .send({ rows: [{ unit: 'L001', date: day(1), bookedDeliveries: 440 }] })
      .expect(201);
    expect(again.body.alerts).toEqual({ raised: [], escalated: [] });
    const alerts = (await capacityAlerts()).filter((a) => a.alertKey === key('L001', 1));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ level: 'over_capacity', figures: { bookings: 440, capacity: 400, loadPct: 110 } });
    expect(alerts[0]).toMatchObject({
      messageCode: 'quality.alert.capacity_over',
      messageParams: { bookings: 440, capacity: 400, loadPct: 110, unitCode: expect.any(String) },
    });
  });

  it('refuses a bad import whole, naming the row and field of each bad row', async () => {
    const csv = `unit,date,bookedDeliveries,sales\nL001,${day(2)},390,\nX999,${day(2)},10,\nL002,2026-02-30,10,\nL002,${day(2)},-5,\nS001,${day(2)},,abc\n`;
    const res = await t.http.post('/quality/volumes.csv').set(auth(quality)).set('Content-Type', 'text/csv').send(csv).expect(400);
    expect(res.body.errors.map(byMessage)).toEqual([
      'row 2: unit "X999" is not a known unit code',
      'row 3: date "2026-02-30" is not a calendar date YYYY-MM-DD',
      'row 4: bookedDeliveries must be a whole number ≥ 0',
      'row 5: sales must be a whole number ≥ 0',
    ]);
    // Row 1 was good, but nothing was written.
    const l001 = (
      await t.http
        .get(`/quality/volumes?from=${day(2)}&to=${day(2)}&unit=L001`)
        .set(auth(quality))
        .expect(200)
    ).body[0];
    expect(l001.bookedDeliveries).toBe(200);

    const json = await t.http
      .post('/quality/volumes')
      .set(auth(quality))
      .send({ rows: [{ unit: 'L001', date: 'tomorrow', bookedDeliveries: 1.5 }] })
      .expect(400);
    expect(json.body.errors.map(byMessage)).toEqual([
      'row 1: date "tomorrow" is not a calendar date YYYY-MM-DD',
      'row 1: bookedDeliveries must be a whole number ≥ 0',
    ]);
    expect((await t.http.post('/quality/volumes').set(auth(quality)).send({ rows: 'x' }).expect(400)).body.errors.map(byMessage)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^rows must be an array/)]),
    );
    expect(
      (await t.http.post('/quality/volumes.csv').set(auth(quality)).set('Content-Type', 'text/csv').send('unit,date\n"L001,2026').expect(400)).body.errors[0]
        .message,
    ).toMatch(/^CSV/);
    await t.http.post('/quality/volumes.csv').set(auth(quality)).send({}).expect(400);
    await t.http.post('/quality/volumes').set(auth(agent)).send({ rows: [] }).expect(403);
    expect((await t.http.get('/quality/volumes?from=2026-11-30&to=2026-11-01').set(auth(quality)).expect(400)).body.errors.map(byMessage)).toEqual([
      'to must not be before from',
    ]);
  });

  it('takes a capacity for one day, which the warning uses', async () => {
    // Day 2 has 200 bookings against 400: lowering that day's capacity to 210 makes it 95.2 %.
    const res = await t.http
      .put(`/quality/capacity/L001/${day(2)}`)
      .set(auth(supervisor))
      .send({ capacity: 210 })
      .expect(200);
    expect(res.body).toMatchObject({
      unitCode: 'L001',
      date: day(2),
      capacity: 210,
      capacitySource: 'day',
      bookedDeliveries: 200,
      alerts: { raised: [key('L001', 2)], escalated: [] },
    });
    const caps = (
      await t.http
        .get(`/quality/capacity?from=${day(1)}&to=${day(3)}`)
        .set(auth(quality))
        .expect(200)
    ).body as any[];
    expect(caps.find((c) => c.unitCode === 'L001' && c.date === day(2))).toMatchObject({ capacity: 210, capacitySource: 'day' });
    expect(caps.find((c) => c.unitCode === 'L001' && c.date === day(3))).toMatchObject({ capacity: 400, capacitySource: 'unit', bookedDeliveries: 360 });
    expect(caps.find((c) => c.unitCode === 'D001' && c.date === day(3))).toMatchObject({ capacity: null, bookedDeliveries: null });
    expect(caps.some((c) => c.unitCode === 'S001')).toBe(false); // stores have no delivery capacity
    // Cleared: back to the unit's capacity.
    expect(
      (
        await t.http
          .put(`/quality/capacity/L001/${day(2)}`)
          .set(auth(supervisor))
          .send({ capacity: null })
          .expect(200)
      ).body,
    ).toMatchObject({ capacity: 400, capacitySource: 'unit' });
    await t.http
      .put(`/quality/capacity/NOPE/${day(2)}`)
      .set(auth(supervisor))
      .send({ capacity: 1 })
      .expect(404);
    expect(
      (
        await t.http
          .put(`/quality/capacity/L001/${day(2)}`)
          .set(auth(supervisor))
          .send({ capacity: -1 })
          .expect(400)
      ).body.errors[0].message,
    ).toMatch(/^capacity must/);
    expect((await t.http.put('/quality/capacity/L001/2026-13-01').set(auth(supervisor)).send({ capacity: 1 }).expect(400)).body.errors.map(byMessage)).toEqual([
      'date "2026-13-01" is not a calendar date YYYY-MM-DD',
    ]);
  });

  it('the scheduled check as of a later day warns for what is then upcoming, not for past days', async () => {
    // Seen from two days later, day 3 (360 of 400, 90 %) is tomorrow and not above the threshold; day 5 (900) is within the look-ahead.
    const later = await t.app.get(CapacityWarningService).check(new Date(Date.now() + 2 * DAY_MS));
    expect(later.raised).toEqual([key('L001', 5)]);
    expect(later.warnings.map((w) => `${w.unitCode} ${w.date}`)).toEqual([`L001 ${day(5)}`]);
  });

  it('lists and acknowledges alerts', async () => {
    const [first] = (await t.http.get('/quality/alerts?status=open&type=capacity').set(auth(supervisor)).expect(200)).body;
    const ack = await t.http.post(`/quality/alerts/${first.id}/acknowledge`).set(auth(quality)).send({ note: '加派车辆 extra trucks booked' }).expect(201);
    expect(ack.body).toMatchObject({ id: first.id, acknowledgedByJobNumber: '3001', note: '加派车辆 extra trucks booked' });
    expect(ack.body.acknowledgedAt).not.toBeNull();
    expect((await t.http.post(`/quality/alerts/${first.id}/acknowledge`).set(auth(supervisor)).send({}).expect(409)).body.message).toMatch(
      /already acknowledged by 3001/,
    );
    await t.http.post('/quality/alerts/999999/acknowledge').set(auth(quality)).send({}).expect(404);
    await t.http.post(`/quality/alerts/${first.id}/acknowledge`).set(auth(agent)).send({}).expect(403);
    const open = (await t.http.get('/quality/alerts?status=open').set(auth(quality)).expect(200)).body as { id: number }[];
    const acknowledged = (await t.http.get('/quality/alerts?status=acknowledged').set(auth(quality)).expect(200)).body as { id: number }[];
    expect(open.map((a) => a.id)).not.toContain(first.id);
    expect(acknowledged.map((a) => a.id)).toEqual([first.id]);
    expect((await t.http.get('/quality/alerts?status=closed&type=x').set(auth(quality)).expect(400)).body.errors.map(byMessage)).toEqual(
      expect.arrayContaining(['status must be open or acknowledged', 'type must be one of: capacity, hot_spot']),
    );
  });
});
