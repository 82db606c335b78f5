import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { QUALITY_ALERT_TYPES, QualityAlertType } from '../quality-alert-view';
import { Optional } from '../../../http/validation';

export class QualityAlertListQuery {
  /** open: not yet acknowledged; acknowledged: the others; all when absent. */
  @Optional()
  @IsIn(['open', 'acknowledged'], { message: 'status must be open or acknowledged' })
  status?: 'open' | 'acknowledged';

  @Optional()
  @IsIn(QUALITY_ALERT_TYPES, { message: `type must be one of: ${QUALITY_ALERT_TYPES.join(', ')}` })
  type?: QualityAlertType;

  @Optional()
  @Type(() => Number)
  @Max(500)
  @Min(1)
  @IsInt({ message: 'limit must be a whole number 1–500' })
  limit?: number;
}

export class AcknowledgeQualityAlertDto {
  /** What was done about it (e.g. "training booked at S001 for Friday"). */
  @Optional()
  @MaxLength(500)
  @IsString()
  note?: string;
}
