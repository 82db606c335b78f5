import { VirtualClock } from '@hotline/twilio-sandbox';
// The library itself, not its index (which reads a sample file when loaded outside a parent module).
import pdfParse from 'pdf-parse/lib/pdf-parse.js';
import { DataSource } from 'typeorm';
import { QualityReport } from '../src/quality/reports/quality-report.entity';
import { QualityReportsService } from '../src/quality/reports/quality-reports.service';
import { UnitVolumesService } from '../src/quality/volumes/unit-volumes.service';
import { startTestApp, TestApp } from './support/test-app';
import { parseCsv } from './support/csv';
import { byMessage } from './support/error-body';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
/** An instant in China time (UTC+8), the demo site's. */
const china = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`).getTime();
const DAY = '2026-11-23'; // the report's day (a Monday)

interface Made {
  number: string;
  terminal: string;
  unit: string | null;
  category: string;
  type: string;
  createdAt: number;
  dueAt: number;
  closedAt?: number;
  reopened?: boolean;
}

describe('quality: complaint reports by terminal, unit and cause (e2e, on the engine under test)', () => {
  let t: TestApp;
  let clock: VirtualClock;
  let agent: string;
  let supervisor: string;
  let quality: string;
  const made: Made[] = [];
  const claimsPaid: { unit: string; amount: number; at: number }[] = [];
  const satisfactions: { terminal: string; satisfaction: number }[] = [];

  const at = async (day: string, hhmm: string) => clock.advanceTo(china(day, hhmm));
  const create = async (category: string, terminal: string, unit: string | null, type = 'complaint') => {
    const res = await t.http
      .post('/work-orders')
      .set(auth(agent))
      .send({
        channel: 'hotline',
        type,
        category,
        terminal,
        customerPhone: `1380013${String(8000 + made.length).padStart(4, '0')}`,
        description: `${category} 投诉`,
        ...(unit ? { unitCode: unit } : {}),
      });
    if (res.status !== 201) throw new Error(`create ${res.status} ${JSON.stringify(res.body)}`);
    const order: Made = { number: res.body.number, terminal, unit, category, type, createdAt: clock.now(), dueAt: new Date(res.body.dueAt).getTime() };
    made.push(order);
    return order;
  };
  const act = (order: Made, action: string, body: Record<string, unknown>) =>
    t.http.post(`/work-orders/${order.number}/${action}`).set(auth(supervisor)).send(body).expect(200);
  const solveAndClose = async (order: Made) => {
    await act(order, 'solution', { solution: '已重新安排 rescheduled' });
    await act(order, 'acceptance', { accepted: true, method: 'in_person' });
    await act(order, 'close', {});
    order.closedAt = clock.now();
  };

  beforeAll(async () => {
    clock = new VirtualClock(china('2026-11-16', '09:00'));
    t = await startTestApp({ SLA_SCAN_INTERVAL_SECONDS: '0', QUALITY_REPORT_INTERVAL_SECONDS: '0', CALLBACK_DELAY_MINUTES: '60' }, { clock });
    [agent, supervisor, quality] = await Promise.all(['1001', '2001', '3001'].map((j) => t.tokenFor(j)));

    // A week before: two store complaints at S001, one dispatch complaint.
    await at('2026-11-16', '10:00');
    await create('staff_attitude', 'store', 'S001');
    await create('staff_attitude', 'store', 'S001');
    await create('late_delivery', 'dispatch', 'D001');
    // Four days before: a logistics complaint that will be closed late (past its 72 h deadline).
    await at('2026-11-19', '11:00');
    const late = await create('damaged_goods', 'logistics', 'L001');
    // The day before: one S001 complaint, and one whose first solution the customer rejects.
    await at('2026-11-22', '15:00');
    await create('staff_attitude', 'store', 'S001');
    const rejected = await create('price_protection', 'store', 'S002');
    await act(rejected, 'solution', { solution: '补差价 100 元' });
    await act(rejected, 'acceptance', { accepted: false, method: 'in_person' });
    rejected.reopened = true;

    // The day itself, site time — 00:00 to 24:00 China time is 16:00 the day before to 16:00 UTC.
    await at(DAY, '00:00');
    await create('staff_attitude', 'store', 'S001'); // the first instant of the day counts
    await at(DAY, '09:30');
    await create('staff_attitude', 'store', 'S001');
    await create('staff_attitude', 'store', 'S001');
    await create('price_protection', 'store', 'S002');
    await create('late_delivery', 'dispatch', 'D001');
    await create('late_delivery', 'dispatch', null);
    await create('invoice', 'invoice', null, 'inquiry'); // not a complaint: not counted
    const quick = await create('damaged_goods', 'logistics', 'L001');
    await at(DAY, '14:00');
    await solveAndClose(quick); // closed in 4.5 h, within its deadline
    await solveAndClose(late); // closed after 4 days: SLA missed
    await solveAndClose(rejected); // reopened once before
    const claim = (
      await t.http
        .post(`/work-orders/${late.number}/claims`)
        .set(auth(agent))
        .send({ responsibleParty: 'logistics', responsibleUnitCode: 'L001', amount: 299.5, evidence: '门板破损照片' })
        .expect(201)
    ).body;
    await t.http.post(`/work-orders/${late.number}/claims/${claim.id}/approve`).set(auth(supervisor)).send({}).expect(200);
    await t.http.post(`/work-orders/${late.number}/claims/${claim.id}/paid`).set(auth(supervisor)).send({ paymentReference: 'PAY-9' }).expect(200);
    claimsPaid.push({ unit: 'L001', amount: 299.5, at: clock.now() });
    // Callback visits (回访) an hour after each close: the customers' satisfaction, recorded on the day.
    await at(DAY, '16:00');
    for (const [order, satisfaction] of [
      [quick, 4],
      [late, 2],
      [rejected, 5],
    ] as const) {
      const visit = (await t.http.get(`/quality/callbacks?workOrder=${order.number}`).set(auth(quality)).expect(200)).body.items[0];
      await t.http.post(`/quality/callbacks/${visit.id}/result`).set(auth(quality)).send({ satisfaction, solved: true }).expect(200);
      satisfactions.push({ terminal: order.terminal, satisfaction });
    }
    await at(DAY, '23:59');
    await create('staff_attitude', 'store', 'S003'); // still the day
    await at('2026-11-24', '00:00');
    await create('staff_attitude', 'store', 'S003'); // the next day: not counted
    await at('2026-11-24', '01:00');
    // The day's volumes: S001's sales and L001's booked deliveries; S002 has deliveries only, which are not a store's volume.
    await t.app.get(UnitVolumesService).import(
      [
        { unit: 'S001', date: DAY, sales: 250 },
        { unit: 'L001', date: DAY, bookedDeliveries: 400 },
        { unit: 'S002', date: DAY, bookedDeliveries: 30 },
      ],
      new Date(clock.now()),
    );
  });
  afterAll(() => t?.close());

  /** What the report should say, counted from what this test did — not from the database. */
  const expected = (from: number, to: number) => {
    const inDay = (x: number) => x >= from && x < to;
    const complaints = made.filter((o) => o.type === 'complaint');
    const created = complaints.filter((o) => inDay(o.createdAt));
    const closed = complaints.filter((o) => o.closedAt !== undefined && inDay(o.closedAt));
    const count = (rows: Made[], key: (o: Made) => string) => rows.reduce((m, o) => m.set(key(o), (m.get(key(o)) ?? 0) + 1), new Map<string, number>());
    return {
      created,
      closed,
      byTerminal: count(created, (o) => o.terminal),
      byUnit: count(created, (o) => `${o.terminal}/${o.unit}`),
      byCause: count(created, (o) => o.category),
    };
  };
  const dayStart = china(DAY, '00:00');
  const dayEnd = china('2026-11-24', '00:00');

  it('makes the daily report of a finished day from the records: counts, closures, SLA, reopen and claims per terminal and unit', async () => {
    const res = await t.http.get(`/quality/reports/daily/${DAY}`).set(auth(quality)).expect(200);
    const { report } = res.body;
    expect(res.body).toMatchObject({ kind: 'daily', from: DAY, to: DAY, generatedBy: null });
    const want = expected(dayStart, dayEnd);

    expect(report.totals.complaints).toBe(want.created.length);
    for (const row of report.terminals) expect([row.terminal, row.complaints]).toEqual([row.terminal, want.byTerminal.get(row.terminal) ?? 0]);
    for (const row of report.terminals.flatMap((x: { terminal: string; units: { code: string | null; complaints: number }[] }) =>
      x.units.map((u) => ({ ...u, terminal: x.terminal })),
    )) {
      expect([row.terminal, row.code, row.complaints]).toEqual([row.terminal, row.code, want.byUnit.get(`${row.terminal}/${row.code}`) ?? 0]);
    }

    // Closures on the day: the quick one (4.5 h, kept), the late one (4 days + 3 h, missed), the rejected-then-accepted one (kept, reopened).
    const hours = want.closed.map((o) => (o.closedAt! - o.createdAt) / 3_600_000);
    expect(report.totals).toMatchObject({
      closed: want.closed.length,
      slaKept: want.closed.filter((o) => o.closedAt! <= o.dueAt).length,
      reopened: want.closed.filter((o) => o.reopened).length,
      avgResolutionHours: Math.round((hours.reduce((a, b) => a + b, 0) / hours.length) * 10) / 10,
      claimsPaid: 1,
      claimsPaidAmount: 299.5,
    });
    expect(report.totals.closed).toBe(3);
    expect(report.totals.slaKept).toBe(2);
    const logistics = report.terminals.find((x: { terminal: string }) => x.terminal === 'logistics');
    expect(logistics).toMatchObject({ complaints: 1, closed: 2, slaKept: 1, slaKeptPct: 50, claimsPaid: 1, claimsPaidAmount: 299.5 });
    // Satisfaction from the callback visits whose result was recorded that day.
    const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
    for (const terminal of ['logistics', 'store']) {
      const scores = satisfactions.filter((v) => v.terminal === terminal).map((v) => v.satisfaction);
      expect([terminal, report.terminals.find((x: { terminal: string }) => x.terminal === terminal)]).toMatchObject([
        terminal,
        { satisfactionAvg: mean(scores), satisfactionCount: scores.length },
      ]);
    }
    expect(report.totals).toMatchObject({ satisfactionAvg: mean(satisfactions.map((v) => v.satisfaction)), satisfactionCount: 3 });
    // Complaints per 1 000 sales (stores) or deliveries (logistics), only where a volume was imported.
    const unitRow = (terminal: string, code: string) =>
      report.terminals.find((x: { terminal: string }) => x.terminal === terminal).units.find((u: { code: string }) => u.code === code);
    expect(unitRow('store', 'S001')).toMatchObject({ volume: 250, ratePer1000: Math.round((want.byUnit.get('store/S001')! / 250) * 1000 * 100) / 100 });
    expect(unitRow('store', 'S002')).toMatchObject({ volume: null, ratePer1000: null });
    expect(unitRow('logistics', 'L001')).toMatchObject({ volume: 400, ratePer1000: Math.round((want.byUnit.get('logistics/L001')! / 400) * 1000 * 100) / 100 });
    // The dispatch complaint without a unit is listed under the terminal, not lost.
    const dispatch = report.terminals.find((x: { terminal: string }) => x.terminal === 'dispatch');
    expect(dispatch.units.map((u: { code: string | null }) => u.code).sort()).toEqual(['D001', null].sort());
  });

  it('compares with the day before (日环比) and the same day a week earlier (周同比), and names the top causes', async () => {
    const { report } = (await t.http.get(`/quality/reports/daily/${DAY}`).set(auth(quality)).expect(200)).body;
    const now = expected(dayStart, dayEnd);
    const before = expected(china('2026-11-22', '00:00'), dayStart);
    const week = expected(china('2026-11-16', '00:00'), china('2026-11-17', '00:00'));
    const store = report.terminals.find((x: { terminal: string }) => x.terminal === 'store');
    expect(store.change.previousPeriod).toMatchObject({
      previous: before.byTerminal.get('store'),
      delta: now.byTerminal.get('store')! - before.byTerminal.get('store')!,
    });
    expect(store.change.previousWeek).toMatchObject({
      previous: week.byTerminal.get('store'),
      delta: now.byTerminal.get('store')! - week.byTerminal.get('store')!,
    });
    expect(report.comparison).toEqual({ previousPeriod: { from: '2026-11-22', to: '2026-11-22' }, previousWeek: { from: '2026-11-16', to: '2026-11-16' } });
    // The causes, busiest first, with the managed list's labels.
    const causes = [...now.byCause].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).slice(0, 5);
    expect(report.topCauses.map((c: { cause: string; complaints: number }) => [c.cause, c.complaints])).toEqual(causes);
    expect(report.topCauses[0]).toMatchObject({ cause: 'staff_attitude', labelZh: '服务态度', labelEn: 'Staff attitude' });
  });

  it('stores one daily report per day however many ask at once, and the scheduler finds it made', async () => {
    const service = t.app.get(QualityReportsService);
    const nextDay = '2026-11-24';
    await at('2026-11-25', '00:30');
    const views = await Promise.all([service.daily(nextDay), service.daily(nextDay), service.makeYesterdays(new Date(clock.now()))]);
    expect(new Set(views.slice(0, 2).map((v) => (v as { id: number }).id)).size).toBe(1);
    expect(await t.app.get(DataSource).getRepository(QualityReport).countBy({ dailyKey: nextDay })).toBe(1);
    expect(await service.makeYesterdays(new Date(clock.now()))).toBeNull();
    // The day so far has no daily report yet.
    const today = await t.http.get('/quality/reports/daily/2026-11-25').set(auth(quality)).expect(404);
    expect(today.body.message).toMatch(/once the day is over/);
  });

  it('makes a report over any range on demand, lists reports newest first, and refuses bad input', async () => {
    const range = (await t.http.post('/quality/reports').set(auth(supervisor)).send({ from: '2026-11-16', to: DAY }).expect(201)).body;
    const want = expected(china('2026-11-16', '00:00'), dayEnd);
    expect(range).toMatchObject({ kind: 'on_demand', from: '2026-11-16', to: DAY, generatedBy: '2001' });
    expect(range.report.totals.complaints).toBe(want.created.length);
    expect(range.report.comparison.previousPeriod).toEqual({ from: '2026-11-08', to: '2026-11-15' });

    const list = (await t.http.get('/quality/reports?limit=1').set(auth(quality)).expect(200)).body;
    expect(list.items).toEqual([expect.objectContaining({ id: range.id, kind: 'on_demand' })]);
    expect(list.items[0].report).toBeUndefined();
    const next = (await t.http.get(`/quality/reports?limit=5&cursor=${list.nextCursor}`).set(auth(quality)).expect(200)).body;
    expect(next.items.every((r: { id: number }) => r.id < range.id)).toBe(true);
    expect((await t.http.get('/quality/reports?kind=daily').set(auth(quality)).expect(200)).body.items.map((r: { from: string }) => r.from)).toEqual([
      '2026-11-24',
      DAY,
    ]);

    expect((await t.http.post('/quality/reports').set(auth(quality)).send({ from: '2026-02-30', to: DAY }).expect(400)).body.errors.map(byMessage)).toEqual([
      'from "2026-02-30" is not a calendar date',
    ]);
    expect((await t.http.post('/quality/reports').set(auth(quality)).send({ from: DAY, to: '2026-11-01' }).expect(400)).body.errors.map(byMessage)).toEqual([
      'to must not be before from',
    ]);
    expect((await t.http.post('/quality/reports').set(auth(quality)).send({ from: '2025-01-01', to: DAY }).expect(400)).body.errors[0].message).toMatch(
      /at most 366 days/,
    );
    expect((await t.http.post('/quality/reports').set(auth(quality)).send({ from: 'yesterday' }).expect(400)).body.errors.map(byMessage)).toEqual(
      expect.arrayContaining(['from must be a date YYYY-MM-DD', 'to must be a date YYYY-MM-DD']),
    );
    expect((await t.http.get('/quality/reports/daily/2026-13-01').set(auth(quality)).expect(400)).body.errors.map(byMessage)).toEqual([
      'date must be a date YYYY-MM-DD (got "2026-13-01")',
    ]);
    expect((await t.http.get('/quality/reports/abc').set(auth(quality)).expect(400)).body.errors.map(byMessage)).toEqual([
      'id must be a report id (a whole number)',
    ]);
    await t.http.get('/quality/reports/99999').set(auth(quality)).expect(404);
    await t.http.get('/quality/reports').set(auth(agent)).expect(403);
    await t.http.get('/quality/reports').expect(401);
  });

  it('exports the same figures as CSV (UTF-8 with BOM) and as a PDF with the report’s text', async () => {
    const view = (await t.http.get(`/quality/reports/daily/${DAY}`).set(auth(quality)).expect(200)).body;
    const csv = await t.http
      .get(`/quality/reports/${view.id}/csv`)
      .set(auth(quality))
      .buffer(true)
      .parse((res, cb) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => cb(null, text));
      })
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const text = csv.body as string;
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(text.slice(1));
    const header = rows[0];
    const col = (name: string) => header.findIndex((h) => h.endsWith(` ${name}`));
    const num = (v: string) => (v === '' ? null : Number(v));
    const total = rows.find((r) => r[0] === 'total')!;
    expect(num(total[col('complaints')])).toBe(view.report.totals.complaints);
    expect(num(total[col('slaKeptPct')])).toBe(view.report.totals.slaKeptPct);
    // Every terminal and unit row carries the API's figures.
    for (const terminal of view.report.terminals) {
      const row = rows.find((r) => r[0] === 'terminal' && r[1].endsWith(` ${terminal.terminal}`))!;
      for (const key of ['complaints', 'closed', 'avgResolutionHours', 'slaKept', 'reopened', 'claimsPaidAmount', 'ratePer1000'])
        expect([terminal.terminal, key, num(row[col(key)])]).toEqual([terminal.terminal, key, terminal[key]]);
      expect(num(row[col('previousWeekPct')])).toBe(terminal.change.previousWeek.pct);
      for (const unit of terminal.units) {
        const unitRow = rows.find((r) => r[0] === 'unit' && r[1].endsWith(` ${terminal.terminal}`) && r[2] === (unit.code ?? ''))!;
        expect([unit.code, num(unitRow[col('complaints')])]).toEqual([unit.code, unit.complaints]);
      }
    }

    const pdf = await t.http
      .get(`/quality/reports/${view.id}/pdf`)
      .set(auth(quality))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const parsed = await pdfParse(pdf.body as Buffer);
    expect(parsed.numpages).toBeGreaterThanOrEqual(1);
    expect(parsed.numpages).toBeLessThanOrEqual(3);
    const flat = parsed.text.replace(/\s+/g, ' ');
    expect(flat).toContain('每日终端服务质量报告');
    expect(flat).toContain(DAY);
    expect(flat).toContain('朝阳门店');
    expect(flat).toContain('服务态度');
    const store = view.report.terminals.find((x: { terminal: string }) => x.terminal === 'store');
    // Table cells come out of the text layer run together: label, then the complaints and their change.
    expect(flat).toContain(`门店 Stores${store.complaints}+`);
    expect(flat).toContain(`合计 total${view.report.totals.complaints}+`);
  });

  it('keeps the cause list (投诉原因): everyone reads it, quality and admin edit it, bad codes are refused', async () => {
    const causes = (await t.http.get('/quality/causes').set(auth(agent)).expect(200)).body;
    expect(causes.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['late_delivery', 'staff_attitude', 'damaged_goods', 'other']));
    const created = await t.http
      .put('/quality/causes/wrong_model')
      .set(auth(quality))
      .send({ terminal: 'store', labelZh: '型号错误', labelEn: 'Wrong model' })
      .expect(201);
    expect(created.body).toMatchObject({ code: 'wrong_model', terminal: 'store', active: true });
    await t.http.put('/quality/causes/wrong_model').set(auth(quality)).send({ labelZh: '型号不符', labelEn: 'Wrong model', active: false }).expect(200);
    expect((await t.http.get('/quality/causes').set(auth(agent)).expect(200)).body.map((c: { code: string }) => c.code)).not.toContain('wrong_model');
    expect(
      (await t.http.get('/quality/causes?all=true').set(auth(agent)).expect(200)).body.find((c: { code: string }) => c.code === 'wrong_model'),
    ).toMatchObject({ labelZh: '型号不符', terminal: 'store', active: false });
    await t.http.put('/quality/causes/wrong_model').set(auth(agent)).send({ labelZh: 'x', labelEn: 'x' }).expect(403);
    expect((await t.http.put('/quality/causes/Bad-Code').set(auth(quality)).send({ labelZh: 'x', labelEn: 'x' }).expect(400)).body.errors[0].message).toMatch(
      /^code must be 2–32 characters/,
    );
    expect(
      (await t.http.put('/quality/causes/ok_code').set(auth(quality)).send({ labelZh: '', terminal: 'moon' }).expect(400)).body.errors.map(byMessage),
    ).toEqual(
      expect.arrayContaining([
        'labelZh must be longer than or equal to 1 characters',
        expect.stringMatching(/^terminal must be one of/),
        expect.stringMatching(/^labelEn/),
      ]),
    );
  });

  it('draws the dashboard: complaints by terminal per day, top units and causes', async () => {
    const board = (await t.http.get(`/quality/dashboard?to=${DAY}&days=8`).set(auth(quality)).expect(200)).body;
    expect(board).toMatchObject({ from: '2026-11-16', to: DAY, days: 8 });
    expect(board.dates).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', DAY]);
    for (const [i, date] of board.dates.entries()) {
      const want = expected(china(date, '00:00'), china(date, '00:00') + 86_400_000);
      for (const terminal of Object.keys(board.series))
        expect([date, terminal, board.series[terminal][i]]).toEqual([date, terminal, want.byTerminal.get(terminal) ?? 0]);
    }
    const all = expected(china('2026-11-16', '00:00'), dayEnd);
    expect(board.totals.complaints).toBe(all.created.length);
    expect(board.topUnits[0]).toMatchObject({ code: 'S001', terminal: 'store', complaints: all.byUnit.get('store/S001') });
    expect(board.topCauses[0]).toMatchObject({ cause: 'staff_attitude', complaints: all.byCause.get('staff_attitude') });
    // By default: the 30 days up to today (so far) — with the open alerts and the coming days' capacity.
    await at('2026-11-25', '00:30'); // never moves back: the other tests may have got here first
    const tomorrow = '2026-11-26';
    await t.http
      .post('/quality/volumes')
      .set(auth(quality))
      .send({ rows: [{ unit: 'L001', date: tomorrow, bookedDeliveries: 420 }] })
      .expect(201);
    const standard = (await t.http.get('/quality/dashboard').set(auth(supervisor)).expect(200)).body;
    expect(standard).toMatchObject({ from: '2026-10-27', to: '2026-11-25', days: 30 });
    expect(standard.dates[standard.dates.length - 1]).toBe('2026-11-25');
    expect(standard.openAlerts).toEqual([expect.objectContaining({ type: 'capacity', level: 'over_capacity', unitCode: 'L001' })]);
    expect(standard.capacity).toEqual(
      expect.arrayContaining([expect.objectContaining({ unitCode: 'L001', date: tomorrow, bookedDeliveries: 420, capacity: 400 })]),
    );
    expect(new Set(standard.capacity.map((c: { date: string }) => c.date))).toEqual(new Set(['2026-11-26', '2026-11-27', '2026-11-28']));
    expect((await t.http.get('/quality/dashboard?days=1000').set(auth(quality)).expect(400)).body.errors.map(byMessage)).toEqual([
      'days must not be greater than 92',
    ]);
  });
});
