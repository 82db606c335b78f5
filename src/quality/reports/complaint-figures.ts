/**
 * Complaint figures by terminal (终端), unit and cause — pure: aggregated rows in, the report out.
 * The database does the counting (one GROUP BY per kind of event, see ComplaintStatsService); this
 * module turns those groups into the daily quality report (每日总结各终端服务质量报告): per terminal
 * and unit, with changes against the previous period and the same period a week earlier, and the top
 * causes. The API, the page, the CSV and the PDF all render what this returns.
 *
 * Definitions, per group and period:
 * - complaints: work orders of type complaint created in the period;
 * - closed / avgResolutionHours: complaints closed in the period, creation → close;
 * - slaKept: of those closed, closed by their deadline (closedAt ≤ dueAt);
 * - reopened: of those closed, ones that had been reopened at least once (not solved first time);
 * - claimsPaid / claimsPaidAmount: claims (理赔) paid in the period, held against the claim's
 *   responsible unit (else the work order's);
 * - ratePer1000: complaints per 1 000 deliveries (logistics, dispatch and other units) or sales
 *   (stores) imported for the unit and period; null where no volume was imported;
 * - satisfaction: average 1–5 of callback visits (回访) whose result was recorded in the period.
 */
import { TERMINALS, Terminal } from '../../organisation/terminals';
import { round1, round2 } from '../rounding';
import type { CauseRowView, ChangesView, ChangeView, ComplaintReportView, FiguresView, TerminalRowView, UnitRowView } from './dtos/report-views.dto';

/** What is counted of complaints: created, closed (resolution time, SLA kept, reopened), claims paid, satisfaction. */
export interface ComplaintCounts {
  complaints: number;
  closed: number;
  resolutionSecondsSum: number;
  slaKept: number;
  reopened: number;
  claimsPaid: number;
  claimsPaidAmount: number;
  satisfactionSum: number;
  satisfactionCount: number;
}

/** Nothing counted yet: where a group's and a sum's counting starts. */
export const zeroCounts = (): ComplaintCounts => ({
  complaints: 0,
  closed: 0,
  resolutionSecondsSum: 0,
  slaKept: 0,
  reopened: 0,
  claimsPaid: 0,
  claimsPaidAmount: 0,
  satisfactionSum: 0,
  satisfactionCount: 0,
});

const COUNT_KEYS = Object.keys(zeroCounts()) as (keyof ComplaintCounts)[];

/** One aggregated row: a (terminal, unit, cause) group's counts for one period. */
export interface ComplaintGroup extends ComplaintCounts {
  terminal: Terminal;
  unitId: number | null;
  cause: string;
}

export interface UnitInfo {
  id: number;
  code: string;
  name: string;
  terminal: Terminal;
}

export interface CauseInfo {
  code: string;
  labelZh: string;
  labelEn: string;
}

/** Imported volume of a unit over the period (deliveries or sales, by the unit's terminal); null where none was imported. */
export interface UnitVolume {
  unitId: number;
  bookedDeliveries: number | null;
  sales: number | null;
}

export interface PeriodInput {
  from: string;
  to: string;
  groups: ComplaintGroup[];
  volumes: UnitVolume[];
}

export interface ReportOptions {
  units: UnitInfo[];
  causes: CauseInfo[];
  /** How many causes to list per terminal and overall. */
  topCauses?: number;
}

interface Sum extends ComplaintCounts {
  volume: number;
  hasVolume: boolean;
  /** Complaints of the units that have a volume: the rate's numerator. */
  complaintsWithVolume: number;
}

const emptySum = (): Sum => ({
  ...zeroCounts(),
  volume: 0,
  hasVolume: false,
  complaintsWithVolume: 0,
});

function addGroup(sum: Sum, g: ComplaintGroup): void {
  for (const key of COUNT_KEYS) sum[key] += g[key];
}

function merge(into: Sum, from: Sum): void {
  for (const key of Object.keys(into) as (keyof Sum)[]) {
    if (key === 'hasVolume') into.hasVolume ||= from.hasVolume;
    else into[key] += from[key];
  }
}

function figures(s: Sum): FiguresView {
  return {
    complaints: s.complaints,
    closed: s.closed,
    avgResolutionHours: s.closed ? round1(s.resolutionSecondsSum / s.closed / 3600) : null,
    slaKept: s.slaKept,
    slaKeptPct: s.closed ? round1((100 * s.slaKept) / s.closed) : null,
    reopened: s.reopened,
    reopenRatePct: s.closed ? round1((100 * s.reopened) / s.closed) : null,
    claimsPaid: s.claimsPaid,
    claimsPaidAmount: round2(s.claimsPaidAmount),
    volume: s.hasVolume ? s.volume : null,
    ratePer1000: s.hasVolume && s.volume > 0 ? round2((1000 * s.complaintsWithVolume) / s.volume) : null,
    satisfactionAvg: s.satisfactionCount ? round2(s.satisfactionSum / s.satisfactionCount) : null,
    satisfactionCount: s.satisfactionCount,
  };
}

export function change(now: number, previous: number): ChangeView {
  return { previous, delta: now - previous, pct: previous ? round1((100 * (now - previous)) / previous) : null };
}

/** The volume that counts for a unit: sales for stores, booked deliveries for everyone else. */
export function unitVolume(terminal: Terminal, v: UnitVolume): number | null {
  return terminal === 'store' ? v.sales : v.bookedDeliveries;
}

/** Sums of one period: per terminal, per unit (key `terminal/unitId`), per cause within terminal, per cause overall. */
interface PeriodSums {
  total: Sum;
  terminals: Map<Terminal, Sum>;
  units: Map<string, Sum>;
  terminalCauses: Map<string, Sum>;
  causes: Map<string, Sum>;
}

const unitKey = (terminal: Terminal, unitId: number | null) => `${terminal}/${unitId ?? ''}`;

function sumPeriod(period: PeriodInput, unitsById: Map<number, UnitInfo>): PeriodSums {
  const sums: PeriodSums = { total: emptySum(), terminals: new Map(), units: new Map(), terminalCauses: new Map(), causes: new Map() };
  const at = <K>(map: Map<K, Sum>, key: K) => {
    let s = map.get(key);
    if (!s) map.set(key, (s = emptySum()));
    return s;
  };
  for (const g of period.groups) {
    addGroup(at(sums.units, unitKey(g.terminal, g.unitId)), g);
    addGroup(at(sums.terminalCauses, `${g.terminal}/${g.cause}`), g);
    addGroup(at(sums.causes, g.cause), g);
  }
  // A unit's volume counts once, on the unit's own terminal row, with the complaints held against it there.
  for (const v of period.volumes) {
    const unit = unitsById.get(v.unitId);
    const amount = unit ? unitVolume(unit.terminal, v) : null;
    if (!unit || amount === null) continue;
    const s = at(sums.units, unitKey(unit.terminal, unit.id));
    s.hasVolume = true;
    s.volume += amount;
  }
  for (const [key, s] of sums.units) {
    if (s.hasVolume) s.complaintsWithVolume = s.complaints;
    const terminal = key.slice(0, key.indexOf('/')) as Terminal;
    merge(at(sums.terminals, terminal), s);
    merge(sums.total, s);
  }
  return sums;
}

function changes(key: (p: PeriodSums) => Sum | undefined, now: PeriodSums, previous: PeriodSums, week: PeriodSums): ChangesView {
  const n = key(now)?.complaints ?? 0;
  return { previousPeriod: change(n, key(previous)?.complaints ?? 0), previousWeek: change(n, key(week)?.complaints ?? 0) };
}

/**
 * The report for `current`, compared with `previous` (the period just before, same length) and
 * `previousWeek` (the same period seven days earlier). Every terminal is listed, in TERMINALS
 * order; units and causes with any complaint, closure, claim, callback or volume in the current
 * period, or complaints in a comparison period, are listed, busiest first.
 */
export function buildComplaintReport(current: PeriodInput, previous: PeriodInput, previousWeek: PeriodInput, options: ReportOptions): ComplaintReportView {
  const unitsById = new Map(options.units.map((u) => [u.id, u]));
  const causeLabels = new Map(options.causes.map((c) => [c.code, c]));
  const top = options.topCauses ?? 5;
  const now = sumPeriod(current, unitsById);
  const prev = sumPeriod(previous, unitsById);
  const week = sumPeriod(previousWeek, unitsById);

  const causeRows = (entries: [string, Sum][], parentComplaints: number): CauseRowView[] =>
    entries
      .filter(([, s]) => s.complaints > 0)
      .sort(([a, x], [b, y]) => y.complaints - x.complaints || a.localeCompare(b))
      .slice(0, top)
      .map(([cause, s]) => ({
        cause,
        labelZh: causeLabels.get(cause)?.labelZh ?? cause,
        labelEn: causeLabels.get(cause)?.labelEn ?? cause,
        share: parentComplaints ? round1((100 * s.complaints) / parentComplaints) : null,
        ...figures(s),
      }));

  const terminals: TerminalRowView[] = TERMINALS.map((terminal) => {
    const sum = now.terminals.get(terminal) ?? emptySum();
    const keys = new Set<string>();
    for (const p of [now, prev, week]) for (const k of p.units.keys()) if (k.startsWith(`${terminal}/`)) keys.add(k);
    const units: UnitRowView[] = [...keys]
      .map((key) => {
        const idText = key.slice(terminal.length + 1);
        const unitId = idText ? Number(idText) : null;
        const info = unitId === null ? undefined : unitsById.get(unitId);
        return {
          unitId,
          code: info?.code ?? null,
          name: info?.name ?? (unitId === null ? '(未指定单位 no unit)' : `#${unitId}`),
          ...figures(now.units.get(key) ?? emptySum()),
          change: changes((p) => p.units.get(key), now, prev, week),
        };
      })
      .sort((a, b) => b.complaints - a.complaints || (a.code ?? '~').localeCompare(b.code ?? '~'));
    const causes = [...now.terminalCauses].filter(([k]) => k.startsWith(`${terminal}/`)).map(([k, s]) => [k.slice(terminal.length + 1), s] as [string, Sum]);
    return {
      terminal,
      ...figures(sum),
      change: changes((p) => p.terminals.get(terminal), now, prev, week),
      topCauses: causeRows(causes, sum.complaints),
      units,
    };
  });

  return {
    from: current.from,
    to: current.to,
    comparison: { previousPeriod: { from: previous.from, to: previous.to }, previousWeek: { from: previousWeek.from, to: previousWeek.to } },
    totals: { ...figures(now.total), change: changes((p) => p.total, now, prev, week) },
    terminals,
    topCauses: causeRows([...now.causes], now.total.complaints),
  };
}
