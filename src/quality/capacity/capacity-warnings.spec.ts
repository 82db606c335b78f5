import { capacityWarnings, CapacityDay, upcomingDays } from './capacity-warnings';

const day = (unitCode: string, date: string, bookedDeliveries: number | null, capacity: number | null): CapacityDay => ({
  unitId: unitCode === 'L001' ? 4 : 5,
  unitCode,
  unitName: `${unitCode} centre`,
  date,
  bookedDeliveries,
  capacity,
});
const options = { today: '2026-11-24', lookaheadDays: 3, warningPct: 90 };

describe('capacity early warning', () => {
  it('checks tomorrow through the look-ahead, not today nor past days', () => {
    expect(upcomingDays('2026-11-30', 3)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
    const warnings = capacityWarnings(
      [day('L001', '2026-11-23', 500, 400), day('L001', '2026-11-24', 500, 400), day('L001', '2026-11-25', 380, 400), day('L001', '2026-11-28', 500, 400)],
      options,
    );
    expect(warnings.map((w) => w.date)).toEqual(['2026-11-25']);
  });

  it('warns above the threshold, escalates past 100 %, stays quiet at or below it', () => {
    const warnings = capacityWarnings(
      [
        day('L001', '2026-11-25', 360, 400), // exactly 90 % → no
        day('L001', '2026-11-26', 361, 400), // 90.25 % → warning
        day('L001', '2026-11-27', 400, 400), // 100 % → warning, not over
        day('L002', '2026-11-25', 301, 300), // 100.3 % → over capacity
        day('L002', '2026-11-26', 100, 300), // 33 % → no
      ],
      options,
    );
    expect(warnings).toEqual([
      { unitId: 5, unitCode: 'L002', unitName: 'L002 centre', date: '2026-11-25', bookings: 301, capacity: 300, loadPct: 100.3, level: 'over_capacity' },
      { unitId: 4, unitCode: 'L001', unitName: 'L001 centre', date: '2026-11-26', bookings: 361, capacity: 400, loadPct: 90.3, level: 'warning' },
      { unitId: 4, unitCode: 'L001', unitName: 'L001 centre', date: '2026-11-27', bookings: 400, capacity: 400, loadPct: 100, level: 'warning' },
    ]);
  });

  it('does not judge days without bookings or capacity; a closed day with bookings is over capacity', () => {
    const warnings = capacityWarnings(
      [day('L001', '2026-11-25', null, 400), day('L001', '2026-11-26', 500, null), day('L002', '2026-11-25', 0, 0), day('L002', '2026-11-26', 3, 0)],
      options,
    );
    expect(warnings).toEqual([
      { unitId: 5, unitCode: 'L002', unitName: 'L002 centre', date: '2026-11-26', bookings: 3, capacity: 0, loadPct: null, level: 'over_capacity' },
    ]);
  });
});
