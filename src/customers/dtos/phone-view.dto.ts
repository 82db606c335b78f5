import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Optional } from '../../http/validation';

const WORK_ORDER_NUMBER = /^WO\d{8}-\d{6}$/;

/** GET /quality/phone-views: the audit of unmasked customer numbers. */
export class ListPhoneViewsQuery {
  @Optional()
  @Matches(WORK_ORDER_NUMBER, { message: 'workOrder must be a work-order number (WO20261122-000123)' })
  workOrder?: string;

  @Optional()
  @Matches(/^[A-Za-z0-9]{1,16}$/, { message: 'jobNumber must be 1–16 letters or digits' })
  jobNumber?: string;

  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @Optional()
  @IsString()
  @Length(1, 64)
  cursor?: string;
}
