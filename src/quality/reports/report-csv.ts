import { TERMINAL_LABELS } from '../../organisation/terminals';
import { CsvValue, toCsv } from '../csv';
import type { ChangesView, ComplaintReportView, FiguresView } from './dtos/report-views.dto';

/** The export's columns after the row's place: header title (Chinese first) and the figure it holds. */
const FIGURE_COLUMNS: [string, (f: FiguresView & { change?: ChangesView }) => CsvValue][] = [
  ['投诉 complaints', (f) => f.complaints],
  ['上期 previousPeriod', (f) => f.change?.previousPeriod.previous],
  ['环比% previousPeriodPct', (f) => f.change?.previousPeriod.pct],
  ['上周同期 previousWeek', (f) => f.change?.previousWeek.previous],
  ['同比% previousWeekPct', (f) => f.change?.previousWeek.pct],
  ['完结 closed', (f) => f.closed],
  ['平均处理小时 avgResolutionHours', (f) => f.avgResolutionHours],
  ['时效达成 slaKept', (f) => f.slaKept],
  ['时效达成率% slaKeptPct', (f) => f.slaKeptPct],
  ['重开 reopened', (f) => f.reopened],
  ['重开率% reopenRatePct', (f) => f.reopenRatePct],
  ['理赔笔数 claimsPaid', (f) => f.claimsPaid],
  ['理赔金额 claimsPaidAmount', (f) => f.claimsPaidAmount],
  ['作业量 volume', (f) => f.volume],
  ['千单投诉率 ratePer1000', (f) => f.ratePer1000],
  ['满意度 satisfactionAvg', (f) => f.satisfactionAvg],
  ['回访数 satisfactionCount', (f) => f.satisfactionCount],
];

export const REPORT_CSV_HEADER = [
  '层级 level',
  '终端 terminal',
  '单位 unit',
  '单位名称 unitName',
  '原因 cause',
  '原因名称 causeName',
  ...FIGURE_COLUMNS.map(([title]) => title),
];

/** One row per total, terminal, unit and top cause, in the report's order: the same figures as the API. */
export function reportToCsv(report: ComplaintReportView): string {
  const rows: CsvValue[][] = [];
  const figures = (f: FiguresView & { change?: ChangesView }) => FIGURE_COLUMNS.map(([, get]) => get(f));
  rows.push(['total', '', '', '', '', '', ...figures(report.totals)]);
  for (const t of report.terminals) {
    const label = `${TERMINAL_LABELS[t.terminal].zh} ${t.terminal}`;
    rows.push(['terminal', label, '', '', '', '', ...figures(t)]);
    for (const u of t.units) rows.push(['unit', label, u.code ?? '', u.name, '', '', ...figures(u)]);
    for (const c of t.topCauses) rows.push(['cause', label, '', '', c.cause, c.labelZh, ...figures(c)]);
  }
  for (const c of report.topCauses) rows.push(['top_cause', '', '', '', c.cause, c.labelZh, ...figures(c)]);
  return toCsv(REPORT_CSV_HEADER, rows);
}
