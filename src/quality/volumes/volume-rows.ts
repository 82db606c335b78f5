/**
 * Daily volumes import — pure: raw rows (parsed JSON or CSV records) in, checked rows or every error out.
 * An import is all-or-nothing: one bad row and nothing is written, and the answer names the row and
 * field of each bad row. Rows are numbered from 1 in the order given (a CSV's header line is not a row).
 */
import { isCalendarDay } from '../../clock/site-day';

export interface VolumeInputRow {
  /** The terminal unit's code (store, logistics centre, team). */
  unit: string;
  /** Site day, YYYY-MM-DD. */
  date: string;
  /** Deliveries booked for the day (预约配送); absent → left as it is. */
  bookedDeliveries?: number;
  /** Sales on the day (销售); absent → left as it is. */
  sales?: number;
}

export interface CheckedVolumeRow extends VolumeInputRow {
  unitId: number;
}

export type VolumeRowsCheck = { ok: true; rows: CheckedVolumeRow[] } | { ok: false; errors: string[] };

export const MAX_IMPORT_ROWS = 20_000;
const FIELDS = ['unit', 'date', 'bookedDeliveries', 'sales'] as const;

/** A count: a non-negative integer, given as a number (JSON) or digits (CSV); '' / null / undefined → absent. */
function count(value: unknown): { ok: true; value: number | undefined } | { ok: false } {
  if (value === undefined || value === null || value === '') return { ok: true, value: undefined };
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= 2_000_000_000 ? { ok: true, value } : { ok: false };
  if (typeof value === 'string' && /^\s*\d{1,10}\s*$/.test(value)) {
    const n = Number(value.trim());
    return n <= 2_000_000_000 ? { ok: true, value: n } : { ok: false };
  }
  return { ok: false };
}

/**
 * Checks every row against the known unit codes: unknown fields, unknown unit, a date that is not a
 * calendar day, a count that is not a non-negative integer, a row with neither count, and the same
 * unit and day twice in one import.
 */
export function checkVolumeRows(raw: unknown[], unitIdsByCode: ReadonlyMap<string, number>): VolumeRowsCheck {
  const errors: string[] = [];
  const rows: CheckedVolumeRow[] = [];
  const seen = new Map<string, number>();
  if (raw.length === 0) return { ok: false, errors: ['rows: the import holds no rows'] };
  if (raw.length > MAX_IMPORT_ROWS) return { ok: false, errors: [`rows: at most ${MAX_IMPORT_ROWS} rows per import (got ${raw.length})`] };
  raw.forEach((item, index) => {
    const n = index + 1;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      errors.push(`row ${n}: must be an object with unit, date, bookedDeliveries and/or sales`);
      return;
    }
    const record = item as Record<string, unknown>;
    const rowErrors: string[] = [];
    for (const key of Object.keys(record)) {
      if (!(FIELDS as readonly string[]).includes(key)) rowErrors.push(`row ${n}: unknown field "${key}" (allowed: ${FIELDS.join(', ')})`);
    }
    const unit = typeof record.unit === 'string' ? record.unit.trim() : '';
    const unitId = unitIdsByCode.get(unit);
    if (!unit) rowErrors.push(`row ${n}: unit is required (a unit code)`);
    else if (unitId === undefined) rowErrors.push(`row ${n}: unit "${unit}" is not a known unit code`);
    const date = typeof record.date === 'string' ? record.date.trim() : '';
    if (!date) rowErrors.push(`row ${n}: date is required (YYYY-MM-DD)`);
    else if (!isCalendarDay(date)) rowErrors.push(`row ${n}: date "${date}" is not a calendar date YYYY-MM-DD`);
    const booked = count(record.bookedDeliveries);
    const sales = count(record.sales);
    if (!booked.ok) rowErrors.push(`row ${n}: bookedDeliveries must be a whole number ≥ 0`);
    if (!sales.ok) rowErrors.push(`row ${n}: sales must be a whole number ≥ 0`);
    if (booked.ok && sales.ok && booked.value === undefined && sales.value === undefined) {
      rowErrors.push(`row ${n}: give bookedDeliveries and/or sales`);
    }
    if (rowErrors.length === 0) {
      const key = `${unit}\u0000${date}`;
      const first = seen.get(key);
      if (first !== undefined) rowErrors.push(`row ${n}: unit "${unit}" and date ${date} already given in row ${first}`);
      else seen.set(key, n);
    }
    if (rowErrors.length) {
      errors.push(...rowErrors);
      return;
    }
    const row: CheckedVolumeRow = { unit, unitId: unitId!, date };
    if (booked.ok && booked.value !== undefined) row.bookedDeliveries = booked.value;
    if (sales.ok && sales.value !== undefined) row.sales = sales.value;
    rows.push(row);
  });
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}
