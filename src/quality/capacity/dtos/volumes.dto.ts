import { ArrayMaxSize, IsArray, IsInt, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { MAX_IMPORT_ROWS } from '../../volumes/volume-rows';
import { SiteDayRangeQuery } from '../../../http/site-day-range.dto';
import { Optional } from '../../../http/validation';

/** `POST /quality/volumes`: rows `{ unit, date, bookedDeliveries?, sales? }`, each checked with its row number. */
export class ImportVolumesDto {
  @ArrayMaxSize(MAX_IMPORT_ROWS)
  @IsArray({ message: 'rows must be an array of { unit, date, bookedDeliveries?, sales? }' })
  rows: unknown[];
}

export class VolumesQuery extends SiteDayRangeQuery {
  /** One unit's code; all units when absent. */
  @Optional()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'unit must be a unit code' })
  @IsString()
  unit?: string;
}

export class CapacityQuery extends SiteDayRangeQuery {}

/** `PUT /quality/capacity/:unitCode/:date`: the day's capacity; null clears it (back to the unit's dailyCapacity). */
export class SetCapacityDto {
  @ValidateIf((o: SetCapacityDto) => o.capacity !== null)
  @Max(1_000_000)
  @Min(0)
  @IsInt({ message: 'capacity must be a whole number ≥ 0, or null to use the unit’s dailyCapacity' })
  capacity: number | null;
}
