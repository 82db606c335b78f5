import { agentKpisToCsv, AgentStateRow, computeAgentKpis, deadlinesAtClose, gradeFor, KpiOptions, notReadyByDay, OfferRow, parseGradeBands } from './agent-kpi';
import { siteDayStart } from '../../clock/site-day';

// China time (UTC+8). 2026-11-23 10:00 site time = 02:00 UTC.
const T = (hhmmss: string, day = '2026-11-23') => new Date(`${day}T${hhmmss}+08:00`);
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);
const options: KpiOptions = { ringBudgetSeconds: 15, utcOffsetMinutes: 480, bands: parseGradeBands('95,85,70'), names: { '1001': '王芳' } };
/** The figures added later, as they are for an agent-day without state changes, evaluations or callbacks. */
const none = {
  notReadySeconds: 0,
  notReadyByReason: {},
  workOrdersClosedWithinSla: 0,
  slaKeptPct: null,
  qaEvaluations: 0,
  qaScorePct: null,
  callbackVisits: 0,
  avgSatisfaction: null,
};

describe('agent KPIs (pure)', () => {
  it('counts offers, answers within the ring budget (≤ 15 s inclusive), misses, ASA and AHT per agent and site day', () => {
    const t0 = T('10:00:00');
    const offers: OfferRow[] = [
      { agentJobNumber: '1001', offeredAt: t0, result: 'answered', resultAt: plus(t0, 6) }, // within
      { agentJobNumber: '1001', offeredAt: plus(t0, 100), result: 'answered', resultAt: plus(t0, 115) }, // exactly 15 s: within
      { agentJobNumber: '1001', offeredAt: plus(t0, 200), result: 'answered', resultAt: plus(t0, 216) }, // 16 s: late
      { agentJobNumber: '1001', offeredAt: plus(t0, 300), result: 'missed', resultAt: plus(t0, 315) },
      { agentJobNumber: '1001', offeredAt: plus(t0, 400), result: 'cancelled', resultAt: plus(t0, 402) },
      { agentJobNumber: '1002', offeredAt: plus(t0, 10), result: 'declined', resultAt: plus(t0, 11) },
    ];
    const calls = [
      { agentJobNumber: '1001', arrivedAt: t0, connectedAt: plus(t0, 7), endedAt: plus(t0, 67) }, // ASA 7, AHT 60
      { agentJobNumber: '1001', arrivedAt: plus(t0, 98), connectedAt: plus(t0, 116), endedAt: plus(t0, 236) }, // ASA 18, AHT 120
      { agentJobNumber: '1001', arrivedAt: plus(t0, 200), connectedAt: plus(t0, 216), endedAt: null }, // ASA 16, still talking
    ];
    const events = [
      { jobNumber: '1001', action: 'create' as const, at: plus(t0, 70) },
      { jobNumber: '1001', action: 'create' as const, at: plus(t0, 240) },
      { jobNumber: '1002', action: 'close' as const, at: plus(t0, 500) },
    ];
    const report = computeAgentKpis(offers, calls, events, options);
    expect(report.days).toEqual([
      {
        jobNumber: '1001',
        name: '王芳',
        date: '2026-11-23',
        offered: 5,
        answered: 3,
        answeredWithinRings: 2,
        answeredWithinRingsPct: 66.7,
        missed: 1,
        avgSpeedOfAnswerSeconds: 13.7,
        avgHandleSeconds: 90,
        workOrdersCreated: 2,
        workOrdersClosed: 0,
        ...none,
      },
      {
        jobNumber: '1002',
        name: null,
        date: '2026-11-23',
        offered: 1,
        answered: 0,
        answeredWithinRings: 0,
        answeredWithinRingsPct: null,
        missed: 0,
        avgSpeedOfAnswerSeconds: null,
        avgHandleSeconds: null,
        workOrdersCreated: 0,
        workOrdersClosed: 1,
        ...none,
      },
    ]);
    expect(report.months.map((m) => [m.jobNumber, m.month, m.grade])).toEqual([
      ['1001', '2026-11', '差'],
      ['1002', '2026-11', null],
    ]);
  });

  it('splits days at site midnight, not UTC midnight, and sums the days of a month', () => {
    // 23:59:59 and 00:00:00 site time are different site days though the same UTC day (15:59 / 16:00 UTC).
    const late = T('23:59:59', '2026-11-30');
    const early = T('00:00:00', '2026-12-01');
    const offers: OfferRow[] = [
      { agentJobNumber: '1003', offeredAt: T('09:00:00', '2026-11-02'), result: 'answered', resultAt: T('09:00:05', '2026-11-02') },
      { agentJobNumber: '1003', offeredAt: late, result: 'answered', resultAt: plus(late, 20) },
      { agentJobNumber: '1003', offeredAt: early, result: 'answered', resultAt: plus(early, 3) },
    ];
    const report = computeAgentKpis(offers, [], [], options);
    expect(report.days.map((d) => [d.date, d.offered, d.answeredWithinRings])).toEqual([
      ['2026-11-02', 1, 1],
      ['2026-11-30', 1, 0],
      ['2026-12-01', 1, 1],
    ]);
    expect(report.months.map((m) => [m.month, m.offered, m.answered, m.answeredWithinRingsPct, m.grade])).toEqual([
      ['2026-11', 2, 2, 50, '差'],
      ['2026-12', 1, 1, 100, '优'],
    ]);
  });

  it('grades on the bands, bounds inclusive, and rejects bands that are not three descending percentages', () => {
    const bands = parseGradeBands('95,85,70');
    expect([100, 95, 94.9, 85, 84.9, 70, 69.9, 0].map((p) => gradeFor(p, bands))).toEqual(['优', '优', '良', '良', '中', '中', '差', '差']);
    expect(gradeFor(null, bands)).toBeNull();
    expect(() => parseGradeBands('70,85,95')).toThrow(/descending/);
    expect(() => parseGradeBands('95,85')).toThrow();
    expect(() => parseGradeBands('101,85,70')).toThrow();
  });

  it('exports CSV with a BOM, a header row, quoted cells and formula-looking text kept as text', () => {
    const t0 = T('10:00:00');
    const report = computeAgentKpis([{ agentJobNumber: '1001', offeredAt: t0, result: 'answered', resultAt: plus(t0, 5) }], [], [], {
      ...options,
      names: { '1001': '=HYPERLINK("x"),王' },
    });
    const csv = agentKpisToCsv(report);
    expect(csv.startsWith('\uFEFF周期 period,日期/月份 date,工号 jobNumber,姓名 name,')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(`day,2026-11-23,1001,"'=HYPERLINK(""x""),王",1,1,1,100,0,,,0,0,,0,,0,,0,,0,`);
    expect(lines[2]).toBe(`month,2026-11,1001,"'=HYPERLINK(""x""),王",1,1,1,100,0,,,0,0,优,0,,0,,0,,0,`);
  });
});

describe('agent KPIs: not-ready time by reason (pure)', () => {
  const change = (jobNumber: string, at: Date, state: string, reason: string | null = null): AgentStateRow => ({ jobNumber, state, reason, at });
  const seconds = (m: Map<string, Map<string, number>>) =>
    Object.fromEntries([...m].map(([key, reasons]) => [key.replace('\u0000', ' '), Object.fromEntries([...reasons].map(([r, ms]) => [r, ms / 1000]))]));

  it('sums each not-ready interval to the next change, per reason, and leaves other states out', () => {
    const rows = [
      change('1003', T('09:00:00'), 'ready'),
      change('1003', T('09:10:00'), 'not-ready', 'break'), // 10 min
      change('1003', T('09:20:00'), 'ready'),
      change('1003', T('09:30:00'), 'reserved'),
      change('1003', T('09:30:15'), 'not-ready', 'missed-call'), // 45 s
      change('1003', T('09:31:00'), 'not-ready', 'break'), // 4 min: a new reason while not ready
      change('1003', T('09:35:00'), 'offline'),
      change('1003', T('11:00:00'), 'not-ready', null), // 30 min, no reason → other
      change('1003', T('11:30:00'), 'ready'),
    ];
    const day = siteDayStart('2026-11-23', 480);
    expect(seconds(notReadyByDay(rows, day, new Date(day.getTime() + 86_400_000), 480))).toEqual({
      '1003 2026-11-23': { break: 840, 'missed-call': 45, other: 1800 },
    });
  });

  it('cuts intervals at site midnight, at the window start (state carried in from before) and at its end or now', () => {
    const rows = [
      change('1005', T('22:00:00', '2026-11-22'), 'not-ready', 'training'), // before the window: counts from its start
      change('1005', T('01:00:00', '2026-11-23'), 'ready'),
      change('1005', T('23:00:00', '2026-11-23'), 'not-ready', 'meal'), // crosses midnight into the 24th
      change('1005', T('00:30:00', '2026-11-24'), 'ready'),
      change('1005', T('10:00:00', '2026-11-24'), 'not-ready', 'break'), // still not ready at "now", 10:20
    ];
    const from = siteDayStart('2026-11-23', 480);
    const now = T('10:20:00', '2026-11-24');
    expect(seconds(notReadyByDay(rows, from, now, 480))).toEqual({
      '1005 2026-11-23': { training: 3600, meal: 3600 },
      '1005 2026-11-24': { meal: 1800, break: 1200 },
    });
    // The same rows as figures, with the month adding up the days.
    const report = computeAgentKpis([], [], [], options, { stateChanges: { rows, from, to: now } });
    expect(report.days.map((d) => [d.date, d.notReadySeconds, d.notReadyByReason])).toEqual([
      ['2026-11-23', 7200, { meal: 3600, training: 3600 }],
      ['2026-11-24', 3000, { break: 1200, meal: 1800 }],
    ]);
    expect(report.months[0]).toMatchObject({ month: '2026-11', notReadySeconds: 10200, notReadyByReason: { break: 1200, meal: 5400, training: 3600 } });
  });

  it('cuts at the site midnight of other offsets too (UTC−5)', () => {
    const rows = [change('1001', new Date('2026-03-08T04:00:00Z'), 'not-ready', 'break'), change('1001', new Date('2026-03-08T06:00:00Z'), 'ready')];
    expect(seconds(notReadyByDay(rows, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-09T00:00:00Z'), -300))).toEqual({
      '1001 2026-03-07': { break: 3600 },
      '1001 2026-03-08': { break: 3600 },
    });
  });
});

describe('agent KPIs: SLA kept, QA score and satisfaction (pure)', () => {
  it('counts closes at or before their deadline, and averages evaluations and callback satisfaction per day and month', () => {
    const t0 = T('10:00:00');
    const events = [
      { jobNumber: '1001', action: 'close' as const, at: t0, dueAt: plus(t0, 60) }, // kept
      { jobNumber: '1001', action: 'close' as const, at: t0, dueAt: t0 }, // exactly on the deadline: kept
      { jobNumber: '1001', action: 'close' as const, at: plus(t0, 61), dueAt: plus(t0, 60) }, // late
      { jobNumber: '1001', action: 'close' as const, at: T('10:00:00', '2026-11-24'), dueAt: T('09:00:00', '2026-11-24') }, // late, next day
      { jobNumber: '1001', action: 'create' as const, at: t0 },
    ];
    const evaluations = [
      { agentJobNumber: '1001', evaluatedAt: t0, scorePct: 90 },
      { agentJobNumber: '1001', evaluatedAt: plus(t0, 5), scorePct: 0 }, // a critical fail
      { agentJobNumber: '1001', evaluatedAt: T('09:00:00', '2026-11-24'), scorePct: 77.5 },
    ];
    const callbackResults = [
      { jobNumber: '1001', at: t0, satisfaction: 5 },
      { jobNumber: '1001', at: t0, satisfaction: 4 },
      { jobNumber: '1001', at: t0, satisfaction: 4 },
      { jobNumber: '1002', at: t0, satisfaction: 1 },
    ];
    const report = computeAgentKpis([], [], events, options, { evaluations, callbackResults });
    const pick = (r: (typeof report.days)[number] | (typeof report.months)[number]) => [
      r.jobNumber,
      r.workOrdersClosed,
      r.workOrdersClosedWithinSla,
      r.slaKeptPct,
      r.qaEvaluations,
      r.qaScorePct,
      r.callbackVisits,
      r.avgSatisfaction,
    ];
    expect(report.days.map(pick)).toEqual([
      ['1001', 3, 2, 66.7, 2, 45, 3, 4.33],
      ['1001', 1, 0, 0, 1, 77.5, 0, null],
      ['1002', 0, 0, null, 0, null, 1, 1],
    ]);
    // The month averages every evaluation (not the days' averages): (90 + 0 + 77.5) / 3 = 55.8.
    expect(report.months.map(pick)).toEqual([
      ['1001', 4, 2, 50, 3, 55.8, 3, 4.33],
      ['1002', 0, 0, null, 0, null, 1, 1],
    ]);
  });

  it('adds the new figures as the last CSV columns, reasons in one cell', () => {
    const t0 = T('10:00:00');
    const rows = [
      { jobNumber: '1001', state: 'not-ready', reason: 'break', at: t0 },
      { jobNumber: '1001', state: 'ready', reason: null, at: plus(t0, 600) },
      { jobNumber: '1001', state: 'not-ready', reason: 'missed-call', at: plus(t0, 700) },
      { jobNumber: '1001', state: 'ready', reason: null, at: plus(t0, 715) },
    ];
    const report = computeAgentKpis([], [], [{ jobNumber: '1001', action: 'close', at: t0, dueAt: plus(t0, 1) }], options, {
      stateChanges: { rows, from: siteDayStart('2026-11-23', 480), to: siteDayStart('2026-11-24', 480) },
      evaluations: [{ agentJobNumber: '1001', evaluatedAt: t0, scorePct: 87.5 }],
      callbackResults: [{ jobNumber: '1001', at: t0, satisfaction: 4 }],
    });
    const lines = agentKpisToCsv(report).slice(1).trimEnd().split('\r\n');
    expect(lines[0].split(',').slice(14)).toEqual([
      '未就绪秒 notReadySeconds',
      '未就绪原因秒 notReadyByReason',
      '按时完结 workOrdersClosedWithinSla',
      'SLA达成率% slaKeptPct',
      '质检次数 qaEvaluations',
      '质检得分% qaScorePct',
      '回访次数 callbackVisits',
      '回访满意度 avgSatisfaction',
    ]);
    expect(lines[1]).toBe('day,2026-11-23,1001,王芳,0,0,0,,0,,,0,1,,615,break=600;missed-call=15,1,100,1,87.5,1,4');
  });
});

describe('agent KPIs: the deadline in force at each close (pure)', () => {
  it('takes the deadline the next reopen replaced, else the order’s deadline now', () => {
    const d = (day: string) => new Date(`${day}T12:00:00Z`);
    // Order 7: closed (audit 10), reopened (audit 12, replacing the 26th with the 30th), closed again (audit 15). Order 8: closed once.
    const closes = [
      { auditId: 10, workOrderId: 7, currentDueAt: d('2026-11-30') },
      { auditId: 15, workOrderId: 7, currentDueAt: d('2026-11-30') },
      { auditId: 11, workOrderId: 8, currentDueAt: d('2026-11-25') },
    ];
    const reopens = [
      { auditId: 12, workOrderId: 7, dueAtBefore: d('2026-11-26') },
      { auditId: 9, workOrderId: 8, dueAtBefore: d('2026-11-20') },
    ];
    expect(Object.fromEntries(deadlinesAtClose(closes, reopens))).toEqual({ 10: d('2026-11-26'), 15: d('2026-11-30'), 11: d('2026-11-25') });
  });
});
