import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { TERMINALS, Terminal } from '../../../organisation/terminals';
import { DAY_PATTERN } from '../../../clock/site-day';
import { REPORT_KINDS, ReportKind } from '../quality-report.entity';
import { SiteDayRangeQuery } from '../../../http/site-day-range.dto';
import { PageLimitQuery } from '../../../http/cursor-page.dto';
import { BooleanQuery, Optional } from '../../../http/validation';

/** A report over site days `from`–`to`, both inclusive (at most 366 days). */
export class GenerateReportDto extends SiteDayRangeQuery {}

export class ListReportsQuery extends PageLimitQuery {
  @Optional()
  @IsIn(REPORT_KINDS)
  kind?: ReportKind;

  /** Reports starting on or after this day. */
  @Optional()
  @Matches(DAY_PATTERN, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  /** Reports starting on or before this day. */
  @Optional()
  @Matches(DAY_PATTERN, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  /** The `nextCursor` of the previous page. */
  @Optional()
  @Matches(/^\d{1,10}$/, { message: 'cursor is not a cursor this API gave out' })
  cursor?: string;
}

export class DashboardQuery {
  /** Last site day shown (default: today, so far). */
  @Optional()
  @Matches(DAY_PATTERN, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(92)
  days?: number;
}

export class PutCauseDto {
  /** The terminal the cause belongs to; null: any; absent: unchanged. */
  @Optional({ nullable: true })
  @IsIn(TERMINALS)
  terminal?: Terminal | null;

  @IsString()
  @Length(1, 64)
  labelZh: string;

  @IsString()
  @Length(1, 64)
  labelEn: string;

  @Optional()
  @IsBoolean()
  active?: boolean;
}

export class ListCausesQuery {
  /** Retired causes too. */
  @Optional()
  @BooleanQuery()
  all?: boolean;
}
