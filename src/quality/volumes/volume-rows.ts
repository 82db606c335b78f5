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

/** One bad row's finding: the row (0 for the import as a whole), a stable code and its values for a page to word, and the English message. */
export interface VolumeRowFinding {
  row: number;
  code: string;
  params: Record<string, string | number>;
  message: string;
}

export type VolumeRowsCheck = { ok: true; rows: CheckedVolumeRow[] } | { ok: false; errors: string[]; findings: VolumeRowFinding[] };

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
  const findings: VolumeRowFinding[] = [];
  const rows: CheckedVolumeRow[] = [];
  const seen = new Map<string, number>();
  const refused = (list: VolumeRowFinding[]): VolumeRowsCheck => ({ ok: false, errors: list.map((f) => f.message), findings: list });
  if (raw.length === 0) return refused([{ row: 0, code: 'volumes.no_rows', params: {}, message: 'rows: the import holds no rows' }]);
  if (raw.length > MAX_IMPORT_ROWS)
    return refused([
      {
        row: 0,
        code: 'volumes.too_many_rows',
        params: { max: MAX_IMPORT_ROWS, got: raw.length },
        message: `rows: at most ${MAX_IMPORT_ROWS} rows per import (got ${raw.length})`,
      },
    ]);
  raw.forEach((item, index) => {
    const n = index + 1;
    const rowFindings: VolumeRowFinding[] = [];
    const bad = (code: string, params: Record<string, string | number>, message: string) =>
      rowFindings.push({ row: n, code: `volumes.${code}`, params, message: `row ${n}: ${message}` });
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      bad('row_not_object', {}, 'must be an object with unit, date, bookedDeliveries and/or sales');
      findings.push(...rowFindings);
      return;
    }
    const record = item as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!(FIELDS as readonly string[]).includes(key)) bad('unknown_field', { field: key }, `unknown field "${key}" (allowed: ${FIELDS.join(', ')})`);
    }
    const unit = typeof record.unit === 'string' ? record.unit.trim() : '';
    const unitId = unitIdsByCode.get(unit);
    if (!unit) bad('unit_required', {}, 'unit is required (a unit code)');
    else if (unitId === undefined) bad('unit_unknown', { unit }, `unit "${unit}" is not a known unit code`);
    const date = typeof record.date === 'string' ? record.date.trim() : '';
    if (!date) bad('date_required', {}, 'date is required (YYYY-MM-DD)');
    else if (!isCalendarDay(date)) bad('date_invalid', { date }, `date "${date}" is not a calendar date YYYY-MM-DD`);
    const booked = count(record.bookedDeliveries);
    const sales = count(record.sales);
    if (!booked.ok) bad('count_invalid', { field: 'bookedDeliveries' }, 'bookedDeliveries must be a whole number ≥ 0');
    if (!sales.ok) bad('count_invalid', { field: 'sales' }, 'sales must be a whole number ≥ 0');
    if (booked.ok && sales.ok && booked.value === undefined && sales.value === undefined) {
      bad('count_missing', {}, 'give bookedDeliveries and/or sales');
    }
    if (rowFindings.length === 0) {
      const key = `${unit}\u0000${date}`;
      const first = seen.get(key);
      if (first !== undefined) bad('duplicate', { unit, date, firstRow: first }, `unit "${unit}" and date ${date} already given in row ${first}`);
      else seen.set(key, n);
    }
    if (rowFindings.length) {
      findings.push(...rowFindings);
      return;
    }
    const row: CheckedVolumeRow = { unit, unitId: unitId!, date };
    if (booked.ok && booked.value !== undefined) row.bookedDeliveries = booked.value;
    if (sales.ok && sales.value !== undefined) row.sales = sales.value;
    rows.push(row);
  });
  return findings.length ? refused(findings) : { ok: true, rows };
}
