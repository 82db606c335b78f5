/**
 * Agent KPIs by job number (工号), per site day and per month — pure: plain rows in, figures out.
 * The service loads the rows; the API, the CSV export and the tests all go through `computeAgentKpis`,
 * so the same figures come out everywhere.
 *
 * Attribution:
 * - offers (offered, answered, answered within the ring budget, missed) fall on the day the agent was rung (offeredAt);
 * - speed of answer (call arrivedAt → connectedAt) and handle time (connectedAt → endedAt) belong to the agent
 *   on the call record, on the day the call arrived; handle time counts ended calls only;
 * - work orders created / closed: the create / close entries of the audit trail, by their actor; a reopened
 *   order closed again counts again. SLA kept: of those closes, the ones at or before the deadline in force
 *   when the order was closed;
 * - not-ready time by reason: from the agent state-change log, each not-ready interval (to the next change, or
 *   the end of the range / now) cut at site midnight and summed per reason and day;
 * - QA score: the average total % of the agent's scorecard evaluations, on the day they were made;
 * - satisfaction: the average 1–5 of the callback visits (回访) of work orders the agent created, on the day the
 *   result was recorded.
 */
import { siteDay } from '../../clock/site-day';
import { CsvValue, toCsv } from '../csv';
import type { AgentKpiResponseView, DayKpisView, KpiFiguresView, MonthKpisView } from './dtos/agent-kpi-view.dto';
import { round1, round2 } from '../rounding';

export type OfferResultValue = 'answered' | 'missed' | 'declined' | 'cancelled' | null;

export interface OfferRow {
  agentJobNumber: string;
  offeredAt: Date;
  result: OfferResultValue;
  resultAt: Date | null;
}

export interface CallRow {
  agentJobNumber: string;
  arrivedAt: Date;
  connectedAt: Date;
  endedAt: Date | null;
}

export interface WorkOrderEventRow {
  jobNumber: string;
  action: 'create' | 'close';
  at: Date;
  /** For a close: the resolution deadline in force when it was closed (SLA kept when at ≤ dueAt). */
  dueAt?: Date | null;
}

/** One entry of the agent state-change log. */
export interface AgentStateRow {
  jobNumber: string;
  state: string;
  reason: string | null;
  at: Date;
}

/** One scorecard evaluation of the agent's work. */
export interface EvaluationRow {
  agentJobNumber: string;
  evaluatedAt: Date;
  scorePct: number;
}

/** One callback visit's result, for the agent who created the work order. */
export interface CallbackResultRow {
  jobNumber: string;
  at: Date;
  satisfaction: number;
}

/** The rows behind the figures added to the first ones; each may be left out. */
export interface KpiMoreRows {
  /**
   * State changes in the window, plus each agent's last change before it (the state the agent was in
   * when the window opened). The window is [from, to): the range, its end capped at now.
   */
  stateChanges?: { rows: AgentStateRow[]; from: Date; to: Date };
  evaluations?: EvaluationRow[];
  callbackResults?: CallbackResultRow[];
}

export type Grade = '优' | '良' | '中' | '差';

/** Lower bounds (inclusive) of answered-within-three-rings % for 优, 良 and 中; below the last is 差. */
export interface GradeBands {
  excellent: number;
  good: number;
  fair: number;
}

export interface KpiOptions {
  /** RING_CADENCE_SECONDS × RING_COUNT. */
  ringBudgetSeconds: number;
  utcOffsetMinutes: number;
  bands: GradeBands;
  /** Staff names by job number, for the report. */
  names?: Record<string, string>;
}

/** The API's days and months (GET /quality/agent-kpis); the CSV export writes the same rows. */
export type AgentKpiReport = Pick<AgentKpiResponseView, 'days' | 'months'>;

/** Parses `QUALITY_GRADE_BANDS`, e.g. "95,85,70": 优 ≥ 95 %, 良 ≥ 85 %, 中 ≥ 70 %, else 差. */
export function parseGradeBands(text: string): GradeBands {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p) || p < 0 || p > 100) || !(parts[0] >= parts[1] && parts[1] >= parts[2])) {
    throw new Error(`grade bands must be three descending percentages, e.g. 95,85,70 (got "${text}")`);
  }
  return { excellent: parts[0], good: parts[1], fair: parts[2] };
}

export function gradeFor(answeredWithinRingsPct: number | null, bands: GradeBands): Grade | null {
  if (answeredWithinRingsPct === null) return null;
  if (answeredWithinRingsPct >= bands.excellent) return '优';
  if (answeredWithinRingsPct >= bands.good) return '良';
  if (answeredWithinRingsPct >= bands.fair) return '中';
  return '差';
}

const DAY_MS = 86_400_000;

/**
 * Not-ready time per agent, site day and reason, in milliseconds, keyed `jobNumber \u0000 day`. Each
 * not-ready change lasts until the agent's next change (or `to`); the part inside [from, to) counts,
 * cut at each site midnight. A not-ready without a reason counts as `other`.
 */
export function notReadyByDay(rows: AgentStateRow[], from: Date, to: Date, utcOffsetMinutes: number): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  const byAgent = new Map<string, AgentStateRow[]>();
  for (const row of rows) byAgent.set(row.jobNumber, [...(byAgent.get(row.jobNumber) ?? []), row]);
  const offsetMs = utcOffsetMinutes * 60_000;
  for (const [jobNumber, changes] of byAgent) {
    const sorted = [...changes].sort((a, b) => a.at.getTime() - b.at.getTime());
    sorted.forEach((change, i) => {
      if (change.state !== 'not-ready') return;
      let start = Math.max(change.at.getTime(), from.getTime());
      const end = Math.min(i + 1 < sorted.length ? sorted[i + 1].at.getTime() : to.getTime(), to.getTime());
      const reason = change.reason ?? 'other';
      while (start < end) {
        // The next site midnight after `start`.
        const midnight = Math.floor((start + offsetMs) / DAY_MS) * DAY_MS + DAY_MS - offsetMs;
        const pieceEnd = Math.min(end, midnight);
        const key = `${jobNumber}\u0000${siteDay(new Date(start), utcOffsetMinutes)}`;
        let reasons = out.get(key);
        if (!reasons) out.set(key, (reasons = new Map<string, number>()));
        reasons.set(reason, (reasons.get(reason) ?? 0) + pieceEnd - start);
        start = pieceEnd;
      }
    });
  }
  return out;
}

interface Accumulator {
  offered: number;
  answered: number;
  answeredWithinRings: number;
  missed: number;
  speedSum: number;
  speedCount: number;
  handleSum: number;
  handleCount: number;
  created: number;
  closed: number;
  closedWithDue: number;
  closedWithinSla: number;
  qaSum: number;
  qaCount: number;
  satisfactionSum: number;
  satisfactionCount: number;
  /** Not-ready milliseconds by reason. */
  notReadyMs: Map<string, number>;
}

const empty = (): Accumulator => ({
  offered: 0,
  answered: 0,
  answeredWithinRings: 0,
  missed: 0,
  speedSum: 0,
  speedCount: 0,
  handleSum: 0,
  handleCount: 0,
  created: 0,
  closed: 0,
  closedWithDue: 0,
  closedWithinSla: 0,
  qaSum: 0,
  qaCount: 0,
  satisfactionSum: 0,
  satisfactionCount: 0,
  notReadyMs: new Map(),
});

function addInto(target: Accumulator, day: Accumulator): void {
  for (const field of Object.keys(target) as (keyof Accumulator)[]) {
    if (field === 'notReadyMs') for (const [reason, ms] of day.notReadyMs) target.notReadyMs.set(reason, (target.notReadyMs.get(reason) ?? 0) + ms);
    else target[field] += day[field];
  }
}

function figures(jobNumber: string, a: Accumulator, names: Record<string, string>): KpiFiguresView {
  return {
    jobNumber,
    name: names[jobNumber] ?? null,
    offered: a.offered,
    answered: a.answered,
    answeredWithinRings: a.answeredWithinRings,
    answeredWithinRingsPct: a.answered ? round1((100 * a.answeredWithinRings) / a.answered) : null,
    missed: a.missed,
    avgSpeedOfAnswerSeconds: a.speedCount ? round1(a.speedSum / a.speedCount) : null,
    avgHandleSeconds: a.handleCount ? round1(a.handleSum / a.handleCount) : null,
    workOrdersCreated: a.created,
    workOrdersClosed: a.closed,
    notReadySeconds: Math.round([...a.notReadyMs.values()].reduce((sum, ms) => sum + ms, 0) / 1000),
    notReadyByReason: Object.fromEntries([...a.notReadyMs.keys()].sort().map((reason) => [reason, Math.round(a.notReadyMs.get(reason)! / 1000)])),
    workOrdersClosedWithinSla: a.closedWithinSla,
    slaKeptPct: a.closedWithDue ? round1((100 * a.closedWithinSla) / a.closedWithDue) : null,
    qaEvaluations: a.qaCount,
    qaScorePct: a.qaCount ? round1(a.qaSum / a.qaCount) : null,
    callbackVisits: a.satisfactionCount,
    avgSatisfaction: a.satisfactionCount ? round2(a.satisfactionSum / a.satisfactionCount) : null,
  };
}

export interface CloseAuditRow {
  auditId: number;
  workOrderId: number;
  /** The order's deadline now. */
  currentDueAt: Date;
}

export interface ReopenAuditRow {
  auditId: number;
  workOrderId: number;
  /** The deadline the reopen replaced (its audit entry's `before.dueAt`); null when the reopen kept it. */
  dueAtBefore: Date | null;
}

/**
 * The deadline in force when each close happened, by close audit id. Only a reopen of a closed
 * order sets a new deadline, so it is the one the order's next reopen after that close replaced —
 * or, when no later reopen moved it, the order's deadline now.
 */
export function deadlinesAtClose(closes: CloseAuditRow[], reopens: ReopenAuditRow[]): Map<number, Date> {
  const reopensByOrder = new Map<number, ReopenAuditRow[]>();
  for (const r of [...reopens].sort((x, y) => x.auditId - y.auditId)) reopensByOrder.set(r.workOrderId, [...(reopensByOrder.get(r.workOrderId) ?? []), r]);
  const out = new Map<number, Date>();
  for (const close of closes) {
    const next = (reopensByOrder.get(close.workOrderId) ?? []).find((r) => r.auditId > close.auditId && r.dueAtBefore);
    out.set(close.auditId, next?.dueAtBefore ?? close.currentDueAt);
  }
  return out;
}

/** Figures per agent and site day, and per agent and month, sorted by job number then period. */
export function computeAgentKpis(
  offers: OfferRow[],
  calls: CallRow[],
  workOrderEvents: WorkOrderEventRow[],
  options: KpiOptions,
  more: KpiMoreRows = {},
): AgentKpiReport {
  const days = new Map<string, Accumulator>(); // key: jobNumber \u0000 day
  const at = (jobNumber: string, instant: Date) => {
    const key = `${jobNumber}\u0000${siteDay(instant, options.utcOffsetMinutes)}`;
    let acc = days.get(key);
    if (!acc) days.set(key, (acc = empty()));
    return acc;
  };
  const budgetMs = options.ringBudgetSeconds * 1000;
  for (const o of offers) {
    const acc = at(o.agentJobNumber, o.offeredAt);
    acc.offered++;
    if (o.result === 'answered') {
      acc.answered++;
      if (o.resultAt && o.resultAt.getTime() - o.offeredAt.getTime() <= budgetMs) acc.answeredWithinRings++;
    }
    if (o.result === 'missed') acc.missed++;
  }
  for (const c of calls) {
    const acc = at(c.agentJobNumber, c.arrivedAt);
    acc.speedSum += Math.max(0, c.connectedAt.getTime() - c.arrivedAt.getTime()) / 1000;
    acc.speedCount++;
    if (c.endedAt) {
      acc.handleSum += Math.max(0, c.endedAt.getTime() - c.connectedAt.getTime()) / 1000;
      acc.handleCount++;
    }
  }
  for (const e of workOrderEvents) {
    const acc = at(e.jobNumber, e.at);
    if (e.action === 'create') acc.created++;
    else {
      acc.closed++;
      if (e.dueAt) {
        acc.closedWithDue++;
        if (e.at.getTime() <= e.dueAt.getTime()) acc.closedWithinSla++;
      }
    }
  }
  if (more.stateChanges) {
    const { rows, from, to } = more.stateChanges;
    for (const [key, reasons] of notReadyByDay(rows, from, to, options.utcOffsetMinutes)) {
      let acc = days.get(key);
      if (!acc) days.set(key, (acc = empty()));
      for (const [reason, ms] of reasons) acc.notReadyMs.set(reason, (acc.notReadyMs.get(reason) ?? 0) + ms);
    }
  }
  for (const e of more.evaluations ?? []) {
    const acc = at(e.agentJobNumber, e.evaluatedAt);
    acc.qaSum += e.scorePct;
    acc.qaCount++;
  }
  for (const r of more.callbackResults ?? []) {
    const acc = at(r.jobNumber, r.at);
    acc.satisfactionSum += r.satisfaction;
    acc.satisfactionCount++;
  }

  const names = options.names ?? {};
  const months = new Map<string, Accumulator>();
  const dayRows: DayKpisView[] = [];
  for (const key of [...days.keys()].sort()) {
    const [jobNumber, date] = key.split('\u0000');
    const a = days.get(key)!;
    dayRows.push({ ...figures(jobNumber, a, names), date });
    const monthKey = `${jobNumber}\u0000${date.slice(0, 7)}`;
    const m = months.get(monthKey) ?? empty();
    addInto(m, a);
    months.set(monthKey, m);
  }
  const monthRows: MonthKpisView[] = [...months.keys()].sort().map((key) => {
    const [jobNumber, month] = key.split('\u0000');
    const f = figures(jobNumber, months.get(key)!, names);
    return { ...f, month, grade: gradeFor(f.answeredWithinRingsPct, options.bands) };
  });
  return { days: dayRows, months: monthRows };
}

/** The export's columns, in order: header title (Chinese, for the pay office) and the field it holds. */
export const KPI_CSV_COLUMNS = [
  ['周期 period', 'period'],
  ['日期/月份 date', 'date'],
  ['工号 jobNumber', 'jobNumber'],
  ['姓名 name', 'name'],
  ['呼入分配 offered', 'offered'],
  ['接听 answered', 'answered'],
  ['三声内接听 answeredWithinRings', 'answeredWithinRings'],
  ['三声内接听率% answeredWithinRingsPct', 'answeredWithinRingsPct'],
  ['未接 missed', 'missed'],
  ['平均应答秒 avgSpeedOfAnswerSeconds', 'avgSpeedOfAnswerSeconds'],
  ['平均处理秒 avgHandleSeconds', 'avgHandleSeconds'],
  ['创建工单 workOrdersCreated', 'workOrdersCreated'],
  ['完结工单 workOrdersClosed', 'workOrdersClosed'],
  ['月度等级 grade', 'grade'],
  // Added later, at the end so existing imports keep their columns.
  ['未就绪秒 notReadySeconds', 'notReadySeconds'],
  ['未就绪原因秒 notReadyByReason', 'notReadyByReason'],
  ['按时完结 workOrdersClosedWithinSla', 'workOrdersClosedWithinSla'],
  ['SLA达成率% slaKeptPct', 'slaKeptPct'],
  ['质检次数 qaEvaluations', 'qaEvaluations'],
  ['质检得分% qaScorePct', 'qaScorePct'],
  ['回访次数 callbackVisits', 'callbackVisits'],
  ['回访满意度 avgSatisfaction', 'avgSatisfaction'],
] as const;

/** Not-ready seconds by reason in one cell: `break=600;missed-call=15`, reasons sorted. */
export function reasonsCell(byReason: Record<string, number>): string {
  return Object.entries(byReason)
    .map(([reason, seconds]) => `${reason}=${seconds}`)
    .join(';');
}

/** The report as CSV: UTF-8 with a BOM (so Excel shows Chinese), CRLF lines, a header row, day rows then month rows. */
export function agentKpisToCsv(report: AgentKpiReport): string {
  const rows: Record<string, CsvValue>[] = [
    ...report.days.map((d) => ({ ...d, period: 'day', grade: null, notReadyByReason: reasonsCell(d.notReadyByReason) })),
    ...report.months.map((m) => ({ ...m, period: 'month', date: m.month, notReadyByReason: reasonsCell(m.notReadyByReason) })),
  ];
  return toCsv(
    KPI_CSV_COLUMNS.map(([title]) => title),
    rows.map((row) => KPI_CSV_COLUMNS.map(([, key]) => row[key])),
  );
}
