import { BadRequestException } from '@nestjs/common';
import { siteDay, siteDayStart } from './agent-kpi';

export const DAY_MS = 86_400_000;
/** A site day as the API takes it. */
export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export interface SiteDayRange {
  from: string;
  to: string;
  /** The instant `from` starts and the instant after `to` ends: [start, end). */
  start: Date;
  end: Date;
  days: number;
}

/** Checks a range of site days (both inclusive): real calendar dates, from ≤ to, at most `maxDays` long — else a 400 naming the field. */
export function siteDayRange(from: string, to: string, utcOffsetMinutes: number, maxDays: number): SiteDayRange {
  const start = siteDayStart(from, utcOffsetMinutes);
  const lastDay = siteDayStart(to, utcOffsetMinutes);
  // A date the pattern lets through but the calendar does not have (2026-02-30) rolls over: refuse it.
  if (siteDay(start, utcOffsetMinutes) !== from) throw new BadRequestException([`from "${from}" is not a calendar date`]);
  if (siteDay(lastDay, utcOffsetMinutes) !== to) throw new BadRequestException([`to "${to}" is not a calendar date`]);
  if (lastDay < start) throw new BadRequestException(['to must not be before from']);
  const days = Math.round((lastDay.getTime() - start.getTime()) / DAY_MS) + 1;
  if (days > maxDays) throw new BadRequestException([`to: the range may span at most ${maxDays} days (got ${days})`]);
  return { from, to, start, end: new Date(lastDay.getTime() + DAY_MS), days };
}

/** The same-length range shifted by `days` (negative: earlier). */
export function shiftRange(range: SiteDayRange, days: number, utcOffsetMinutes: number): SiteDayRange {
  const start = new Date(range.start.getTime() + days * DAY_MS);
  const end = new Date(range.end.getTime() + days * DAY_MS);
  return { from: siteDay(start, utcOffsetMinutes), to: siteDay(new Date(end.getTime() - 1), utcOffsetMinutes), start, end, days: range.days };
}
