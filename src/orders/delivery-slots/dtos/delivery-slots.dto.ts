import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, Matches, Max, Min, ValidateNested } from 'class-validator';
import { DAY_PATTERN } from '../../../clock/site-day';
import { Optional } from '../../../http/validation';
import { TIME_WINDOW } from '../../order-kinds';

export class WindowSlotsDto {
  /** HH:MM-HH:MM. */
  @Matches(TIME_WINDOW, { message: 'timeWindow must be HH:MM-HH:MM' })
  timeWindow: string;

  /** Bookings the centre can run in this window (0: the window is closed that day). */
  @Max(10_000)
  @Min(0)
  @IsInt({ message: 'slots must be a whole number ≥ 0' })
  slots: number;
}

/** `PUT /delivery-slots/:centre`: the windows of every day (no `day`) or of one day, replacing what was set for it. */
export class SetDeliverySlotsDto {
  /** YYYY-MM-DD for one day's own windows; absent or null for every day's. */
  @Optional({ nullable: true })
  @Matches(DAY_PATTERN, { message: 'day must be a date YYYY-MM-DD' })
  day?: string | null;

  @ApiProperty({ type: [WindowSlotsDto] })
  @ArrayMaxSize(24)
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => WindowSlotsDto)
  windows: WindowSlotsDto[];
}

export class DeliverySlotDto {
  timeWindow: string;
  /** null: every day. */
  day: string | null;
  slots: number;
}
