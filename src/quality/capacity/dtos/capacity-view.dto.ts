import { ApiProperty } from '@nestjs/swagger';
import { TERMINALS, type Terminal } from '../../../organisation/terminals';

/** A unit's capacity and bookings for one day (GET /quality/capacity) as OpenAPI describes it. */
export class UnitDayCapacityDto {
  unitId: number;
  unitCode: string;
  unitName: string;
  @ApiProperty({ enum: TERMINALS })
  terminal: Terminal;
  /** Site day, YYYY-MM-DD. */
  date: string;
  capacity: number | null;
  /** slots: the centre's delivery windows (配送时段) configured for the day; day / unit: the imported figures. */
  @ApiProperty({ enum: ['slots', 'day', 'unit'], nullable: true })
  capacitySource: 'slots' | 'day' | 'unit' | null;
  bookedDeliveries: number | null;
  /** bookings: counted from the delivery bookings (the order system's read model); volumes: the imported figure, where no booking is known. */
  @ApiProperty({ enum: ['bookings', 'volumes'], nullable: true })
  bookingsSource: 'bookings' | 'volumes' | null;
}
