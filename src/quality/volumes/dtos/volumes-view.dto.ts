import { ApiProperty } from '@nestjs/swagger';
import { TERMINALS, type Terminal } from '../../../organisation/terminals';

/* The volumes routes' answers as OpenAPI describes them. */

export class VolumesAlertKeys {
  raised: string[];
  escalated: string[];
}

export class VolumesChangeDto {
  /** Rows written (all of them: an import is all or nothing). */
  imported: number;
  /** The site days the rows are about. */
  days: string[];
  /** Capacity alerts the import raised or escalated, by alert key. */
  alerts: VolumesAlertKeys;
}

export class UnitDayVolumeDto {
  unitId: number;
  unitCode: string;
  unitName: string;
  @ApiProperty({ enum: TERMINALS })
  terminal: Terminal;
  /** Site day, YYYY-MM-DD. */
  date: string;
  bookedDeliveries: number | null;
  sales: number | null;
  /** The day's override, else the unit's dailyCapacity; null when neither is set. */
  capacity: number | null;
  @ApiProperty({ enum: ['day', 'unit'], nullable: true })
  capacitySource: 'day' | 'unit' | null;
}
