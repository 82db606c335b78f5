import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, Min } from 'class-validator';
import { CALL_OUTCOMES, CallOutcome } from '../call-record.entity';

export class ListCallsQuery {
  /** Arrived at or after (ISO 8601). */
  @IsOptional()
  @IsISO8601()
  from?: string;

  /** Arrived at or before (ISO 8601). */
  @IsOptional()
  @IsISO8601()
  to?: string;

  @IsOptional()
  @IsString()
  queue?: string;

  /** Agent job number. */
  @IsOptional()
  @IsString()
  agent?: string;

  @IsOptional()
  @IsIn(CALL_OUTCOMES)
  outcome?: CallOutcome;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class TransferCallDto {
  /** The queue the caller is transferred to. */
  @IsString()
  queue: string;
}
