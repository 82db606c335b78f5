import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ComplaintReportView } from './dtos/report-views.dto';

export const REPORT_KINDS = ['daily', 'on_demand'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * A generated quality report (每日总结各终端服务质量报告): the scheduler's daily report of the previous
 * site day, or one asked for over any range. Stored as computed, so the page, the CSV and the PDF
 * show exactly the figures the API returned.
 */
@Entity('quality_report')
@Index('IDX_quality_report_from', ['fromDay', 'id'])
export class QualityReport {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  kind: ReportKind;

  /** First and last site day covered, YYYY-MM-DD. */
  @Column({ type: 'varchar', length: 10 })
  fromDay: string;

  @Column({ type: 'varchar', length: 10 })
  toDay: string;

  /** The day of a daily report; unique, so however many processes run the scheduler, a day gets one report. Null on demand. */
  @Index('UQ_quality_report_daily', { unique: true })
  @Column({ type: 'varchar', length: 10, nullable: true })
  dailyKey: string | null;

  @Column({ type: 'datetime', precision: 3 })
  generatedAt: Date;

  /** Who asked for it; null for the scheduler. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  generatedBy: string | null;

  @Column({ type: 'json' })
  payload: ComplaintReportView;
}
