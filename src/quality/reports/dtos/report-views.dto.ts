import { ApiProperty } from '@nestjs/swagger';
import { TERMINALS, type Terminal } from '../../../organisation/terminals';
import { QualityAlertViewDto } from '../../alerts/dtos/quality-alert-view.dto';
import { UnitDayCapacityDto } from '../../capacity/dtos/capacity-view.dto';
import { REPORT_KINDS, type ReportKind } from '../quality-report.entity';

/* The report and dashboard answers: the types buildComplaintReport and the services return, as OpenAPI describes them. */

export class FiguresView {
  complaints: number;
  closed: number;
  avgResolutionHours: number | null;
  slaKept: number;
  slaKeptPct: number | null;
  reopened: number;
  reopenRatePct: number | null;
  claimsPaid: number;
  claimsPaidAmount: number;
  /** Deliveries or sales imported for the units counted; null when none was. */
  volume: number | null;
  ratePer1000: number | null;
  satisfactionAvg: number | null;
  satisfactionCount: number;
}

/** A figure now against the same figure in a comparison period. */
export class ChangeView {
  previous: number;
  delta: number;
  /** Relative change in %, 1 decimal; null when the previous value was 0. */
  pct: number | null;
}

export class ChangesView {
  /** Against the period just before (日环比). */
  previousPeriod: ChangeView;
  /** Against the same period a week earlier (周同比). */
  previousWeek: ChangeView;
}

export class FiguresWithChange extends FiguresView {
  change: ChangesView;
}

export class CauseRowView extends FiguresView {
  cause: string;
  labelZh: string;
  labelEn: string;
  /** % of the parent's complaints, 1 decimal. */
  share: number | null;
}

export class UnitRowView extends FiguresWithChange {
  unitId: number | null;
  code: string | null;
  name: string;
}

export class TerminalFiguresView extends FiguresWithChange {
  @ApiProperty({ enum: TERMINALS })
  terminal: Terminal;
}

export class TerminalRowView extends TerminalFiguresView {
  topCauses: CauseRowView[];
  units: UnitRowView[];
}

export class DayRange {
  from: string;
  to: string;
}

export class ReportComparison {
  previousPeriod: DayRange;
  previousWeek: DayRange;
}

export class ComplaintReportView {
  from: string;
  to: string;
  comparison: ReportComparison;
  totals: FiguresWithChange;
  terminals: TerminalRowView[];
  /** Top causes across all terminals. */
  topCauses: CauseRowView[];
}

export class ReportSummaryView {
  id: number;
  @ApiProperty({ enum: REPORT_KINDS })
  kind: ReportKind;
  from: string;
  to: string;
  generatedAt: string;
  /** Who asked for it; null for the scheduler's daily reports. */
  generatedBy: string | null;
}

export class ReportViewDto extends ReportSummaryView {
  report: ComplaintReportView;
}

export class ReportSummaryPage {
  items: ReportSummaryView[];
  nextCursor: string | null;
}

export class TopUnitView extends UnitRowView {
  @ApiProperty({ enum: TERMINALS })
  terminal: Terminal;
}

export class QualityDashboardView {
  from: string;
  to: string;
  days: number;
  /** The site days of the series. */
  dates: string[];
  /** Complaints per site day and terminal: `series[terminal][i]` is the count on `dates[i]`. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'array', items: { type: 'number' } } })
  series: Record<Terminal, number[]>;
  totals: FiguresWithChange;
  terminals: TerminalFiguresView[];
  topUnits: TopUnitView[];
  topCauses: CauseRowView[];
  /** Open (unacknowledged) hot spots and capacity warnings, newest first. */
  openAlerts: QualityAlertViewDto[];
  /** The coming days' bookings against capacity. */
  capacity: UnitDayCapacityDto[];
}
