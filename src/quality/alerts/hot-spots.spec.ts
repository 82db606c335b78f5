import { countComplaints, hotSpots, hotSpotWindow } from './hot-spots';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const options = { windowHours: 24, baselineDays: 28, factor: 2, minCount: 5 };
const OFFSET = 480; // China
const now = new Date('2026-11-24T02:00:00Z'); // 10:00 site time

describe('hot-spot window', () => {
  it('is aligned to the site midnight, with the baseline before it', () => {
    expect(hotSpotWindow(now, options, OFFSET)).toEqual({
      start: new Date('2026-11-23T16:00:00Z'),
      end: new Date('2026-11-24T16:00:00Z'),
      baselineStart: new Date('2026-10-26T16:00:00Z'),
    });
    // 6-hour slots: 10:00 site time falls in 06:00–12:00.
    expect(hotSpotWindow(now, { windowHours: 6, baselineDays: 7 }, OFFSET)).toEqual({
      start: new Date('2026-11-23T22:00:00Z'),
      end: new Date('2026-11-24T04:00:00Z'),
      baselineStart: new Date('2026-11-16T22:00:00Z'),
    });
  });
});

describe('hot spots (爆发点)', () => {
  const window = hotSpotWindow(now, options, OFFSET);
  const start = window.start.getTime();
  type C = { terminal: string; unitId: number | null; category: string; createdAt: Date };
  const complaints: C[] = [];
  const add = (n: number, terminal: string, unitId: number | null, category: string, at: (i: number) => number) => {
    for (let i = 0; i < n; i++) complaints.push({ terminal, unitId, category, createdAt: new Date(at(i)) });
  };
  const today = (i: number) => start + HOUR + i * 60_000; // 01:00 site time onwards
  const daily = (per: number) => (i: number) => start - DAY * (1 + Math.floor(i / per)) + HOUR; // `per` a day over the past days

  // Store 1: six complaints today against one a day before → a spike, as a unit and as a cause.
  add(6, 'store', 1, 'rude_staff', today);
  add(27, 'store', 1, 'rude_staff', daily(1));
  add(1, 'store', 1, 'rude_staff', () => start - 1); // the last instant of the baseline
  add(1, 'store', 1, 'rude_staff', () => now.getTime() + 1); // after now: not counted
  add(1, 'store', 1, 'rude_staff', () => window.baselineStart.getTime() - 1); // before the baseline: not counted
  // Store 2: six today, but four a day usually → no spike (needs 8).
  add(5, 'store', 2, 'price_dispute', today);
  add(1, 'store', 2, 'price_dispute', () => start); // the window's first instant counts as recent
  add(112, 'store', 2, 'price_dispute', daily(4));
  // Store 3, no history, four today: under the minimum count.
  add(4, 'store', 3, 'wrong_invoice', today);
  // Store 6, no history, five today: a hot spot by the minimum count alone.
  add(5, 'store', 6, 'display_damage', today);
  // Late deliveries: three at each of two centres — neither centre spikes, the cause does.
  add(3, 'logistics', 4, 'late_delivery', today);
  add(3, 'logistics', 5, 'late_delivery', today);
  add(20, 'logistics', 4, 'late_delivery', daily(1));
  add(8, 'logistics', 5, 'late_delivery', daily(1));
  // Unassigned: counts for its cause only.
  add(1, 'invoice', null, 'invoice_missing', today);

  it('counts complaints per terminal, unit and cause into the window and the baseline', () => {
    const rows = countComplaints(complaints, window, now);
    expect(rows.find((r) => r.unitId === 1)).toEqual({ terminal: 'store', unitId: 1, category: 'rude_staff', recent: 6, baseline: 28 });
    expect(rows.find((r) => r.unitId === 2)).toEqual({ terminal: 'store', unitId: 2, category: 'price_dispute', recent: 6, baseline: 112 });
    expect(rows.find((r) => r.unitId === null)).toEqual({ terminal: 'invoice', unitId: null, category: 'invoice_missing', recent: 1, baseline: 0 });
  });

  it('flags the spiking units and causes only, with counts and baselines', () => {
    expect(hotSpots(countComplaints(complaints, window, now), options)).toEqual([
      { subject: 'cause', terminal: 'logistics', unitId: null, category: 'late_delivery', count: 6, baselineCount: 28, baselinePerWindow: 1, ratio: 6 },
      { subject: 'cause', terminal: 'store', unitId: null, category: 'rude_staff', count: 6, baselineCount: 28, baselinePerWindow: 1, ratio: 6 },
      { subject: 'unit', terminal: 'store', unitId: 1, category: null, count: 6, baselineCount: 28, baselinePerWindow: 1, ratio: 6 },
      { subject: 'cause', terminal: 'store', unitId: null, category: 'display_damage', count: 5, baselineCount: 0, baselinePerWindow: 0, ratio: null },
      { subject: 'unit', terminal: 'store', unitId: 6, category: null, count: 5, baselineCount: 0, baselinePerWindow: 0, ratio: null },
    ]);
  });

  it('spikes at exactly factor × baseline, not below', () => {
    const row = (recent: number) => [{ terminal: 'store', unitId: 9, category: 'x', recent, baseline: 112 }];
    expect(hotSpots(row(8), options).map((s) => s.subject)).toEqual(['cause', 'unit']);
    expect(hotSpots(row(7), options)).toEqual([]);
    // A 6-hour window over 7 days: 28 windows; 56 complaints → 2 per window.
    expect(
      hotSpots([{ terminal: 'store', unitId: 9, category: 'x', recent: 5, baseline: 56 }], { windowHours: 6, baselineDays: 7, factor: 3, minCount: 5 }),
    ).toEqual([]);
    expect(
      hotSpots([{ terminal: 'store', unitId: 9, category: 'x', recent: 5, baseline: 56 }], { windowHours: 6, baselineDays: 7, factor: 2.5, minCount: 5 })[0],
    ).toMatchObject({ count: 5, baselinePerWindow: 2, ratio: 2.5 });
  });
});
