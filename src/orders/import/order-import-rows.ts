/**
 * The order system's import — pure: raw rows (parsed JSON or CSV records) in, checked rows or every
 * bad row's finding out. Three kinds of row, each flat so a CSV and the JSON body say the same:
 * order lines (the order's header repeated on each of its lines), delivery/installation bookings and
 * stock. An import is all-or-nothing, as the volumes import is: one bad row and nothing is written.
 * Rows are numbered from 1 within their kind (a CSV's header line is not a row).
 */
import { isCalendarDay } from '../../clock/site-day';
import type { Terminal } from '../../organisation/terminals';
import { BOOKING_KINDS, BOOKING_STATUSES, BookingKind, BookingStatus, TIME_WINDOW } from '../order-kinds';

export const IMPORT_KINDS = ['lines', 'bookings', 'stock'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Rows per import, all kinds together (about 4 MB of JSON). */
export const MAX_IMPORT_ROWS = 20_000;

export const ORDER_NUMBER = /^[A-Za-z0-9_-]{1,32}$/;
export const PRODUCT_CODE = /^[A-Za-z0-9_.-]{1,32}$/;
export const UNIT_CODE = /^[A-Za-z0-9_-]{1,32}$/;
/** An instant with its offset: 2026-12-06T10:15:00+08:00 or …Z. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_INT = 2_000_000_000;
/** Entries per memo of one check (distinct instants, days, phones). */
const MEMO_MAX = 100_000;

export interface OrderHeader {
  number: string;
  customerPhone: string;
  customerName: string | null;
  storeUnitId: number;
  soldAt: Date;
  version: number;
}

export interface CheckedLine {
  order: string;
  lineNo: number;
  productCode: string;
  productName: string;
  model: string | null;
  quantity: number;
  unitPriceFen: number;
}

export interface CheckedBooking {
  reference: string;
  order: string;
  version: number;
  kind: BookingKind;
  centreUnitId: number;
  day: string;
  timeWindow: string;
  status: BookingStatus;
  installer: string | null;
  address: string;
}

export interface CheckedStock {
  productCode: string;
  productName: string;
  unitId: number;
  quantity: number;
}

export interface CheckedImport {
  /** One header per order number, from its lines (all of which agree). */
  orders: Map<string, OrderHeader>;
  lines: CheckedLine[];
  bookings: CheckedBooking[];
  stock: CheckedStock[];
}

/** One bad row's finding: kind and row (0 for the import as a whole), a stable code and its values for a page to word, and the English message. */
export interface ImportFinding {
  kind: ImportKind | null;
  row: number;
  code: string;
  params: Record<string, string | number>;
  message: string;
}

export type ImportCheck = { ok: true; rows: CheckedImport; count: number } | { ok: false; findings: ImportFinding[] };

export interface ImportRefs {
  /** Terminal units by code. */
  units: ReadonlyMap<string, { id: number; terminal: Terminal }>;
  /** The customer file's phone normalisation (`normalisePhone`). */
  normalisePhone(raw: string): string | null;
}

const FIELDS: Record<ImportKind, readonly string[]> = {
  lines: ['order', 'phone', 'customerName', 'store', 'soldAt', 'version', 'lineNo', 'productCode', 'productName', 'model', 'quantity', 'unitPriceFen'],
  bookings: ['reference', 'order', 'version', 'kind', 'centre', 'day', 'timeWindow', 'status', 'installer', 'address'],
  stock: ['product', 'productName', 'unit', 'quantity'],
};
const FIELD_SETS: Record<ImportKind, ReadonlySet<string>> = { lines: new Set(FIELDS.lines), bookings: new Set(FIELDS.bookings), stock: new Set(FIELDS.stock) };

/** A whole number in [min, max], given as a number (JSON) or digits (CSV); '' / null / undefined → absent. */
function integer(value: unknown, min: number, max: number): number | undefined | null {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d{1,16}\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/** One kind's rows' checker, moved from row to row (`at`): 20 000 rows, one object. */
class RowChecker {
  private rowFindings = 0;
  row = 0;

  constructor(
    private readonly kind: ImportKind,
    private readonly into: ImportFinding[],
  ) {}

  at(row: number): this {
    this.row = row;
    this.rowFindings = 0;
    return this;
  }

  bad(code: string, params: Record<string, string | number>, message: string): void {
    this.rowFindings++;
    this.into.push({ kind: this.kind, row: this.row, code: `orders_import.${code}`, params, message: `${this.kind} row ${this.row}: ${message}` });
  }

  get ok(): boolean {
    return this.rowFindings === 0;
  }

  required(record: Record<string, unknown>, field: string, pattern: RegExp, what: string, max = 255): string {
    const value = text(record[field]);
    if (!value) this.bad('field_required', { field }, `${field} is required (${what})`);
    else if (value.length > max || !pattern.test(value))
      this.bad('field_invalid', { field, value: value.slice(0, 64) }, `${field} "${value.slice(0, 64)}" is not ${what}`);
    return value;
  }

  integer(record: Record<string, unknown>, field: string, min: number, max: number, what: string): number {
    const n = integer(record[field], min, max);
    if (n === undefined) this.bad('field_required', { field }, `${field} is required (${what})`);
    else if (n === null) this.bad('field_invalid', { field, value: text(record[field]).slice(0, 64) }, `${field} must be ${what}`);
    return n ?? 0;
  }

  optionalText(record: Record<string, unknown>, field: string, max: number): string | null {
    const value = text(record[field]);
    if (value.length > max) this.bad('field_too_long', { field, max }, `${field} is longer than ${max} characters`);
    return value || null;
  }

  unit(record: Record<string, unknown>, field: string, refs: ImportRefs, terminals: readonly Terminal[]): number {
    const known = refs.units.get(record[field] as string); // the common case: a known unit's code, as given
    if (known && terminals.includes(known.terminal)) return known.id;
    const before = this.rowFindings;
    const code = this.required(record, field, UNIT_CODE, 'a unit code', 32);
    if (this.rowFindings > before || !code) return 0;
    const unit = refs.units.get(code);
    if (!unit) this.bad('unit_unknown', { field, unit: code }, `${field} "${code}" is not a known unit code`);
    else if (!terminals.includes(unit.terminal))
      this.bad(
        'unit_wrong_terminal',
        { field, unit: code, terminal: unit.terminal },
        `${field} "${code}" is a ${unit.terminal} unit, not ${terminals.join(' or ')}`,
      );
    return unit?.id ?? 0;
  }
}

function record(item: unknown, checker: RowChecker, kind: ImportKind): Record<string, unknown> | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    checker.bad('row_not_object', {}, `must be an object with ${FIELDS[kind].join(', ')}`);
    return null;
  }
  const r = item as Record<string, unknown>;
  const allowed = FIELD_SETS[kind];
  for (const key in r) {
    if (!allowed.has(key)) checker.bad('unknown_field', { field: key }, `unknown field "${key}" (allowed: ${FIELDS[kind].join(', ')})`);
  }
  return r;
}

/** Memos of one check: an order's lines repeat its header, and an import's orders share phones' segments, instants and days. */
interface CheckMemo {
  phones: Map<string, string | null>;
  instants: Map<string, number>;
  days: Map<string, boolean>;
  /** The last line whose header checked clean, and that header: the next line of the same order repeats it. */
  last?: { raw: Record<string, unknown>; header: OrderHeader };
}

const HEADER_FIELDS = ['order', 'phone', 'customerName', 'store', 'soldAt', 'version'] as const;

function checkHeader(r: Record<string, unknown>, c: RowChecker, refs: ImportRefs, memo: CheckMemo): OrderHeader {
  const last = memo.last;
  if (last && HEADER_FIELDS.every((f) => r[f] === last.raw[f])) return last.header; // the same values checked the same
  const before = c.ok;
  const header = readHeader(r, c, refs, memo);
  memo.last = before && c.ok ? { raw: r, header } : undefined;
  return header;
}

function readHeader(r: Record<string, unknown>, c: RowChecker, refs: ImportRefs, memo: CheckMemo): OrderHeader {
  const { phones } = memo;
  const order = c.required(r, 'order', ORDER_NUMBER, 'an order number', 32);
  const rawPhone = text(r.phone);
  let phone = phones.get(rawPhone);
  if (phone === undefined) phones.set(rawPhone, (phone = rawPhone ? refs.normalisePhone(rawPhone) : null));
  if (!rawPhone) c.bad('field_required', { field: 'phone' }, 'phone is required (the customer’s phone number)');
  else if (!phone) c.bad('phone_invalid', { field: 'phone', value: rawPhone.slice(0, 32) }, `phone "${rawPhone.slice(0, 32)}" is not a phone number`);
  const storeUnitId = c.unit(r, 'store', refs, ['store']);
  const soldAtText = text(r.soldAt);
  let instant = memo.instants.get(soldAtText);
  if (instant === undefined) {
    instant = INSTANT.test(soldAtText) ? Date.parse(soldAtText) : NaN;
    if (memo.instants.size < MEMO_MAX) memo.instants.set(soldAtText, instant);
  }
  const soldAt = new Date(instant);
  if (!soldAtText) c.bad('field_required', { field: 'soldAt' }, 'soldAt is required (an instant with its offset, 2026-12-06T10:15:00+08:00)');
  else if (Number.isNaN(soldAt.getTime()))
    c.bad(
      'field_invalid',
      { field: 'soldAt', value: soldAtText.slice(0, 40) },
      `soldAt "${soldAtText.slice(0, 40)}" is not an instant with its offset (2026-12-06T10:15:00+08:00)`,
    );
  const version = c.integer(r, 'version', 0, Number.MAX_SAFE_INTEGER, "the OMS's version, a whole number ≥ 0");
  return { number: order, customerPhone: phone ?? '', customerName: c.optionalText(r, 'customerName', 64), storeUnitId, soldAt, version };
}

function checkLine(r: Record<string, unknown>, c: RowChecker, refs: ImportRefs, memo: CheckMemo): { header: OrderHeader; line: CheckedLine } {
  const header = checkHeader(r, c, refs, memo);
  const order = header.number;
  const line: CheckedLine = {
    order,
    lineNo: c.integer(r, 'lineNo', 1, 9999, 'a line number 1–9999'),
    productCode: c.required(r, 'productCode', PRODUCT_CODE, 'a product code', 32),
    productName: c.required(r, 'productName', /./, 'a product name of at most 128 characters', 128),
    model: c.optionalText(r, 'model', 64),
    quantity: c.integer(r, 'quantity', 1, 100_000, 'a whole number 1–100000'),
    unitPriceFen: c.integer(r, 'unitPriceFen', 0, MAX_INT, 'a price in fen, a whole number ≥ 0'),
  };
  return { header, line };
}

function checkBooking(r: Record<string, unknown>, c: RowChecker, refs: ImportRefs, memo: CheckMemo): CheckedBooking {
  const kind = text(r.kind) as BookingKind;
  if (!BOOKING_KINDS.includes(kind)) c.bad('field_invalid', { field: 'kind', value: kind.slice(0, 32) }, `kind must be one of ${BOOKING_KINDS.join(', ')}`);
  const status = text(r.status) as BookingStatus;
  if (!BOOKING_STATUSES.includes(status))
    c.bad('field_invalid', { field: 'status', value: status.slice(0, 32) }, `status must be one of ${BOOKING_STATUSES.join(', ')}`);
  const day = text(r.day);
  let calendarDay = memo.days.get(day);
  if (calendarDay === undefined) {
    calendarDay = isCalendarDay(day);
    if (memo.days.size < MEMO_MAX) memo.days.set(day, calendarDay);
  }
  if (!calendarDay) c.bad('field_invalid', { field: 'day', value: day.slice(0, 32) }, `day "${day.slice(0, 32)}" is not a calendar date YYYY-MM-DD`);
  return {
    reference: c.required(r, 'reference', ORDER_NUMBER, 'a booking number', 32),
    order: c.required(r, 'order', ORDER_NUMBER, 'an order number', 32),
    version: c.integer(r, 'version', 0, Number.MAX_SAFE_INTEGER, "the OMS's version, a whole number ≥ 0"),
    kind,
    centreUnitId: c.unit(r, 'centre', refs, ['logistics', 'dispatch']),
    day,
    timeWindow: c.required(r, 'timeWindow', TIME_WINDOW, 'a time window HH:MM-HH:MM', 11),
    status,
    installer: c.optionalText(r, 'installer', 64),
    address: c.required(r, 'address', /./, 'an address of at most 255 characters', 255),
  };
}

function checkStock(r: Record<string, unknown>, c: RowChecker, refs: ImportRefs): CheckedStock {
  return {
    productCode: c.required(r, 'product', PRODUCT_CODE, 'a product code', 32),
    productName: c.required(r, 'productName', /./, 'a product name of at most 128 characters', 128),
    unitId: c.unit(r, 'unit', refs, ['store', 'logistics']),
    quantity: c.integer(r, 'quantity', -MAX_INT, MAX_INT, 'a whole number'),
  };
}

function sameHeader(a: OrderHeader, b: OrderHeader): string | null {
  if (a.customerPhone !== b.customerPhone) return 'phone';
  if (a.storeUnitId !== b.storeUnitId) return 'store';
  if (a.soldAt.getTime() !== b.soldAt.getTime()) return 'soldAt';
  if (a.version !== b.version) return 'version';
  if (a.customerName !== b.customerName) return 'customerName';
  return null;
}

/**
 * Checks every row: unknown fields, missing or malformed values, unknown units or units of the wrong
 * terminal, a phone that is not one, an order whose lines disagree on its header, the same line,
 * booking or stock row twice in one import.
 */
export function checkImportRows(raw: Partial<Record<ImportKind, unknown[]>>, refs: ImportRefs): ImportCheck {
  const findings: ImportFinding[] = [];
  const count = IMPORT_KINDS.reduce((n, k) => n + (raw[k]?.length ?? 0), 0);
  if (count === 0)
    return {
      ok: false,
      findings: [{ kind: null, row: 0, code: 'orders_import.no_rows', params: {}, message: 'the import holds no rows (lines, bookings or stock)' }],
    };
  if (count > MAX_IMPORT_ROWS)
    return {
      ok: false,
      findings: [
        {
          kind: null,
          row: 0,
          code: 'orders_import.too_many_rows',
          params: { max: MAX_IMPORT_ROWS, got: count },
          message: `at most ${MAX_IMPORT_ROWS} rows per import (got ${count})`,
        },
      ],
    };
  const rows: CheckedImport = { orders: new Map(), lines: [], bookings: [], stock: [] };
  const memo: CheckMemo = { phones: new Map(), instants: new Map(), days: new Map() };
  const firstRow = new Map<string, number>();
  const duplicate = (c: RowChecker, key: string, n: number, what: string) => {
    const first = firstRow.get(key);
    if (first !== undefined) c.bad('duplicate', { firstRow: first }, `${what} already given in row ${first}`);
    else firstRow.set(key, n);
  };
  const lineChecker = new RowChecker('lines', findings);
  (raw.lines ?? []).forEach((item, index) => {
    const c = lineChecker.at(index + 1);
    const r = record(item, c, 'lines');
    if (!r) return;
    const { header, line } = checkLine(r, c, refs, memo);
    if (!c.ok) return;
    const known = rows.orders.get(header.number);
    const differs = known && known !== header && sameHeader(known, header);
    if (differs) c.bad('order_header_differs', { order: header.number, field: differs }, `order ${header.number}'s ${differs} differs from its earlier line`);
    duplicate(c, `L\u0000${line.order}\u0000${line.lineNo}`, index + 1, `order ${line.order} line ${line.lineNo}`);
    if (!c.ok) return;
    if (!known) rows.orders.set(header.number, header);
    rows.lines.push(line);
  });
  const bookingChecker = new RowChecker('bookings', findings);
  (raw.bookings ?? []).forEach((item, index) => {
    const c = bookingChecker.at(index + 1);
    const r = record(item, c, 'bookings');
    if (!r) return;
    const booking = checkBooking(r, c, refs, memo);
    if (c.ok) duplicate(c, `B\u0000${booking.reference}`, index + 1, `booking ${booking.reference}`);
    if (c.ok) rows.bookings.push(booking);
  });
  const stockChecker = new RowChecker('stock', findings);
  (raw.stock ?? []).forEach((item, index) => {
    const c = stockChecker.at(index + 1);
    const r = record(item, c, 'stock');
    if (!r) return;
    const stock = checkStock(r, c, refs);
    if (c.ok) duplicate(c, `S\u0000${stock.productCode}\u0000${stock.unitId}`, index + 1, `product ${stock.productCode} at that unit`);
    if (c.ok) rows.stock.push(stock);
  });
  return findings.length ? { ok: false, findings } : { ok: true, rows, count };
}
