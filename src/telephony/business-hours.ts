/** Opening hours of the line in the site's local time (营业时间), with closed days for holidays. */
export interface BusinessHours {
  opensAtMinute: number;
  closesAtMinute: number;
  /** ISO weekday numbers 1 (Monday) … 7 (Sunday). */
  days: Set<number>;
  holidays: Set<string>;
  utcOffsetMinutes: number;
}

export function parseBusinessHours(hours: string, days: string, holidays: string, utcOffsetMinutes: number): BusinessHours {
  const [open, close] = hours.split('-').map((t) => {
    const [h, m] = t.split(':').map(Number);
    return h * 60 + m;
  });
  const daySet = new Set<number>();
  for (const part of days.split(',')) {
    const [from, to] = part.split('-').map(Number);
    for (let d = from; d <= (to ?? from); d++) daySet.add(d);
  }
  return { opensAtMinute: open, closesAtMinute: close, days: daySet, holidays: new Set(holidays ? holidays.split(',') : []), utcOffsetMinutes };
}

/** Is the line open at this instant? */
export function isOpen(hours: BusinessHours, at: Date): boolean {
  const local = new Date(at.getTime() + hours.utcOffsetMinutes * 60_000);
  const date = local.toISOString().slice(0, 10);
  if (hours.holidays.has(date)) return false;
  const weekday = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  if (!hours.days.has(weekday)) return false;
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  return hours.opensAtMinute <= minute && minute < hours.closesAtMinute;
}
