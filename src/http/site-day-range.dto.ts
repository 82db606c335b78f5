import { IsString, Matches } from 'class-validator';
import { DAY_PATTERN } from '../clock/site-day';

/** A range of site days, both inclusive, YYYY-MM-DD; the calendar, the order and the length are checked by `siteDayRange`. */
export class SiteDayRangeQuery {
  @Matches(DAY_PATTERN, { message: 'from must be a date YYYY-MM-DD' })
  @IsString()
  from: string;

  @Matches(DAY_PATTERN, { message: 'to must be a date YYYY-MM-DD' })
  @IsString()
  to: string;
}
