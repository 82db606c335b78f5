import { DataSource } from 'typeorm';
import { CallOffer } from '../src/telephony/call-offer.entity';
import { CallbackVisit } from '../src/quality/callbacks/callback-visit.entity';
import { ScorecardEvaluation } from '../src/quality/scorecards/scorecard-evaluation.entity';
import { AgentStateChange } from '../src/routing/agent-state-change.entity';
import { AgentStateLogService } from '../src/routing/agent-state-log.service';
import { CallRecord } from '../src/telephony/call-record.entity';
import { WorkOrderAudit } from '../src/work-orders/work-order-audit.entity';
import { WorkOrder } from '../src/work-orders/work-order.entity';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';
import { parseCsv } from './support/csv';
import { byMessage } from './support/error-body';

const HOTLINE = '4008001234';
const DAY = '2026-11-23'; // the harness starts on this day, 10:00 China time
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const round1 = (x: number) => Math.round(x * 10) / 10;
const avg = (xs: number[]) => (xs.length ? round1(xs.reduce((a, b) => a + b, 0) / xs.length) : null);

describe('quality: agent KPIs by job number (e2e through the Twilio sandbox)', () => {
  let h: TelephonyHarness;
  let quality: string;
  afterAll(() => h?.close());

  beforeAll(async () => {
    h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00' });
    quality = await h.tokenFor('3001');

    // Call A: 1003 is rung first and misses all three rings; the IVR answers and 1010 takes the call.
    const first = await h.agent('1003');
    await h.advance(1);
    const second = await h.agent('1010');
    const callA = h.sandbox.placeCall({ from: '+8613800138001', to: HOTLINE });
    await h.advance(1);
    expect(first.ringing).toBeDefined();
    await h.advance(15);
    await h.advanceUntil(() => second.ringing !== undefined, 30);
    second.accept();
    await h.advance(1);

    // Call B: 1003, ready again, answers on the second ring (5–10 s) while 1010 is still on call A.
    await h.http.put('/agents/1003/state').set(auth(first.token)).send({ state: 'ready' }).expect(200);
    const rungBefore = first.incoming.length;
    const callB = h.sandbox.placeCall({ from: '+8613800138002', to: HOTLINE });
    await h.advance(1);
    expect(first.incoming.length).toBe(rungBefore + 1);
    await h.advance(5);
    first.accept(first.incoming[rungBefore].callSid);
    await h.advance(40);
    h.sandbox.hangup(callA);
    await h.advance(20);
    h.sandbox.hangup(callB);
    await h.advance(1);

    // 1003 takes a work order from call B through to closing; 1010 only opens one.
    const order = (
      await h.http
        .post('/work-orders')
        .set(auth(first.token))
        .send({
          channel: 'hotline',
          type: 'complaint',
          category: 'late_delivery',
          terminal: 'logistics',
          customerPhone: '+8613800138002',
          description: '冰箱未按时送达',
          callSid: callB,
        })
        .expect(201)
    ).body;
    await h.http.post(`/work-orders/${order.number}/solution`).set(auth(first.token)).send({ solution: '今日补送' }).expect(200);
    await h.http.post(`/work-orders/${order.number}/acceptance`).set(auth(first.token)).send({ accepted: true, method: 'call', callSid: callB }).expect(200);
    await h.http.post(`/work-orders/${order.number}/close`).set(auth(first.token)).send({}).expect(200);
    await h.http
      .post('/work-orders')
      .set(auth(second.token))
      .send({
        channel: 'hotline',
        type: 'inquiry',
        category: 'delivery_time',
        terminal: 'logistics',
        customerPhone: '+8613800138001',
        description: '查询送货时间',
        callSid: callA,
      })
      .expect(201);

    // Store staff register a walk-in and close it: work done, but KPIs are agents' only.
    const store = await h.tokenFor('4001');
    const walkIn = (
      await h.http
        .post('/work-orders')
        .set(auth(store))
        .send({
          channel: 'store_walk_in',
          type: 'complaint',
          category: 'late_delivery',
          terminal: 'store',
          customerPhone: '+8613800138003',
          description: '到店投诉',
        })
        .expect(201)
    ).body;
    await h.http.post(`/work-orders/${walkIn.number}/solution`).set(auth(store)).send({ solution: '当场换货' }).expect(200);
    await h.http.post(`/work-orders/${walkIn.number}/acceptance`).set(auth(store)).send({ accepted: true, method: 'in_person' }).expect(200);
    await h.http.post(`/work-orders/${walkIn.number}/close`).set(auth(store)).send({}).expect(200);

    // 1010 takes a two-minute break (休息); 1003 goes to training (培训) and is still there when the report is read.
    await h.http.put('/agents/1010/state').set(auth(second.token)).send({ state: 'not-ready', reason: 'break' }).expect(200);
    await h.advance(120);
    await h.http.put('/agents/1010/state').set(auth(second.token)).send({ state: 'ready' }).expect(200);
    await h.http.put('/agents/1003/state').set(auth(first.token)).send({ state: 'not-ready', reason: 'training' }).expect(200);
    await h.advance(30);

    // The quality monitor scores call B (1003's) on the demo form: 3 points short of full marks.
    const form = (await h.http.get('/quality/scorecards').set(auth(quality)).expect(200)).body[0];
    const sections = (await h.http.get(`/quality/scorecards/${form.id}`).set(auth(quality)).expect(200)).body.sections as {
      items: { code: string; maxPoints: number }[];
    }[];
    const scores = sections.flatMap((s) => s.items).map((i, n) => ({ item: i.code, points: n === 0 ? i.maxPoints - 3 : i.maxPoints }));
    await h.http.post('/quality/evaluations').set(auth(quality)).send({ formId: form.id, subjectType: 'call', subjectId: callB, scores }).expect(201);
    await h.app.get(AgentStateLogService).flushed();

    // The callback visit (回访) of 1003's closed order: the customer is satisfied, 4 of 5.
    let visit: CallbackVisit | null = null;
    for (let i = 0; i < 50 && !visit; i++) {
      visit = await h.app.get(DataSource).getRepository(CallbackVisit).findOneBy({ workOrderNumber: order.number });
      if (!visit) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await h.http
      .post(`/quality/callbacks/${visit!.id}/result`)
      .set(auth(quality))
      .send({ satisfaction: 4, solved: true })
      .expect((r) => expect(r.status).toBeLessThan(300));
  });

  /** Seconds not ready by reason, from the state log: each not-ready change runs to the next change or to now (all on one site day here). */
  async function notReadyFromLog(jobNumber: string) {
    const rows = await h.app
      .get(DataSource)
      .getRepository(AgentStateChange)
      .find({ where: { jobNumber }, order: { id: 'ASC' } });
    const byReason: Record<string, number> = {};
    rows.forEach((row, i) => {
      if (row.state !== 'not-ready') return;
      const until = i + 1 < rows.length ? rows[i + 1].at.getTime() : h.clock.now();
      if (until === row.at.getTime()) return; // no time in it (the softphone's sign-in, then ready at once)
      byReason[row.reason ?? 'other'] = (byReason[row.reason ?? 'other'] ?? 0) + (until - row.at.getTime()) / 1000;
    });
    const rounded = Object.fromEntries(
      Object.keys(byReason)
        .sort()
        .map((r) => [r, Math.round(byReason[r])]),
    );
    return { notReadySeconds: Math.round(Object.values(byReason).reduce((a, b) => a + b, 0)), notReadyByReason: rounded };
  }

  /** The figures computed here, independently, straight from the call records, offers and audit trail. */
  async function expected(jobNumber: string) {
    const ds = h.app.get(DataSource);
    const offers = await ds.getRepository(CallOffer).find({ where: { agentJobNumber: jobNumber } });
    const calls = (await ds.getRepository(CallRecord).find({ where: { agentJobNumber: jobNumber } })).filter((c) => c.connectedAt);
    const audits = await ds.getRepository(WorkOrderAudit).find({ where: { actorJobNumber: jobNumber } });
    const closes = audits.filter((a) => a.action === 'close');
    const orders = await ds.getRepository(WorkOrder).findBy({});
    const keptSla = closes.filter((a) => a.at.getTime() <= orders.find((o) => o.id === a.workOrderId)!.dueAt.getTime()).length;
    const evaluations = await ds.getRepository(ScorecardEvaluation).find({ where: { agentJobNumber: jobNumber } });
    const created = audits.filter((a) => a.action === 'create').map((a) => a.workOrderId);
    const visits = (await ds.getRepository(CallbackVisit).find()).filter((v) => created.includes(v.workOrderId) && v.satisfaction !== null && v.completedAt);
    const answered = offers.filter((o) => o.result === 'answered');
    const within = answered.filter((o) => o.resultAt!.getTime() - o.offeredAt.getTime() <= 15_000).length;
    const ended = calls.filter((c) => c.endedAt);
    return {
      jobNumber,
      offered: offers.length,
      answered: answered.length,
      answeredWithinRings: within,
      answeredWithinRingsPct: answered.length ? round1((100 * within) / answered.length) : null,
      missed: offers.filter((o) => o.result === 'missed').length,
      avgSpeedOfAnswerSeconds: avg(calls.map((c) => (c.connectedAt!.getTime() - c.arrivedAt.getTime()) / 1000)),
      avgHandleSeconds: avg(ended.map((c) => (c.endedAt!.getTime() - c.connectedAt!.getTime()) / 1000)),
      workOrdersCreated: audits.filter((a) => a.action === 'create').length,
      workOrdersClosed: closes.length,
      ...(await notReadyFromLog(jobNumber)),
      workOrdersClosedWithinSla: keptSla,
      slaKeptPct: closes.length ? round1((100 * keptSla) / closes.length) : null,
      qaEvaluations: evaluations.length,
      qaScorePct: avg(evaluations.map((e) => e.scorePct)),
      callbackVisits: visits.length,
      avgSatisfaction: visits.length ? Math.round((visits.reduce((sum, v) => sum + v.satisfaction!, 0) / visits.length) * 100) / 100 : null,
    };
  }

  it('reports per day and month the figures computed independently from the call records', async () => {
    const body = (await h.http.get(`/quality/agent-kpis?from=${DAY}&to=${DAY}`).set(auth(quality)).expect(200)).body;
    expect(body).toMatchObject({ from: DAY, to: DAY, jobNumber: null, ringBudgetSeconds: 15 });
    expect(body).toMatchObject({ gradeRuleCode: 'quality.grade_rule', gradeRuleParams: { ringBudgetSeconds: 15, excellent: 95, good: 85, fair: 70 } });
    expect([...body.days, ...body.months].map((r: { jobNumber: string }) => r.jobNumber)).not.toContain('4001'); // store staff are not agents
    expect([...body.days, ...body.months].map((r: { name: string | null }) => r.name ?? '').join()).not.toMatch(/\(/); // names without role tags
    const e1003 = await expected('1003');
    const e1010 = await expected('1010');
    // The scenario as driven: 1003 missed one call and answered one on the second ring; 1010 answered one after the IVR.
    expect(e1003).toMatchObject({ offered: 2, answered: 1, answeredWithinRings: 1, missed: 1, workOrdersCreated: 1, workOrdersClosed: 1 });
    expect(e1010).toMatchObject({ offered: 1, answered: 1, answeredWithinRings: 1, missed: 0, workOrdersCreated: 1, workOrdersClosed: 0 });
    expect(e1003.avgSpeedOfAnswerSeconds).toBeGreaterThanOrEqual(5);
    expect(e1003.avgSpeedOfAnswerSeconds).toBeLessThan(10);
    expect(e1010.avgSpeedOfAnswerSeconds).toBeGreaterThan(15);
    // The added figures, as driven: 1003 was set not-ready by the missed call, then went to training; 1010 took a 120 s break.
    expect(Object.keys(e1003.notReadyByReason)).toEqual(['missed-call', 'training']);
    expect(e1003.notReadyByReason.training).toBe(30);
    expect(e1010.notReadyByReason).toEqual({ break: 120 });
    expect(e1003).toMatchObject({ workOrdersClosedWithinSla: 1, slaKeptPct: 100, qaEvaluations: 1 });
    // The demo form's weights add up to 70; 3 points off the first item (weight 5 of 5 points) = 67 / 70.
    expect(e1003.qaScorePct).toBe(round1((100 * 67) / 70));
    expect(e1010).toMatchObject({ qaEvaluations: 0, qaScorePct: null, slaKeptPct: null });
    expect(e1003).toMatchObject({ callbackVisits: 1, avgSatisfaction: 4 });
    expect(e1010).toMatchObject({ callbackVisits: 0, avgSatisfaction: null });

    expect(body.days).toEqual([
      { ...e1003, name: '张伟', date: DAY },
      { ...e1010, name: '吴军', date: DAY },
    ]);
    expect(body.months).toEqual([
      { ...e1003, name: '张伟', month: '2026-11', grade: '优' },
      { ...e1010, name: '吴军', month: '2026-11', grade: '优' }, // rung after the IVR, picked up at once
    ]);

    const one = (await h.http.get(`/quality/agent-kpis?from=${DAY}&to=${DAY}&jobNumber=1010`).set(auth(quality)).expect(200)).body;
    expect(one.days).toEqual([body.days[1]]);
    // The day before and after hold nothing: days are cut at the site's midnight.
    const before = (await h.http.get('/quality/agent-kpis?from=2026-11-01&to=2026-11-22').set(auth(quality)).expect(200)).body;
    expect(before.days).toEqual([]);
  });

  it('exports the same figures as CSV with a BOM and a header row', async () => {
    const json = (await h.http.get(`/quality/agent-kpis?from=${DAY}&to=${DAY}`).set(auth(quality)).expect(200)).body;
    const res = await h.http
      .get(`/quality/agent-kpis.csv?from=${DAY}&to=${DAY}`)
      .set(auth(quality))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="agent-kpis-${DAY}-${DAY}.csv"`);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
    const keys = header.map((title) => title.split(' ').pop()!);
    expect(header[2]).toBe('工号 jobNumber');
    expect(keys).toEqual([
      'period',
      'date',
      'jobNumber',
      'name',
      'offered',
      'answered',
      'answeredWithinRings',
      'answeredWithinRingsPct',
      'missed',
      'avgSpeedOfAnswerSeconds',
      'avgHandleSeconds',
      'workOrdersCreated',
      'workOrdersClosed',
      'grade',
      'notReadySeconds',
      'notReadyByReason',
      'workOrdersClosedWithinSla',
      'slaKeptPct',
      'qaEvaluations',
      'qaScorePct',
      'callbackVisits',
      'avgSatisfaction',
    ]);
    const numeric = new Set([
      ...keys.slice(4, 13),
      'notReadySeconds',
      'workOrdersClosedWithinSla',
      'slaKeptPct',
      'qaEvaluations',
      'qaScorePct',
      'callbackVisits',
      'avgSatisfaction',
    ]);
    // Not-ready seconds by reason are one cell: break=120;missed-call=16.
    const reasons = (cell: string) =>
      Object.fromEntries(
        cell
          .split(';')
          .filter(Boolean)
          .map((pair) => [pair.split('=')[0], Number(pair.split('=')[1])]),
      );
    const parsed = rows.map((cells) =>
      Object.fromEntries(
        cells.map((cell, i) => [keys[i], keys[i] === 'notReadyByReason' ? reasons(cell) : cell === '' ? null : numeric.has(keys[i]) ? Number(cell) : cell]),
      ),
    );
    expect(parsed.some((r) => Object.keys(r.notReadyByReason as object).length > 0)).toBe(true);
    expect(parsed.map((r) => r.period)).toEqual(['day', 'day', 'month', 'month']);
    expect(parsed.slice(0, 2).map(({ period: _, grade: __, ...r }) => r)).toEqual(json.days);
    expect(parsed.slice(2).map(({ period: _, date, ...r }) => ({ ...r, month: date }))).toEqual(json.months);
  });

  it('rejects bad ranges with a 400 naming the field, and other roles with a 403', async () => {
    const get = (qs: string) => h.http.get(`/quality/agent-kpis?${qs}`).set(auth(quality));
    expect((await get('to=2026-11-23').expect(400)).body.errors.map(byMessage)).toEqual(expect.arrayContaining([expect.stringMatching(/^from /)]));
    expect((await get('from=2026-11-23&to=23/11/2026').expect(400)).body.errors.map(byMessage)).toEqual(['to must be a date YYYY-MM-DD']);
    expect((await get('from=2026-02-30&to=2026-03-01').expect(400)).body.errors.map(byMessage)).toEqual(['from "2026-02-30" is not a calendar date']);
    expect((await get('from=2026-11-23&to=2026-11-22').expect(400)).body.errors.map(byMessage)).toEqual(['to must not be before from']);
    expect((await get('from=2025-01-01&to=2026-01-02').expect(400)).body.errors.map(byMessage)).toEqual(['to: the range may span at most 366 days (got 367)']);
    await get('from=2025-01-01&to=2026-01-01').expect(200); // 366 days
    expect((await get('from=2026-11-23&to=2026-11-23&jobNumber=a;b').expect(400)).body.errors.map(byMessage)).toEqual([
      'jobNumber must be 1–16 letters or digits',
    ]);
    expect((await get('from=2026-11-23&to=2026-11-23&extra=1').expect(400)).body.errors.map(byMessage)).toEqual(['property extra should not exist']);
    const supervisor = await h.tokenFor('2001');
    await h.http.get(`/quality/agent-kpis.csv?from=${DAY}&to=${DAY}`).set(auth(supervisor)).expect(200);
    const agent = await h.tokenFor('1001');
    await h.http.get(`/quality/agent-kpis?from=${DAY}&to=${DAY}`).set(auth(agent)).expect(403);
    await h.http.get(`/quality/agent-kpis.csv?from=${DAY}&to=${DAY}`).expect(401);
  });
});
