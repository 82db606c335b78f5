import { ArrayMaxSize, IsArray, IsString, Matches } from 'class-validator';
import { MAX_IMPORT_ROWS } from '../volume-rows';
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
