import { BadRequestException } from '@nestjs/common';
import { siteDay, siteDayStart } from '../agent-kpi';

const DAY_MS = 86_400_000;
export const MAX_RANGE_DAYS = 366;

/** Site days `from`…`to` (inclusive, either open) as instants [start, end); 400 naming the field for impossible dates or ranges. */
export function dayRange(from: string | undefined, to: string | undefined, utcOffsetMinutes: number): { start: Date | null; end: Date | null } {
  const start = from === undefined ? null : siteDayStart(from, utcOffsetMinutes);
  const last = to === undefined ? null : siteDayStart(to, utcOffsetMinutes);
  if (start && siteDay(start, utcOffsetMinutes) !== from) throw new BadRequestException([`from "${from}" is not a calendar date`]);
  if (last && siteDay(last, utcOffsetMinutes) !== to) throw new BadRequestException([`to "${to}" is not a calendar date`]);
  if (start && last) {
    if (last < start) throw new BadRequestException(['to must not be before from']);
    const days = Math.round((last.getTime() - start.getTime()) / DAY_MS) + 1;
    if (days > MAX_RANGE_DAYS) throw new BadRequestException([`to: the range may span at most ${MAX_RANGE_DAYS} days (got ${days})`]);
  }
  return { start, end: last ? new Date(last.getTime() + DAY_MS) : null };
}
