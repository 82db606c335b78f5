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
  @ApiProperty({ enum: ['day', 'unit'], nullable: true })
  capacitySource: 'day' | 'unit' | null;
  bookedDeliveries: number | null;
}
