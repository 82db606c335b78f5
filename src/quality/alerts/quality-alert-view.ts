/* The alert's kinds and its text — no decorators or framework here. Its shape on the wire is QualityAlertViewDto. */

import type { QualityAlertViewDto } from './dtos/quality-alert-view.dto';

export const QUALITY_ALERT_TYPES = ['capacity', 'hot_spot'] as const;
export type QualityAlertType = (typeof QUALITY_ALERT_TYPES)[number];
// capacity 作业量预警 (logistics capacity early warning) · hot_spot 爆发点 (complaint spike)

/** capacity: warning (≥ CAPACITY_WARNING_PCT %) → over_capacity (> 100 %); a hot spot has one level. */
export const QUALITY_ALERT_LEVELS = ['warning', 'over_capacity', 'hot_spot'] as const;
export type QualityAlertLevel = (typeof QUALITY_ALERT_LEVELS)[number];

/** What a hot spot is about: a unit (store, centre, team) or a cause (work-order category), per terminal. */
export type QualityAlertSubject = 'unit' | 'cause';

/** What happened to the alert: first raised, or escalated in place (a capacity warning gone past 100 %). */
export interface QualityAlertPush extends QualityAlertViewDto {
  change: 'raised' | 'escalated';
}

export type QualityAlertMessageCode =
  'quality.alert.capacity_warning' | 'quality.alert.capacity_over' | 'quality.alert.hot_spot_unit' | 'quality.alert.hot_spot_cause';

/** The alert's text as a stable code and its values: what it is about and its figures. */
export function alertMessage(
  a: Pick<QualityAlertViewDto, 'type' | 'level' | 'subject' | 'terminal' | 'unitCode' | 'unitName' | 'category' | 'periodStart' | 'figures'>,
): {
  messageCode: QualityAlertMessageCode;
  messageParams: Record<string, string | number | null>;
} {
  const figures = Object.fromEntries(Object.entries(a.figures).filter(([, v]) => typeof v === 'number' || typeof v === 'string' || v === null)) as Record<
    string,
    string | number | null
  >;
  const about = { terminal: a.terminal, unitCode: a.unitCode, unitName: a.unitName, category: a.category, periodStart: a.periodStart };
  if (a.type === 'capacity')
    return {
      messageCode: a.level === 'over_capacity' ? 'quality.alert.capacity_over' : 'quality.alert.capacity_warning',
      messageParams: { ...about, ...figures },
    };
  return { messageCode: a.subject === 'unit' ? 'quality.alert.hot_spot_unit' : 'quality.alert.hot_spot_cause', messageParams: { ...about, ...figures } };
}
