import { agentKpisToCsv, computeAgentKpis, gradeFor, KpiOptions, OfferRow, parseGradeBands, siteDay, siteDayStart } from './agent-kpi';

// China time (UTC+8). 2026-11-23 10:00 site time = 02:00 UTC.
const T = (hhmmss: string, day = '2026-11-23') => new Date(`${day}T${hhmmss}+08:00`);
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);
const options: KpiOptions = { ringBudgetSeconds: 15, utcOffsetMinutes: 480, bands: parseGradeBands('95,85,70'), names: { '1001': '王芳' } };

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
        jobNumber: '1001', name: '王芳', date: '2026-11-23', offered: 5, answered: 3, answeredWithinRings: 2, answeredWithinRingsPct: 66.7, missed: 1,
        avgSpeedOfAnswerSeconds: 13.7, avgHandleSeconds: 90, workOrdersCreated: 2, workOrdersClosed: 0,
      },
      {
        jobNumber: '1002', name: null, date: '2026-11-23', offered: 1, answered: 0, answeredWithinRings: 0, answeredWithinRingsPct: null, missed: 0,
        avgSpeedOfAnswerSeconds: null, avgHandleSeconds: null, workOrdersCreated: 0, workOrdersClosed: 1,
      },
    ]);
    expect(report.months.map((m) => [m.jobNumber, m.month, m.grade])).toEqual([['1001', '2026-11', '差'], ['1002', '2026-11', null]]);
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
    expect(report.days.map((d) => [d.date, d.offered, d.answeredWithinRings])).toEqual([['2026-11-02', 1, 1], ['2026-11-30', 1, 0], ['2026-12-01', 1, 1]]);
    expect(report.months.map((m) => [m.month, m.offered, m.answered, m.answeredWithinRingsPct, m.grade])).toEqual([
      ['2026-11', 2, 2, 50, '差'], ['2026-12', 1, 1, 100, '优'],
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

  it('maps site days to instants and back', () => {
    expect(siteDayStart('2026-11-23', 480).toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(siteDay(new Date('2026-11-22T16:00:00Z'), 480)).toBe('2026-11-23');
    expect(siteDay(new Date('2026-11-22T15:59:59.999Z'), 480)).toBe('2026-11-22');
    expect(siteDayStart('2026-03-08', -300).toISOString()).toBe('2026-03-08T05:00:00.000Z');
  });

  it('exports CSV with a BOM, a header row, quoted cells and formula-looking text kept as text', () => {
    const t0 = T('10:00:00');
    const report = computeAgentKpis([{ agentJobNumber: '1001', offeredAt: t0, result: 'answered', resultAt: plus(t0, 5) }], [], [], {
      ...options, names: { '1001': '=HYPERLINK("x"),王' },
    });
    const csv = agentKpisToCsv(report);
    expect(csv.startsWith('\uFEFF周期 period,日期/月份 date,工号 jobNumber,姓名 name,')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(`day,2026-11-23,1001,"'=HYPERLINK(""x""),王",1,1,1,100,0,,,0,0,`);
    expect(lines[2]).toBe(`month,2026-11,1001,"'=HYPERLINK(""x""),王",1,1,1,100,0,,,0,0,优`);
  });
});
