/* The alert's kinds and its shape on the wire — no decorators or framework here: the quality pages import this too. */

export const QUALITY_ALERT_TYPES = ['capacity', 'hot_spot'] as const;
export type QualityAlertType = (typeof QUALITY_ALERT_TYPES)[number];
// capacity 作业量预警 (logistics capacity early warning) · hot_spot 爆发点 (complaint spike)

/** capacity: warning (≥ CAPACITY_WARNING_PCT %) → over_capacity (> 100 %); a hot spot has one level. */
export const QUALITY_ALERT_LEVELS = ['warning', 'over_capacity', 'hot_spot'] as const;
export type QualityAlertLevel = (typeof QUALITY_ALERT_LEVELS)[number];

/** What a hot spot is about: a unit (store, centre, team) or a cause (work-order category), per terminal. */
export type QualityAlertSubject = 'unit' | 'cause';

/** A quality alert as it is listed and pushed (`quality-alert` on /softphone) — instants as ISO strings. */
export interface QualityAlertView {
  id: number;
  /** Once per subject and period: capacity:<unitId>:<day> · hot_spot:unit|cause:<terminal>:<unitId|category>:<window start>. */
  alertKey: string;
  type: QualityAlertType;
  level: QualityAlertLevel;
  subject: QualityAlertSubject;
  terminal: string;
  unitId: number | null;
  unitCode: string | null;
  unitName: string | null;
  category: string | null;
  periodStart: string;
  periodEnd: string;
  figures: Record<string, unknown>;
  message: string;
  raisedAt: string;
  updatedAt: string;
  acknowledgedAt: string | null;
  acknowledgedByJobNumber: string | null;
  note: string | null;
}

/** What happened to the alert: first raised, or escalated in place (a capacity warning gone past 100 %). */
export interface QualityAlertPush extends QualityAlertView {
  change: 'raised' | 'escalated';
}
