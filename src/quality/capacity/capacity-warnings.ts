/**
 * Logistics capacity early warning (作业量预警: "根据物流的作业能力,如果店面销售超过作业量,预警") — pure:
 * per delivery unit and upcoming site day, booked deliveries against the day's capacity.
 *
 * - Only days after today and at most `lookaheadDays` ahead are checked: the warning comes before the
 *   day, never for today or a day already past.
 * - A day warns when bookings exceed `warningPct` % of capacity (strictly); it is `over_capacity` when
 *   bookings exceed the capacity itself, else `warning`.
 * - A day without imported bookings, or a unit without any capacity, is not judged. A capacity of 0
 *   (the centre does not run that day) with bookings is over capacity, with no load %.
 */

export interface CapacityDay {
  unitId: number;
  unitCode: string;
  unitName: string;
  /** Site day, YYYY-MM-DD. */
  date: string;
  bookedDeliveries: number | null;
  capacity: number | null;
}

export type CapacityLevel = 'warning' | 'over_capacity';

export interface CapacityWarning {
  unitId: number;
  unitCode: string;
  unitName: string;
  date: string;
  bookings: number;
  capacity: number;
  /** bookings / capacity in %, one decimal; null when the capacity is 0. */
  loadPct: number | null;
  level: CapacityLevel;
}

export interface CapacityWarningOptions {
  /** Today's site day, YYYY-MM-DD. */
  today: string;
  lookaheadDays: number;
  warningPct: number;
}

const DAY_MS = 86_400_000;

/** The site days checked on `today`: tomorrow through `lookaheadDays` ahead. */
export function upcomingDays(today: string, lookaheadDays: number): string[] {
  const start = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: lookaheadDays }, (_, i) => new Date(start + (i + 1) * DAY_MS).toISOString().slice(0, 10));
}

/** Severity order, so a warning can only be escalated, never downgraded. */
export const CAPACITY_LEVEL_RANK: Record<CapacityLevel, number> = { warning: 1, over_capacity: 2 };

export function capacityWarnings(days: CapacityDay[], options: CapacityWarningOptions): CapacityWarning[] {
  const checked = new Set(upcomingDays(options.today, options.lookaheadDays));
  const warnings: CapacityWarning[] = [];
  for (const day of days) {
    if (!checked.has(day.date) || day.bookedDeliveries === null || day.capacity === null) continue;
    const bookings = day.bookedDeliveries;
    const capacity = day.capacity;
    // Integer comparison: bookings × 100 > pct × capacity, no rounding at the threshold.
    if (!(bookings * 100 > options.warningPct * capacity) || bookings === 0) continue;
    warnings.push({
      unitId: day.unitId,
      unitCode: day.unitCode,
      unitName: day.unitName,
      date: day.date,
      bookings,
      capacity,
      loadPct: capacity > 0 ? Math.round((bookings / capacity) * 1000) / 10 : null,
      level: bookings > capacity ? 'over_capacity' : 'warning',
    });
  }
  return warnings.sort((a, b) => a.date.localeCompare(b.date) || a.unitCode.localeCompare(b.unitCode));
}
