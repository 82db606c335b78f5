import { IsInt, Max, Min, ValidateIf } from 'class-validator';
import { SiteDayRangeQuery } from '../../../http/site-day-range.dto';

export class CapacityQuery extends SiteDayRangeQuery {}

/** `PUT /quality/capacity/:unitCode/:date`: the day's capacity; null clears it (back to the unit's dailyCapacity). */
export class SetCapacityDto {
  @ValidateIf((o: SetCapacityDto) => o.capacity !== null)
  @Max(1_000_000)
  @Min(0)
  @IsInt({ message: 'capacity must be a whole number ≥ 0, or null to use the unit’s dailyCapacity' })
  capacity: number | null;
}
