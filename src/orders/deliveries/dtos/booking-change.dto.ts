import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsString, Length, Matches, Min, ValidateNested } from 'class-validator';
import { DAY_PATTERN } from '../../../clock/site-day';
import { Optional } from '../../../http/validation';
import { CALL_SID } from '../../../work-orders/dtos/work-order.dto';
import { ORDER_CHANGE_KINDS, TIME_WINDOW, type OrderChangeKind } from '../../order-kinds';
import { DeliveryBookingDto, UnitRefDto } from '../../lookup/dtos/sales-order-view.dto';

const WORK_ORDER_NUMBER = /^WO\d{8}-\d{6}$/;

/** What every change carries: the call it is made on, the work order it belongs to, the version the agent saw. */
export class BookingChangeContextDto {
  /** The call the change is made on (Twilio CallSid). */
  @Optional()
  @Matches(CALL_SID, { message: 'callSid must be a Twilio CallSid (CA followed by 32 hex digits)' })
  callSid?: string;

  /** The work order it belongs to; absent → the newest work order linked to the call, if any. */
  @Optional()
  @Matches(WORK_ORDER_NUMBER, { message: 'workOrderNumber must be a work-order number (WO20261122-000123)' })
  workOrderNumber?: string;

  /** The booking's `version` as read: a change made meanwhile by someone else → 409. */
  @Optional()
  @Min(1)
  @IsInt({ message: 'expectedVersion must be the booking’s version, a whole number' })
  expectedVersion?: number;
}

export class CapacityOverrideDto {
  /** Why the window may be booked over capacity (超产能), recorded with the supervisor's job number. */
  @Length(4, 255, { message: 'override.reason must be 4–255 characters' })
  @IsString()
  reason: string;
}

/** A new day and window (改约); also a failed delivery's re-delivery (再配送). */
export class RescheduleBookingDto extends BookingChangeContextDto {
  /** Site day, YYYY-MM-DD. */
  @Matches(DAY_PATTERN, { message: 'day must be a date YYYY-MM-DD' })
  day: string;

  /** One of the centre's windows, HH:MM-HH:MM. */
  @Matches(TIME_WINDOW, { message: 'timeWindow must be HH:MM-HH:MM' })
  timeWindow: string;

  /** Supervisors only: book a window that has no capacity left. */
  @ApiProperty({ type: CapacityOverrideDto, required: false })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => CapacityOverrideDto)
  override?: CapacityOverrideDto;
}

export class ChangeAddressDto extends BookingChangeContextDto {
  /** The customer's new address (顾客地址). */
  @Length(4, 255, { message: 'address must be 4–255 characters' })
  @IsString()
  address: string;
}

/** Days of the calendar; default today (the site's) through 13 days on. */
export class CalendarQuery {
  @Optional()
  @Matches(DAY_PATTERN, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;
  @Optional()
  @Matches(DAY_PATTERN, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}

export class WindowCapacityDto {
  timeWindow: string;
  slots: number;
  booked: number;
  /** slots − booked: negative when over capacity. */
  remaining: number;
}

export class DayCapacityDto {
  day: string;
  @ApiProperty({ type: [WindowCapacityDto] })
  windows: WindowCapacityDto[];
  slots: number;
  booked: number;
  remaining: number;
}

/** A booking's centre and its remaining capacity per day and window. */
export class BookingCalendarDto {
  reference: string;
  centre: UnitRefDto;
  @ApiProperty({ type: [DayCapacityDto] })
  days: DayCapacityDto[];
}

export class OrderChangeDto {
  id: number;
  @ApiProperty({ enum: ORDER_CHANGE_KINDS })
  kind: OrderChangeKind;
  callSid: string | null;
  workOrderNumber: string | null;
  byJobNumber: string;
  at: Date;
  @ApiProperty({ type: 'object', additionalProperties: true })
  before: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true })
  after: Record<string, unknown>;
  overrideReason: string | null;
  overrideByJobNumber: string | null;
}

export class BookingChangeResultDto {
  booking: DeliveryBookingDto;
  change: OrderChangeDto;
}
