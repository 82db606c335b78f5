import { IsString, Matches } from 'class-validator';
import { SiteDayRangeQuery } from '../../../http/site-day-range.dto';
import { Optional } from '../../../http/validation';

/** `from` and `to` are site days, both inclusive; the range is checked (from ≤ to, ≤ 366 days) by the service. */
export class AgentKpiQuery extends SiteDayRangeQuery {
  /** One agent's job number (工号); all agents when absent. */
  @Optional()
  @Matches(/^[A-Za-z0-9]{1,16}$/, { message: 'jobNumber must be 1–16 letters or digits' })
  @IsString()
  jobNumber?: string;
}
