import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsString, Min, ValidateNested } from 'class-validator';
import { Optional } from '../../../http/validation';
import { BOOKING_KINDS, BOOKING_STATUSES, type BookingKind, type BookingStatus } from '../../order-kinds';

/* The push's shape; the values are checked as the import checks its rows (same findings, same codes). */

export class OmsOrderLineDto {
  @IsInt()
  lineNo: number;
  @IsString()
  productCode: string;
  @IsString()
  productName: string;
  @Optional({ nullable: true })
  @IsString()
  model?: string | null;
  @IsInt()
  quantity: number;
  /** Unit price in fen (分). */
  @IsInt()
  unitPriceFen: number;
}

export class OmsBookingDto {
  @IsString()
  reference: string;
  @ApiProperty({ enum: BOOKING_KINDS })
  @IsIn(BOOKING_KINDS)
  kind: BookingKind;
  /** The logistics centre's or dispatch team's unit code. */
  @IsString()
  centre: string;
  /** YYYY-MM-DD. */
  @IsString()
  day: string;
  /** HH:MM-HH:MM. */
  @IsString()
  timeWindow: string;
  @ApiProperty({ enum: BOOKING_STATUSES })
  @IsIn(BOOKING_STATUSES)
  status: BookingStatus;
  @Optional({ nullable: true })
  @IsString()
  installer?: string | null;
  @IsString()
  address: string;
}

/** The whole order as the OMS holds it at `version`. */
export class OmsOrderDto {
  @IsString()
  number: string;
  /** The OMS's version of the order (a counter, or its updatedAt in ms): only a newer one is applied. */
  @IsInt()
  @Min(0)
  version: number;
  @IsString()
  customerPhone: string;
  @Optional({ nullable: true })
  @IsString()
  customerName?: string | null;
  /** The store's unit code. */
  @IsString()
  store: string;
  /** An instant with its offset. */
  @IsString()
  soldAt: string;
  /** The whole order: at least one line (an order the OMS cancelled outright still lists what was sold). */
  @ApiProperty({ type: [OmsOrderLineDto] })
  @ArrayMinSize(1, { message: 'order.lines must list at least one line: a pushed change carries the whole order' })
  @ArrayMaxSize(500)
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OmsOrderLineDto)
  lines: OmsOrderLineDto[];
  @ApiProperty({ type: [OmsBookingDto] })
  @ArrayMaxSize(100)
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OmsBookingDto)
  bookings: OmsBookingDto[];
}

/** `POST /orders/oms-changes`: one order's change, signed (X-OMS-Signature, X-OMS-Timestamp). */
export class OmsChangeDto {
  @ApiProperty({ type: OmsOrderDto })
  @IsObject()
  @ValidateNested()
  @Type(() => OmsOrderDto)
  order: OmsOrderDto;
}

export class OmsChangeResultDto {
  /** applied: stored; duplicate: this version is already stored (nothing written); stale: a newer version is stored (ignored). */
  @ApiProperty({ enum: ['applied', 'duplicate', 'stale'] })
  outcome: 'applied' | 'duplicate' | 'stale';
  number: string;
  /** The version stored after this push. */
  storedVersion: number;
}
