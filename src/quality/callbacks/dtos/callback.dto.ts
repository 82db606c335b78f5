import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsString, Length, Matches, Max, Min } from 'class-validator';
import { TERMINALS, Terminal } from '../../../organisation/terminals';
import { CALL_SID } from '../../../work-orders/dtos/work-order.dto';
import { CALLBACK_FILTERS, UNREACHABLE_REASONS, UnreachableReason } from '../callback-policy';
import { CursorPageQuery } from '../../../http/cursor-page.dto';
import { BooleanQuery, Optional } from '../../../http/validation';

const WORK_ORDER_NUMBER = /^WO\d{8}-\d{6}$/;

export class ListCallbacksQuery extends CursorPageQuery {
  /** due, scheduled (not yet due), in_progress, done, failed, unreachable, superseded — one or several, comma-separated. */
  @Optional()
  @Matches(new RegExp(`^(${CALLBACK_FILTERS.join('|')})(,(${CALLBACK_FILTERS.join('|')}))*$`), {
    message: `status must be one or more of ${CALLBACK_FILTERS.join(', ')}, comma-separated`,
  })
  status?: string;

  @Optional()
  @IsIn(TERMINALS)
  terminal?: Terminal;

  /** Only visits due before this instant (ISO 8601). */
  @Optional()
  @IsISO8601({ strict: true }, { message: 'dueBefore must be an ISO 8601 date-time' })
  dueBefore?: string;

  @Optional()
  @Matches(WORK_ORDER_NUMBER, { message: 'workOrder must be a work-order number (WO20261122-000123)' })
  workOrder?: string;

  /** Only dissatisfied results (satisfaction 1–2). */
  @Optional()
  @BooleanQuery()
  dissatisfied?: boolean;
}

export class UnreachableDto {
  /** no_answer 无人接听 · busy 占线 · wrong_number 号码错误 (ends the visit) · switched_off 关机 · declined 拒绝回访 */
  @IsIn(UNREACHABLE_REASONS)
  reason: UnreachableReason;

  @Optional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class CallbackResultDto {
  /** 1 very dissatisfied … 5 very satisfied. */
  @Type(() => Number)
  @IsInt({ message: 'satisfaction must be a whole number from 1 to 5' })
  @Min(1, { message: 'satisfaction must be a whole number from 1 to 5' })
  @Max(5, { message: 'satisfaction must be a whole number from 1 to 5' })
  satisfaction: number;

  /** Whether the problem is really solved; false reopens the work order. */
  @IsBoolean()
  solved: boolean;

  @Optional()
  @IsString()
  @Length(1, 2000)
  comments?: string;

  /** The call the answer was given on; defaults to the call placed for this attempt. */
  @Optional()
  @Matches(CALL_SID, { message: 'callSid must be a Twilio CallSid (CA followed by 32 hex digits)' })
  callSid?: string;
}
