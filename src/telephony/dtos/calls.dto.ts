import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { CALL_DISPOSITIONS, CallDisposition } from '../call-dispositions';
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

/** The wrap-up disposition (小结) of a call: a code from the list and an optional note. */
export class CallDispositionDto {
  @IsIn(CALL_DISPOSITIONS, { message: `code must be one of: ${CALL_DISPOSITIONS.join(', ')}` })
  code: CallDisposition;

  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}
