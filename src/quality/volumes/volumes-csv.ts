import { BadRequestException } from '@nestjs/common';
import { parse } from 'csv-parse/sync';

/**
 * Reads a volumes CSV: a header row naming the columns (unit, date, bookedDeliveries, sales — any
 * order), then one row per unit and day. UTF-8, with or without BOM; empty cells are absent counts.
 * Malformed CSV → 400 naming the line.
 */
export function parseVolumesCsv(text: string): Record<string, string>[] {
  try {
    return parse<Record<string, string>>(text, { columns: (header: string[]) => header.map((h) => h.trim()), bom: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    const e = error as { message?: string; lines?: number };
    throw new BadRequestException([`CSV${e.lines ? ` line ${e.lines}` : ''}: ${e.message ?? 'could not be parsed'}`]);
  }
}
