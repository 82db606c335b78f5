import { BadRequestException } from '@nestjs/common';
import { isCalendarDay } from './volume-rows';

const DAY_MS = 86_400_000;

/** The site days from `from` to `to`, both inclusive (YYYY-MM-DD); 400 naming the field when the range is wrong. */
export function dayRange(from: string, to: string, maxDays = 366): string[] {
  if (!isCalendarDay(from)) throw new BadRequestException([`from "${from}" is not a calendar date YYYY-MM-DD`]);
  if (!isCalendarDay(to)) throw new BadRequestException([`to "${to}" is not a calendar date YYYY-MM-DD`]);
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (end < start) throw new BadRequestException(['to must not be before from']);
  const count = Math.round((end - start) / DAY_MS) + 1;
  if (count > maxDays) throw new BadRequestException([`to: the range may span at most ${maxDays} days (got ${count})`]);
  return Array.from({ length: count }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
}

/** The calendar day `n` days after `day` (YYYY-MM-DD). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}
