/**
 * The API payloads the quality pages read, as the server sends them (JSON: instants are ISO strings).
 * Mirrors of src/quality/** (reports/complaint-figures.ts `ComplaintReport`, reports/quality-dashboard.service.ts,
 * alerts/quality-alert-events.ts, volumes/unit-volumes.service.ts, callbacks/callback-visits.service.ts,
 * scorecards/*, agent-kpi.ts) — the server files carry entity decorators, so the page keeps its own copy.
 */
export const TERMINALS = ['dispatch', 'logistics', 'store', 'after_sales', 'manufacturer', 'invoice', 'membership', 'warranty'] as const;
export type Terminal = (typeof TERMINALS)[number];

export interface Figures {
  complaints: number;
  closed: number;
  avgResolutionHours: number | null;
  slaKept: number;
  slaKeptPct: number | null;
  reopened: number;
  reopenRatePct: number | null;
  claimsPaid: number;
  claimsPaidAmount: number;
  volume: number | null;
  ratePer1000: number | null;
  satisfactionAvg: number | null;
  satisfactionCount: number;
}
export interface Change { previous: number; delta: number; pct: number | null }
export interface Changes { previousPeriod: Change; previousWeek: Change }
export interface CauseRow extends Figures { cause: string; labelZh: string; labelEn: string; share: number | null }
export interface UnitRow extends Figures { unitId: number | null; code: string | null; name: string; change: Changes }
export interface TerminalRow extends Figures { terminal: Terminal; change: Changes; topCauses: CauseRow[]; units: UnitRow[] }
export interface ComplaintReport {
  from: string;
  to: string;
  comparison: { previousPeriod: { from: string; to: string }; previousWeek: { from: string; to: string } };
  totals: Figures & { change: Changes };
  terminals: TerminalRow[];
  topCauses: CauseRow[];
}
export interface ReportSummary { id: number; kind: 'daily' | 'on_demand'; from: string; to: string; generatedAt: string; generatedBy: string | null }
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

export interface QualityAlert {
  id: number;
  type: 'capacity' | 'hot_spot';
  level: 'warning' | 'over_capacity' | 'hot_spot';
  subject: 'unit' | 'cause';
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
  acknowledgedAt: string | null;
  acknowledgedByJobNumber: string | null;
  change?: 'raised' | 'escalated';
}

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

export interface Page<T> { items: T[]; nextCursor: string | null }

export interface CallbackVisit {
  id: number;
  status: string;
  dueAt: string;
  closedAt: string;
  attempts: number;
  maxAttempts: number;
  lastAttemptAt: string | null;
  workOrder: { number: string; status: string; category: string; terminal: Terminal; unit: { code: string; name: string } | null; solution: string | null; description: string };
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
  completedBy: string | null;
}

export interface ScorecardItem { code: string; label: string; maxPoints: number; weight: number; criticalFail: boolean }
export interface ScorecardFormView { id: number; name: string; description: string | null; subjectTypes: ('call' | 'work_order')[]; currentVersion: number; retired: boolean }
export interface ScorecardFormDetail extends ScorecardFormView { version: number; sections: { title: string; items: ScorecardItem[] }[]; totalWeight: number }
export interface Evaluation { id: number; form: { id: number; name: string; version: number }; subjectType: string; subjectId: string; agentJobNumber: string; monitorJobNumber: string; scorePct: number; criticalFailed: boolean; evaluatedAt: string }
export interface Dispersion { mean: number | null; spread: number | null; variance: number | null }
export interface CalibrationSession { formId: number; version: number; subjectType: string; subjectId: string; agentJobNumber: string; monitors: string[]; evaluations: number; total: Dispersion }
export interface CalibrationView {
  subjectType: string;
  subjectId: string;
  form: { id: number; name: string; version: number };
  agentJobNumber: string;
  monitors: string[];
  items: (Dispersion & { section: string; item: string; label: string; maxPoints: number; criticalFail: boolean; scores: { monitorJobNumber: string; points: number }[] })[];
  total: Dispersion & { scores: { monitorJobNumber: string; scorePct: number }[] };
}

export interface KpiFigures {
  jobNumber: string;
  name: string | null;
  offered: number;
  answered: number;
  answeredWithinRings: number;
  answeredWithinRingsPct: number | null;
  missed: number;
  avgSpeedOfAnswerSeconds: number | null;
  avgHandleSeconds: number | null;
  workOrdersCreated: number;
  workOrdersClosed: number;
  notReadySeconds: number;
  notReadyByReason: Record<string, number>;
  workOrdersClosedWithinSla: number;
  slaKeptPct: number | null;
  qaEvaluations: number;
  qaScorePct: number | null;
  callbackVisits: number;
  avgSatisfaction: number | null;
}
export interface AgentKpiResponse {
  from: string;
  to: string;
  gradeRule: string;
  days: (KpiFigures & { date: string })[];
  months: (KpiFigures & { month: string; grade: string | null })[];
}
