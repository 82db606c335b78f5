import { ApiProperty } from '@nestjs/swagger';
import { IsArray, IsIn } from 'class-validator';
import { DomainError } from '../../../http/errors/domain-error';
import type { FieldError } from '../../../http/errors/validation-errors';
import { Optional } from '../../../http/validation';
import { IMPORT_KINDS, type ImportKind } from '../order-import-rows';

const ROWS = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;

/**
 * `POST /orders/import`: flat rows of three kinds, each checked with its row number.
 * - `lines`: `{ order, phone, customerName?, store, soldAt, version, lineNo, productCode, productName, model?, quantity, unitPriceFen }` — an order's header repeated on each line;
 * - `bookings`: `{ reference, order, version, kind, centre, day, timeWindow, status, installer?, address }`;
 * - `stock`: `{ product, productName, unit, quantity }`.
 */
export class ImportOrdersDto {
  @ApiProperty({ ...ROWS, required: false, description: 'order lines, the order header repeated on each' })
  @Optional()
  @IsArray({ message: 'lines must be an array of order-line rows' })
  lines?: unknown[];

  @ApiProperty({ ...ROWS, required: false, description: 'delivery and installation bookings' })
  @Optional()
  @IsArray({ message: 'bookings must be an array of booking rows' })
  bookings?: unknown[];

  @ApiProperty({ ...ROWS, required: false, description: 'stock per product and unit' })
  @Optional()
  @IsArray({ message: 'stock must be an array of stock rows' })
  stock?: unknown[];
}

/** The JSON body as the route takes it: not an instance of the class above (see `importBody`). */
export type ImportOrdersBody = Partial<Record<ImportKind, unknown[]>>;

const ROW_LISTS: Record<ImportKind, string> = {
  lines: 'lines must be an array of order-line rows',
  bookings: 'bookings must be an array of booking rows',
  stock: 'stock must be an array of stock rows',
};

/**
 * `ImportOrdersDto`'s rules checked by hand: the ValidationPipe's class-transformer copied all 20 000
 * rows, object by object, before the row checker looked at them (≈ 9 µs a row, a third of the import's
 * CPU). The same 400 as the pipe's: unknown fields and a kind that is not an array, each named.
 */
export function importBody(body: unknown): ImportOrdersBody {
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  const fields = isObject ? (body as Record<string, unknown>) : {};
  const errors: FieldError[] = isObject
    ? []
    : [{ field: 'body', code: 'validation.field_invalid', rule: 'isObject', message: 'the body must be an object with lines, bookings or stock' }];
  for (const [field, value] of Object.entries(fields)) {
    if (!(field in ROW_LISTS))
      errors.push({ field, code: 'validation.unknown_field', rule: 'whitelistValidation', message: `property ${field} should not exist` });
    else if (value !== undefined && !Array.isArray(value))
      errors.push({ field, code: 'validation.field_invalid', rule: 'isArray', message: ROW_LISTS[field as ImportKind] });
  }
  if (errors.length === 0) return fields;
  const code = errors.every((e) => e.code === 'validation.unknown_field') ? 'validation.unknown_field' : 'validation.field_invalid';
  throw new DomainError(code, { fields: errors.map((e) => e.field) }, errors.map((e) => e.message).join('; '), { errors });
}

export class ImportCsvQuery {
  /** What the CSV's rows are: order lines, bookings or stock (the columns are the JSON rows' fields). */
  @ApiProperty({ enum: IMPORT_KINDS })
  @IsIn(IMPORT_KINDS, { message: `kind must be one of ${IMPORT_KINDS.join(', ')}` })
  kind: ImportKind;
}

export class AppliedStaleDto {
  /** Written (new, newer than stored, or a replay of the stored version). */
  applied: number;
  /** Left alone: the stored order is newer. */
  stale: number;
}

export class OrdersImportResultDto {
  /** Rows checked and taken (all of them: an import is all or nothing). */
  imported: number;
  orders: AppliedStaleDto;
  lines: AppliedStaleDto;
  bookings: AppliedStaleDto;
  /** Stock rows written. */
  stock: number;
}
