import { BadRequestException } from '@nestjs/common';

/**
 * Site days: the calendar days of the site (cut at the midnight of SITE_UTC_OFFSET_MINUTES), as the
 * API takes them (YYYY-MM-DD) and as instants. One place for every module that counts by day.
 */

export const DAY_MS = 86_400_000;
export const MAX_RANGE_DAYS = 366;
/** A site day as the API takes it (the calendar is checked separately: see isCalendarDay). */
export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The site's calendar day (YYYY-MM-DD) of an instant. */
export function siteDay(at: Date, utcOffsetMinutes: number): string {
  return new Date(at.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** The instant a site day (YYYY-MM-DD) starts. */
export function siteDayStart(day: string, utcOffsetMinutes: number): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) - utcOffsetMinutes * 60_000);
}

/** True when `day` is YYYY-MM-DD and that day exists in the calendar (not 2026-02-30). */
export function isCalendarDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && siteDay(siteDayStart(day, 0), 0) === day;
}

/** The calendar day `n` days after `day` (YYYY-MM-DD). */
export function addDays(day: string, n: number): string {
  return siteDay(new Date(siteDayStart(day, 0).getTime() + n * DAY_MS), 0);
}

export interface SiteDayRange {
  from: string;
  to: string;
  /** The instant `from` starts and the instant after `to` ends: [start, end). */
  start: Date;
  end: Date;
  days: number;
}

function checkedDay(day: string, field: string): void {
  if (!isCalendarDay(day)) throw new BadRequestException([`${field} "${day}" is not a calendar date`]);
}

/** A range of site days (both inclusive): real calendar dates, from ≤ to, at most `maxDays` long — else a 400 naming the field. */
export function siteDayRange(from: string, to: string, utcOffsetMinutes: number, maxDays = MAX_RANGE_DAYS): SiteDayRange {
  checkedDay(from, 'from');
  checkedDay(to, 'to');
  if (to < from) throw new BadRequestException(['to must not be before from']);
  const start = siteDayStart(from, utcOffsetMinutes);
  const lastDay = siteDayStart(to, utcOffsetMinutes);
  const days = Math.round((lastDay.getTime() - start.getTime()) / DAY_MS) + 1;
  if (days > maxDays) throw new BadRequestException([`to: the range may span at most ${maxDays} days (got ${days})`]);
  return { from, to, start, end: new Date(lastDay.getTime() + DAY_MS), days };
}

/** A range that may be open at either end: the given ends checked as siteDayRange does. */
export function openSiteDayRange(from: string | undefined, to: string | undefined, utcOffsetMinutes: number): { start: Date | null; end: Date | null } {
  if (from !== undefined && to !== undefined) return siteDayRange(from, to, utcOffsetMinutes);
  if (from !== undefined) checkedDay(from, 'from');
  if (to !== undefined) checkedDay(to, 'to');
  return {
    start: from === undefined ? null : siteDayStart(from, utcOffsetMinutes),
    end: to === undefined ? null : new Date(siteDayStart(to, utcOffsetMinutes).getTime() + DAY_MS),
  };
}

/** Every day of a range, in order. */
export function daysOf(range: SiteDayRange): string[] {
  return Array.from({ length: range.days }, (_, i) => addDays(range.from, i));
}

/** The same-length range shifted by `days` (negative: earlier). */
export function shiftRange(range: SiteDayRange, days: number, utcOffsetMinutes: number): SiteDayRange {
  const from = addDays(range.from, days);
  const to = addDays(range.to, days);
  return { from, to, start: siteDayStart(from, utcOffsetMinutes), end: new Date(siteDayStart(to, utcOffsetMinutes).getTime() + DAY_MS), days: range.days };
}
