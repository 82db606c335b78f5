/**
 * The API payloads the quality pages read, as the server sends them (JSON: instants are ISO strings).
 * The report, KPI and alert shapes are the server's own (modules without decorators); the rest mirror
 * src/quality/** services (reports/quality-dashboard.service.ts, volumes/unit-volumes.service.ts,
 * callbacks/callback-visits.service.ts, scorecards/*), which carry Nest and entity decorators the page cannot compile.
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

export interface CallbackVisit {
  id: number;
  status: string;
  dueAt: string;
  closedAt: string;
  attempts: number;
  maxAttempts: number;
  lastAttemptAt: string | null;
  workOrder: {
    number: string;
    status: string;
    category: string;
    terminal: Terminal;
    unit: { code: string; name: string } | null;
    solution: string | null;
    description: string;
  };
  customer: { name: string | null; phone: string; phoneMasked: boolean };
  result: { satisfaction: number; solved: boolean; dissatisfied: boolean; comments: string | null; by: string | null; at: string } | null;
}

export interface SpotCheck {
  id: number;
  day: string;
  status: 'open' | 'done';
  terminal: Terminal;
  closedAt: string;
  workOrder: { number: string; status: string; category: string; unit: { code: string; name: string } | null; solution: string | null; description: string };
  customer: { name: string | null; phone: string; phoneMasked: boolean };
  evaluationId: number | null;
  note: string | null;
  completedBy: string | null;
}

export interface ScorecardItem {
  code: string;
  label: string;
  maxPoints: number;
  weight: number;
  criticalFail: boolean;
}
export interface ScorecardFormView {
  id: number;
  name: string;
  description: string | null;
  subjectTypes: ('call' | 'work_order')[];
  currentVersion: number;
  retired: boolean;
}
export interface ScorecardFormDetail extends ScorecardFormView {
  version: number;
  sections: { title: string; items: ScorecardItem[] }[];
  totalWeight: number;
  versions: { version: number; createdAt: string; evaluations: number }[];
}
export interface Evaluation {
  id: number;
  form: { id: number; name: string; version: number };
  subjectType: string;
  subjectId: string;
  agentJobNumber: string;
  monitorJobNumber: string;
  scorePct: number;
  criticalFailed: boolean;
  evaluatedAt: string;
}
export interface Dispersion {
  mean: number | null;
  spread: number | null;
  variance: number | null;
}
export interface CalibrationSession {
  formId: number;
  version: number;
  subjectType: string;
  subjectId: string;
  agentJobNumber: string;
  monitors: string[];
  evaluations: number;
  total: Dispersion;
}
export interface CalibrationView {
  subjectType: string;
  subjectId: string;
  form: { id: number; name: string; version: number };
  agentJobNumber: string;
  monitors: string[];
  items: (Dispersion & {
    section: string;
    item: string;
    label: string;
    maxPoints: number;
    criticalFail: boolean;
    scores: { monitorJobNumber: string; points: number }[];
  })[];
  total: Dispersion & { scores: { monitorJobNumber: string; scorePct: number }[] };
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
