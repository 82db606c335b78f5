/** One quality report's view (每日总结各终端服务质量报告): per terminal and unit, top causes, a chart, CSV and PDF. */
import type { Chart } from 'chart.js';
import { api, download, h, t, TextKey } from '../../core';
import { barChart, TERMINAL_COLOURS } from './charts';
import { causeLabel, change, dateTime, num, pct, terminalLabel } from './format';
import type { CauseRow, Changes, Figures, ReportView } from './types';

/** One report (#/quality/reports/<id>); the list is report-list.tsx. */
export function reportsPage(root: HTMLElement, id?: string): () => void {
  return id ? reportView(root, id) : () => {};
}

/** The report's figure columns, the same for totals, terminals and units: header, cell testid, text. */
const FIGURE_COLUMNS: [TextKey, string, (f: Figures & { change?: Changes }) => string][] = [
  ['qComplaints', 'complaints', (f) => num(f.complaints)],
  ['qPreviousPeriod', 'previous-period', (f) => (f.change ? change(f.change.previousPeriod) : '')],
  ['qPreviousWeek', 'previous-week', (f) => (f.change ? change(f.change.previousWeek) : '')],
  ['qClosed', 'closed', (f) => num(f.closed)],
  ['qAvgResolutionHours', 'avg-resolution-hours', (f) => num(f.avgResolutionHours)],
  ['qSlaKeptPct', 'sla-kept-pct', (f) => pct(f.slaKeptPct)],
  ['qReopenRatePct', 'reopen-rate-pct', (f) => pct(f.reopenRatePct)],
  ['qRatePer1000', 'rate-per-1000', (f) => num(f.ratePer1000)],
  ['qClaimsPaid', 'claims-paid', (f) => num(f.claimsPaid)],
  ['qClaimsAmount', 'claims-paid-amount', (f) => num(f.claimsPaidAmount)],
  ['qSatisfaction', 'satisfaction', (f) => num(f.satisfactionAvg)],
];

const figureHead = (first: TextKey[]) => h('thead', {}, h('tr', {}, ...[...first, ...FIGURE_COLUMNS.map(([k]) => k)].map((k) => h('th', {}, t(k)))));
const figureCells = (f: Figures & { change?: Changes }) => FIGURE_COLUMNS.map(([, id, text]) => h('td', { testid: id }, text(f)));
const causesTable = (testid: string, causes: CauseRow[]) =>
  h(
    'table',
    { testid },
    h('thead', {}, h('tr', {}, h('th', {}, t('qCause')), h('th', {}, t('qComplaints')), h('th', {}, t('qShare')))),
    h(
      'tbody',
      {},
      ...causes.map((c) =>
        h(
          'tr',
          { testid: `${testid}-${c.cause}` },
          h('td', {}, causeLabel(c)),
          h('td', { testid: 'complaints' }, num(c.complaints)),
          h('td', { testid: 'share' }, pct(c.share)),
        ),
      ),
    ),
  );

function reportView(root: HTMLElement, id: string): () => void {
  const charts: Chart[] = [];
  const error = h('div', { class: 'error', testid: 'report-error' });
  const box = h('div', { testid: 'report-view' });
  root.append(h('div', { class: 'row' }, h('a', { href: '#/quality/reports' }, `← ${t('qReports')}`)), error, box);

  const render = (view: ReportView) => {
    const r = view.report;
    const csv = h('button', { class: 'plain', testid: 'report-download-csv' }, t('qDownloadCsv'));
    const pdf = h('button', { class: 'plain', testid: 'report-download-pdf' }, t('qDownloadPdf'));
    const save = (button: HTMLButtonElement, kind: 'csv' | 'pdf') => async () => {
      button.disabled = true;
      try {
        await download(`/quality/reports/${view.id}/${kind}`, `quality-report-${view.id}.${kind}`);
      } catch (e) {
        error.textContent = (e as Error).message;
      } finally {
        button.disabled = false;
      }
    };
    csv.onclick = save(csv, 'csv');
    pdf.onclick = save(pdf, 'pdf');
    const canvas = h('canvas', { testid: 'report-chart' });
    box.replaceChildren(
      h(
        'section',
        { class: 'card' },
        h(
          'div',
          { class: 'row' },
          h(
            'h2',
            { testid: 'report-title' },
            `${t('qReport')} #${view.id} · ${t(`qKind_${view.kind}` as TextKey)} · ${r.from === r.to ? r.from : `${r.from} – ${r.to}`}`,
          ),
          h('span', { class: 'spacer' }),
          csv,
          pdf,
        ),
        h(
          'div',
          { class: 'muted' },
          `${t('qGeneratedAt')} ${dateTime(view.generatedAt)} · ${view.generatedBy ?? t('qScheduler')} · ${t('qPreviousPeriod')} ${r.comparison.previousPeriod.from} – ${r.comparison.previousPeriod.to} · ${t('qPreviousWeek')} ${r.comparison.previousWeek.from} – ${r.comparison.previousWeek.to}`,
        ),
        h('div', { class: 'chart' }, canvas),
      ),
      h(
        'section',
        { class: 'card' },
        h('h2', {}, t('qTerminals')),
        h(
          'table',
          { testid: 'report-terminals' },
          figureHead(['qTerminal']),
          h(
            'tbody',
            {},
            h('tr', { testid: 'report-totals', class: 'total' }, h('td', {}, t('qTotal')), ...figureCells(r.totals)),
            ...r.terminals.map((x) => h('tr', { testid: `report-terminal-${x.terminal}` }, h('td', {}, terminalLabel(x.terminal)), ...figureCells(x))),
          ),
        ),
      ),
      ...r.terminals
        .filter((x) => x.units.length || x.topCauses.length)
        .map((x) =>
          h(
            'section',
            { class: 'card', testid: `report-terminal-detail-${x.terminal}` },
            h('h2', {}, `${terminalLabel(x.terminal)} · ${t('qUnits')}`),
            h(
              'table',
              {},
              figureHead(['qUnit']),
              h(
                'tbody',
                {},
                ...x.units.map((u) =>
                  h(
                    'tr',
                    { testid: `report-unit-${x.terminal}-${u.code ?? 'none'}` },
                    u.code ? h('td', { translate: 'no' }, `${u.code} ${u.name}`) : h('td', {}, t('qNoUnit')),
                    ...figureCells(u),
                  ),
                ),
              ),
            ),
            h('h3', {}, t('qTopCauses')),
            causesTable(`report-causes-${x.terminal}`, x.topCauses),
          ),
        ),
      h('section', { class: 'card' }, h('h2', {}, t('qTopCauses')), causesTable('report-top-causes', r.topCauses)),
    );
    // This period against the period before (日环比) and the same period a week earlier (周同比), per terminal.
    const labels = r.terminals.map((x) => terminalLabel(x.terminal));
    charts.push(
      barChart(
        canvas,
        labels,
        [
          {
            key: 'current',
            label: `${t('qThisPeriod')} ${r.from}${r.from === r.to ? '' : ` – ${r.to}`}`,
            data: r.terminals.map((x) => x.complaints),
            colour: TERMINAL_COLOURS.dispatch,
          },
          { key: 'previousPeriod', label: t('qPreviousPeriod'), data: r.terminals.map((x) => x.change.previousPeriod.previous), colour: '#94a3b8' },
          { key: 'previousWeek', label: t('qPreviousWeek'), data: r.terminals.map((x) => x.change.previousWeek.previous), colour: '#f59e0b' },
        ],
        { title: t('qComplaintsByTerminal') },
      ),
    );
    root.dataset.loaded = 'true';
  };

  api<ReportView>('GET', `/quality/reports/${encodeURIComponent(id)}`).then(render, (e: Error) => (error.textContent = e.message));
  return () => {
    for (const c of charts) c.destroy();
  };
}
