import { buildComplaintReport, change, ComplaintGroup, PeriodInput, ReportOptions, zeroCounts } from './complaint-figures';

const group = (g: Partial<ComplaintGroup> & Pick<ComplaintGroup, 'terminal' | 'unitId' | 'cause'>): ComplaintGroup => ({ ...zeroCounts(), ...g });
const period = (from: string, groups: ComplaintGroup[], volumes: PeriodInput['volumes'] = []): PeriodInput => ({ from, to: from, groups, volumes });

const options: ReportOptions = {
  units: [
    { id: 1, code: 'S001', name: '朝阳门店', terminal: 'store' },
    { id: 2, code: 'S002', name: '海淀门店', terminal: 'store' },
    { id: 4, code: 'L001', name: '北京物流中心', terminal: 'logistics' },
  ],
  causes: [
    { code: 'late_delivery', labelZh: '配送延误', labelEn: 'Late delivery' },
    { code: 'staff_attitude', labelZh: '服务态度', labelEn: 'Staff attitude' },
  ],
  topCauses: 2,
};

describe('complaint report (pure)', () => {
  const day = period(
    '2026-11-23',
    [
      group({
        terminal: 'store',
        unitId: 1,
        cause: 'staff_attitude',
        complaints: 6,
        closed: 4,
        resolutionSecondsSum: 4 * 36 * 3600,
        slaKept: 3,
        reopened: 1,
        satisfactionSum: 7,
        satisfactionCount: 2,
      }),
      group({ terminal: 'store', unitId: 1, cause: 'price_protection', complaints: 2 }),
      group({ terminal: 'store', unitId: 2, cause: 'staff_attitude', complaints: 1, claimsPaid: 1, claimsPaidAmount: 199.5 }),
      group({ terminal: 'logistics', unitId: 4, cause: 'late_delivery', complaints: 3, closed: 1, resolutionSecondsSum: 50 * 3600, slaKept: 0 }),
      group({ terminal: 'logistics', unitId: null, cause: 'late_delivery', complaints: 1 }),
    ],
    [
      { unitId: 1, bookedDeliveries: null, sales: 400 },
      { unitId: 2, bookedDeliveries: 50, sales: null }, // a store's deliveries are not its volume
      { unitId: 4, bookedDeliveries: 300, sales: null },
    ],
  );
  const dayBefore = period('2026-11-22', [group({ terminal: 'store', unitId: 1, cause: 'staff_attitude', complaints: 4 })]);
  const weekBefore = period('2026-11-16', [
    group({ terminal: 'store', unitId: 1, cause: 'staff_attitude', complaints: 8 }),
    group({ terminal: 'dispatch', unitId: null, cause: 'late_delivery', complaints: 2 }),
  ]);
  const report = buildComplaintReport(day, dayBefore, weekBefore, options);
  const store = report.terminals.find((t) => t.terminal === 'store')!;
  const logistics = report.terminals.find((t) => t.terminal === 'logistics')!;

  it('sums complaints, closures, SLA, reopen, claims and satisfaction per terminal', () => {
    expect(store).toMatchObject({
      complaints: 9,
      closed: 4,
      avgResolutionHours: 36,
      slaKept: 3,
      slaKeptPct: 75,
      reopened: 1,
      reopenRatePct: 25,
      claimsPaid: 1,
      claimsPaidAmount: 199.5,
      satisfactionAvg: 3.5,
      satisfactionCount: 2,
    });
    expect(logistics).toMatchObject({ complaints: 4, closed: 1, avgResolutionHours: 50, slaKeptPct: 0 });
    expect(report.totals).toMatchObject({ complaints: 13, closed: 5, slaKept: 3, slaKeptPct: 60 });
    expect(report.terminals.map((t) => t.terminal)).toEqual([
      'dispatch',
      'logistics',
      'store',
      'after_sales',
      'manufacturer',
      'invoice',
      'membership',
      'warranty',
    ]);
  });

  it('rates complaints per 1 000 sales for stores and per 1 000 deliveries elsewhere, only over units with a volume', () => {
    const s001 = store.units.find((u) => u.code === 'S001')!;
    expect(s001).toMatchObject({ complaints: 8, volume: 400, ratePer1000: 20 });
    expect(store.units.find((u) => u.code === 'S002')).toMatchObject({ complaints: 1, volume: null, ratePer1000: null });
    // The store terminal's rate counts S001 only: 8 / 400.
    expect(store).toMatchObject({ volume: 400, ratePer1000: 20 });
    // Logistics: L001's 3 complaints over 300 deliveries; the order without a unit has no volume.
    expect(logistics).toMatchObject({ volume: 300, ratePer1000: 10 });
    expect(logistics.units.map((u) => [u.code, u.name, u.complaints])).toEqual([
      ['L001', '北京物流中心', 3],
      [null, '(未指定单位 no unit)', 1],
    ]);
    expect(report.terminals.find((t) => t.terminal === 'invoice')).toMatchObject({ volume: null, ratePer1000: null, complaints: 0 });
  });

  it('compares with the day before and the same day a week earlier', () => {
    expect(store.change).toEqual({ previousPeriod: { previous: 4, delta: 5, pct: 125 }, previousWeek: { previous: 8, delta: 1, pct: 12.5 } });
    expect(logistics.change.previousPeriod).toEqual({ previous: 0, delta: 4, pct: null });
    // Dispatch had complaints a week ago only: it is listed with 0 now and its unit row shows the fall.
    const dispatch = report.terminals.find((t) => t.terminal === 'dispatch')!;
    expect(dispatch.complaints).toBe(0);
    expect(dispatch.change.previousWeek).toEqual({ previous: 2, delta: -2, pct: -100 });
    expect(dispatch.units).toHaveLength(1);
    expect(report.totals.change.previousWeek).toEqual({ previous: 10, delta: 3, pct: 30 });
    expect(report.comparison).toEqual({ previousPeriod: { from: '2026-11-22', to: '2026-11-22' }, previousWeek: { from: '2026-11-16', to: '2026-11-16' } });
  });

  it('lists the top causes per terminal and overall, busiest first, with their share and label', () => {
    expect(store.topCauses.map((c) => [c.cause, c.labelZh, c.labelEn, c.complaints, c.share])).toEqual([
      ['staff_attitude', '服务态度', 'Staff attitude', 7, 77.8],
      ['price_protection', 'price_protection', 'price_protection', 2, 22.2],
    ]);
    // topCauses: 2 — late_delivery (4) and staff_attitude (7); price_protection (2) is cut.
    expect(report.topCauses.map((c) => [c.cause, c.complaints])).toEqual([
      ['staff_attitude', 7],
      ['late_delivery', 4],
    ]);
    expect(report.topCauses[1].labelEn).toBe('Late delivery');
  });

  it('gives empty figures, not errors, for a day without records', () => {
    const empty = buildComplaintReport(period('2026-11-23', []), period('2026-11-22', []), period('2026-11-16', []), options);
    expect(empty.totals).toMatchObject({ complaints: 0, closed: 0, avgResolutionHours: null, slaKeptPct: null, ratePer1000: null, satisfactionAvg: null });
    expect(empty.terminals.every((t) => t.units.length === 0 && t.topCauses.length === 0)).toBe(true);
  });

  it('computes changes with a percentage only when there was something before', () => {
    expect(change(3, 0)).toEqual({ previous: 0, delta: 3, pct: null });
    expect(change(0, 3)).toEqual({ previous: 3, delta: -3, pct: -100 });
    expect(change(2, 3)).toEqual({ previous: 3, delta: -1, pct: -33.3 });
  });
});
