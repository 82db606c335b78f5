import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Matches, Min } from 'class-validator';
import { TERMINALS, Terminal } from '../../../organisation/terminals';
import { SPOT_CHECK_STATUSES, SpotCheckStatus } from '../spot-check.entity';
import { DAY_PATTERN } from '../../../clock/site-day';
import { CursorPageQuery } from '../../../http/cursor-page.dto';
import { Optional } from '../../../http/validation';

export class SampleSpotChecksDto {
  /** The site day whose closed work orders are sampled. */
  @Matches(DAY_PATTERN, { message: 'date must be a date YYYY-MM-DD' })
  @IsString()
  date: string;
}

export class ListSpotChecksQuery extends CursorPageQuery {
  @Optional()
  @Matches(DAY_PATTERN, { message: 'date must be a date YYYY-MM-DD' })
  date?: string;

  @Optional()
  @IsIn(TERMINALS)
  terminal?: Terminal;

  @Optional()
  @IsIn(SPOT_CHECK_STATUSES)
  status?: SpotCheckStatus;
}

export class CompleteSpotCheckDto {
  /** The scorecard evaluation the work order was scored with, when it was. */
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  evaluationId?: number;

  @IsString()
  @Length(1, 2000)
  note: string;
}
