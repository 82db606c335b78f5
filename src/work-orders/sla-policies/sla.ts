/**
 * SLA deadlines (pure, clock passed in). Resolution is due a policy's minutes after creation — on
 * the clock, or counting only the site's business hours when the policy says so.
 */
export interface SlaRule {
  firstResponseMinutes: number | null;
  resolutionMinutes: number;
  businessHoursOnly: boolean;
}

/** The site's working time: minutes of the local day it opens and closes, ISO weekdays (1 = Monday) it works. */
export interface BusinessCalendar {
  utcOffsetMinutes: number;
  openMinute: number;
  closeMinute: number;
  days: ReadonlySet<number>;
}

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

/** Parses `09:00-21:00` and `1-5,7` into a calendar. */
export function parseBusinessCalendar(hours: string, days: string, utcOffsetMinutes: number): BusinessCalendar {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(hours);
  if (!match) throw new Error(`business hours must be HH:MM-HH:MM (got ${hours})`);
  const openMinute = Number(match[1]) * 60 + Number(match[2]);
  const closeMinute = Number(match[3]) * 60 + Number(match[4]);
  if (closeMinute <= openMinute || closeMinute > DAY_MINUTES) throw new Error(`business hours must close after they open, by 24:00 (got ${hours})`);
  const set = new Set<number>();
  for (const part of days.split(',')) {
    const [a, b] = part.split('-').map(Number);
    for (let d = a; d <= (b ?? a); d++) set.add(d);
  }
  if (set.size === 0 || [...set].some((d) => !(d >= 1 && d <= 7))) throw new Error(`business days must be 1–7 (got ${days})`);
  return { utcOffsetMinutes, openMinute, closeMinute, days: set };
}

/** `start` plus `minutes` of service time: wall-clock, or only within the calendar's working hours. */
export function addServiceMinutes(start: Date, minutes: number, calendar: BusinessCalendar | null): Date {
  if (!calendar) return new Date(start.getTime() + minutes * MINUTE);
  let remaining = minutes * MINUTE;
  // Work in the site's local time expressed as a UTC-based timestamp.
  let local = start.getTime() + calendar.utcOffsetMinutes * MINUTE;
  for (let guard = 0; guard < 3700; guard++) {
    const dayStart = Math.floor(local / (DAY_MINUTES * MINUTE)) * DAY_MINUTES * MINUTE;
    const weekday = ((new Date(dayStart).getUTCDay() + 6) % 7) + 1;
    const open = dayStart + calendar.openMinute * MINUTE;
    const close = dayStart + calendar.closeMinute * MINUTE;
    if (calendar.days.has(weekday) && local < close) {
      const from = Math.max(local, open);
      if (from + remaining <= close) return new Date(from + remaining - calendar.utcOffsetMinutes * MINUTE);
      remaining -= close - from;
    }
    local = dayStart + DAY_MINUTES * MINUTE;
  }
  throw new Error('business calendar has no working time');
}

export interface SlaDeadlines {
  dueAt: Date;
  firstResponseDueAt: Date | null;
}

export function slaDeadlines(createdAt: Date, rule: SlaRule, calendar: BusinessCalendar | null): SlaDeadlines {
  const cal = rule.businessHoursOnly ? calendar : null;
  return {
    dueAt: addServiceMinutes(createdAt, rule.resolutionMinutes, cal),
    firstResponseDueAt: rule.firstResponseMinutes === null ? null : addServiceMinutes(createdAt, rule.firstResponseMinutes, cal),
  };
}

/** Open (not closed) and past its resolution deadline. */
export function isOverdue(order: { closedAt: Date | null; dueAt: Date }, now: Date): boolean {
  return order.closedAt === null && order.dueAt.getTime() < now.getTime();
}

/** The built-in per-category rules, overridable per category in sla_policy (seed 000: logistics after-sales 5 min / 48 h). */
export const BUILT_IN_SLA_RULES: Record<string, SlaRule> = {
  logistics_after_sales: { firstResponseMinutes: 5, resolutionMinutes: 48 * 60, businessHoursOnly: false },
};
