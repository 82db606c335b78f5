import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { Optional } from '../../../http/validation';
import { TERMINALS, type Terminal } from '../../../organisation/terminals';
import { BOOKING_KINDS, STORED_BOOKING_STATUSES, type BookingKind, type StoredBookingStatus } from '../../order-kinds';
import { UNIT_CODE } from '../../import/order-import-rows';

export class UnitRefDto {
  id: number;
  code: string;
  name: string;
  @ApiProperty({ enum: TERMINALS })
  terminal: Terminal;
}

export class SalesOrderLineDto {
  id: number;
  lineNo: number;
  productCode: string;
  productName: string;
  model: string | null;
  quantity: number;
  /** Unit price in fen (分). */
  unitPriceFen: number;
}

export class DeliveryBookingDto {
  id: number;
  /** The OMS's booking number (预约单号). */
  reference: string;
  @ApiProperty({ enum: BOOKING_KINDS })
  kind: BookingKind;
  centre: UnitRefDto;
  /** Site day, YYYY-MM-DD. */
  day: string;
  /** HH:MM-HH:MM. */
  timeWindow: string;
  @ApiProperty({ enum: STORED_BOOKING_STATUSES })
  status: StoredBookingStatus;
  installer: string | null;
  address: string;
  /** The row's version: send it back as `expectedVersion` with a change. */
  version: number;
  updatedAt: Date;
}

/** A sales order (销售订单) with its lines and bookings. */
export class SalesOrderDto {
  id: number;
  number: string;
  customerPhone: string;
  customerName: string | null;
  store: UnitRefDto;
  soldAt: Date;
  omsVersion: number;
  /** Sum of the lines' quantity × unit price, in fen. */
  totalFen: number;
  @ApiProperty({ type: [SalesOrderLineDto] })
  lines: SalesOrderLineDto[];
  @ApiProperty({ type: [DeliveryBookingDto] })
  bookings: DeliveryBookingDto[];
}

export class SalesOrderListDto {
  @ApiProperty({ enum: ['phone', 'order'] })
  matchedBy: 'phone' | 'order';
  @ApiProperty({ type: [SalesOrderDto] })
  items: SalesOrderDto[];
}

export class OrdersQuery {
  /** An order number, or a customer's phone number in any usual form. */
  @IsString()
  @Length(2, 40)
  q: string;
}

export class StockQuery {
  /** A product code (exact), or the start of a product's name. */
  @IsString()
  @Length(1, 64)
  product: string;

  /** One store's or warehouse's unit code; every unit when absent. */
  @Optional()
  @Matches(UNIT_CODE, { message: 'unit must be a unit code' })
  @IsString()
  unit?: string;
}

export class StockLevelDto {
  productCode: string;
  productName: string;
  unit: UnitRefDto;
  quantity: number;
  updatedAt: Date;
}
