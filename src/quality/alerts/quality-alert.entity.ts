import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { QualityAlertLevel, QualityAlertSubject, QualityAlertType } from './quality-alert-view';

/**
 * One quality alert: a capacity early warning for a logistics centre and day, or a hot spot (爆发点) for
 * a unit or cause and window. `alertKey` is unique — one alert per subject and period however many
 * processes check at once; a capacity warning that grows past 100 % is escalated in place.
 */
@Entity('quality_alert')
@Index('IDX_quality_alert_open', ['acknowledgedAt', 'id'])
@Index('IDX_quality_alert_type', ['type', 'id'])
export class QualityAlert {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  type: QualityAlertType;

  @Column({ type: 'varchar', length: 16 })
  level: QualityAlertLevel;

  /** capacity:<unitCode>:<day> · hot_spot:unit:<terminal>:<unitCode>:<window start> · hot_spot:cause:<terminal>:<category>:<window start>. */
  @Index('UQ_quality_alert_key', { unique: true })
  @Column({ type: 'varchar', length: 160 })
  alertKey: string;

  @Column({ type: 'varchar', length: 8 })
  subject: QualityAlertSubject;

  @Column({ type: 'varchar', length: 24 })
  terminal: string;

  @Column({ type: 'int', nullable: true })
  unitId: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  unitCode: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  unitName: string | null;

  /** The cause (work-order category) of a cause hot spot. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  category: string | null;

  /** The period the alert is about: the site day (capacity) or the complaint window (hot spot). */
  @Column({ type: 'datetime', precision: 3 })
  periodStart: Date;

  @Column({ type: 'datetime', precision: 3 })
  periodEnd: Date;

  /** The figures behind it: { day, bookings, capacity, loadPct } or { count, baselinePerWindow, baselineCount, … }. */
  @Column({ type: 'simple-json' })
  figures: Record<string, unknown>;

  /** One line for people, e.g. "L001 北京物流中心 2026-11-25: 380 bookings / 400 capacity (95 %)". */
  @Column({ type: 'varchar', length: 255 })
  message: string;

  @Column({ type: 'datetime', precision: 3 })
  raisedAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  acknowledgedById: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  acknowledgedByJobNumber: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;
}
