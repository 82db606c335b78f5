import { ApiProperty } from '@nestjs/swagger';
import { IsArray, IsIn } from 'class-validator';
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
