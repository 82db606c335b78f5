/**
 * The API payloads of the dashboard, reports, alerts and KPIs, as the server sends them (JSON: instants are
 * ISO strings) — those routes' bodies are not described in the OpenAPI document yet. The callbacks, spot
 * checks, scorecards and volumes pages take theirs from the generated services/api-types.ts.
 */
export { TERMINALS } from '../../../../src/organisation/terminals';
export type { Terminal } from '../../../../src/organisation/terminals';
export type { CauseRow, Change, Changes, ComplaintReport, Figures, TerminalRow, UnitRow } from '../../../../src/quality/reports/complaint-figures';
import type { Terminal } from '../../../../src/organisation/terminals';
import type { CauseRow, Changes, ComplaintReport, Figures, UnitRow } from '../../../../src/quality/reports/complaint-figures';
import type { QualityAlertPush, QualityAlertView } from '../../../../src/quality/alerts/quality-alert-view';

export interface ReportSummary {
  id: number;
  kind: 'daily' | 'on_demand';
  from: string;
  to: string;
  generatedAt: string;
  generatedBy: string | null;
}
export type ReportView = ReportSummary & { report: ComplaintReport };

export interface QualityDashboard {
  from: string;
  to: string;
  days: number;
  dates: string[];
  series: Record<Terminal, number[]>;
  totals: Figures & { change: Changes };
  terminals: (Figures & { terminal: Terminal; change: Changes })[];
  topUnits: (UnitRow & { terminal: Terminal })[];
  topCauses: CauseRow[];
}

/** As listed (GET /quality/alerts) and, with `change`, as pushed (`quality-alert` on /softphone). */
export type QualityAlert = QualityAlertView & { change?: QualityAlertPush['change'] };

export interface UnitDayCapacity {
  unitId: number;
  unitCode: string;
  unitName: string;
  terminal: Terminal;
  date: string;
  capacity: number | null;
  capacitySource: 'day' | 'unit' | null;
  bookedDeliveries: number | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type { KpiFigures } from '../../../../src/quality/agent-kpis/agent-kpi';
import type { DayKpis, MonthKpis } from '../../../../src/quality/agent-kpis/agent-kpi';

export interface AgentKpiResponse {
  from: string;
  to: string;
  ringBudgetSeconds: number;
  gradeRuleParams: { ringBudgetSeconds: number; excellent: number; good: number; fair: number };
  gradeRule: string;
  days: DayKpis[];
  months: MonthKpis[];
}
