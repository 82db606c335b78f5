import { ApiProperty } from '@nestjs/swagger';
import {
  QUALITY_ALERT_LEVELS,
  QUALITY_ALERT_TYPES,
  type QualityAlertLevel,
  type QualityAlertMessageCode,
  type QualityAlertSubject,
  type QualityAlertType,
} from '../quality-alert-view';

const MESSAGE_CODES: QualityAlertMessageCode[] = [
  'quality.alert.capacity_warning',
  'quality.alert.capacity_over',
  'quality.alert.hot_spot_unit',
  'quality.alert.hot_spot_cause',
];

/** A quality alert as listed (GET /quality/alerts) and pushed (`quality-alert`), as OpenAPI describes it (QualityAlertView). */
// Instants as ISO strings. The service returns this type; the push adds `change` (QualityAlertPush).
export class QualityAlertViewDto {
  id: number;
  // Once per subject and period: capacity:<unitId>:<day> · hot_spot:unit|cause:<terminal>:<unitId|category>:<window start>.
  alertKey: string;
  @ApiProperty({ enum: QUALITY_ALERT_TYPES })
  type: QualityAlertType;
  @ApiProperty({ enum: QUALITY_ALERT_LEVELS })
  level: QualityAlertLevel;
  @ApiProperty({ enum: ['unit', 'cause'] })
  subject: QualityAlertSubject;
  terminal: string;
  unitId: number | null;
  unitCode: string | null;
  unitName: string | null;
  category: string | null;
  periodStart: string;
  periodEnd: string;
  /** The figures behind it: { day, bookings, capacity, loadPct } or { count, baselinePerWindow, … }. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  figures: Record<string, unknown>;
  /** The server's English; pages word it from messageCode and messageParams. */
  message: string;
  @ApiProperty({ enum: MESSAGE_CODES })
  messageCode: QualityAlertMessageCode;
  @ApiProperty({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true } })
  messageParams: Record<string, string | number | null>;
  raisedAt: string;
  updatedAt: string;
  acknowledgedAt: string | null;
  acknowledgedByJobNumber: string | null;
  note: string | null;
}
