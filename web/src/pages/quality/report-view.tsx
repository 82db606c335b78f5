/**
 * One quality report (每日总结各终端服务质量报告, #/quality/reports/<id>): per terminal and unit, top causes,
 * a chart of this period against the period before (日环比) and a week earlier (周同比), CSV and PDF.
 */
import { Button, Card, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useRef, useState } from 'react';
import { api, download, type TextKey } from '../../core';
import { useLanguage } from '../../language';
import { barChart, TERMINAL_COLOURS } from './charts';
import { causeLabel, change, dateTime, num, pct, terminalLabel } from './format';
import type { CauseRow, Changes, Figures, ReportView } from './types';

type Row = Figures & { change?: Changes };
type TerminalRow = ReportView['report']['terminals'][number];
type UnitRow = TerminalRow['units'][number];

/** The report's figure columns, the same for totals, terminals and units: header, cell testid, text. */
const FIGURE_COLUMNS: [TextKey, string, (f: Row) => string][] = [
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
const testid = (id: string) => () => ({ 'data-testid': id }) as never;

export function ReportViewPage({ id }: { id: string }) {
  const { t, lang } = useLanguage();
  const [view, setView] = useState<ReportView | null>(null);
  const [error, setError] = useState('');
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    api<ReportView>('GET', `/quality/reports/${encodeURIComponent(id)}`).then(setView, (e: Error) => setError(e.message));
  }, [id]);
  useEffect(() => {
    if (!view || !canvas.current) return;
    const r = view.report;
    const chart = barChart(
      canvas.current,
      r.terminals.map((x) => terminalLabel(x.terminal)),
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
    );
    return () => chart.destroy();
  }, [view, lang]); // eslint-disable-line react-hooks/exhaustive-deps -- t follows lang

  const save = async (kind: 'csv' | 'pdf') => {
    try {
      await download(`/quality/reports/${view!.id}/${kind}`, `quality-report-${view!.id}.${kind}`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const figures = FIGURE_COLUMNS.map(([title, cell, text]) => ({ title: t(title), key: cell, render: (_: unknown, f: Row) => text(f), onCell: testid(cell) }));
  const causeColumns: ColumnsType<CauseRow> = [
    { title: t('qCause'), key: 'cause', render: (_, c) => causeLabel(c) },
    { title: t('qComplaints'), key: 'c', render: (_, c) => num(c.complaints), onCell: testid('complaints') },
    { title: t('qShare'), key: 'share', render: (_, c) => pct(c.share), onCell: testid('share') },
  ];
  const causes = (id: string, rows: CauseRow[]) => (
    <Table<CauseRow>
      data-testid={id}
      rowKey="cause"
      size="small"
      pagination={false}
      dataSource={rows}
      columns={causeColumns}
      onRow={(c) => ({ 'data-testid': `${id}-${c.cause}` }) as never}
    />
  );
  const r = view?.report;
  type TerminalLine = Row & { key: string; terminal?: string };
  const terminalLines: TerminalLine[] = r ? [{ ...r.totals, key: 'totals' }, ...r.terminals.map((x) => ({ ...x, key: x.terminal }))] : [];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="quality-page-reports" data-loaded={view ? 'true' : undefined}>
      <a href="#/quality/reports">{`← ${t('qReports')}`}</a>
      <Typography.Text type="danger" data-testid="report-error">
        {error}
      </Typography.Text>
      {view && r ? (
        <div data-testid="report-view">
          <Card
            title={
              <span data-testid="report-title">{`${t('qReport')} #${view.id} · ${t(`qKind_${view.kind}` as TextKey)} · ${r.from === r.to ? r.from : `${r.from} – ${r.to}`}`}</span>
            }
            extra={
              <Space>
                <Button data-testid="report-download-csv" onClick={() => void save('csv')}>
                  {t('qDownloadCsv')}
                </Button>
                <Button data-testid="report-download-pdf" onClick={() => void save('pdf')}>
                  {t('qDownloadPdf')}
                </Button>
              </Space>
            }
          >
            <Typography.Paragraph type="secondary">
              {`${t('qGeneratedAt')} ${dateTime(view.generatedAt)} · `}
              <span translate="no">{view.generatedBy ?? ''}</span>
              {`${view.generatedBy ? '' : t('qScheduler')} · ${t('qPreviousPeriod')} ${r.comparison.previousPeriod.from} – ${r.comparison.previousPeriod.to} · ${t('qPreviousWeek')} ${r.comparison.previousWeek.from} – ${r.comparison.previousWeek.to}`}
            </Typography.Paragraph>
            <div className="chart" style={{ position: 'relative', height: 300 }}>
              <canvas ref={canvas} data-testid="report-chart" />
            </div>
          </Card>
          <Card title={t('qTerminals')} style={{ marginTop: 16 }}>
            <Table<TerminalLine>
              data-testid="report-terminals"
              rowKey="key"
              size="small"
              pagination={false}
              scroll={{ x: true }}
              dataSource={terminalLines}
              columns={[
                { title: t('qTerminal'), key: 'terminal', render: (_, x) => (x.terminal ? terminalLabel(x.terminal) : <b>{t('qTotal')}</b>) },
                ...figures,
              ]}
              rowClassName={(x) => (x.terminal ? '' : 'total')}
              onRow={(x) => ({ 'data-testid': x.terminal ? `report-terminal-${x.terminal}` : 'report-totals' }) as never}
            />
          </Card>
          {r.terminals
            .filter((x) => x.units.length || x.topCauses.length)
            .map((x) => (
              <Card
                key={x.terminal}
                title={`${terminalLabel(x.terminal)} · ${t('qUnits')}`}
                data-testid={`report-terminal-detail-${x.terminal}`}
                style={{ marginTop: 16 }}
              >
                <Table<UnitRow>
                  rowKey={(u) => u.code ?? 'none'}
                  size="small"
                  pagination={false}
                  scroll={{ x: true }}
                  dataSource={x.units}
                  columns={[
                    { title: t('qUnit'), key: 'unit', render: (_, u) => (u.code ? <span translate="no">{`${u.code} ${u.name}`}</span> : t('qNoUnit')) },
                    ...figures,
                  ]}
                  onRow={(u) => ({ 'data-testid': `report-unit-${x.terminal}-${u.code ?? 'none'}` }) as never}
                />
                <h3>{t('qTopCauses')}</h3>
                {causes(`report-causes-${x.terminal}`, x.topCauses)}
              </Card>
            ))}
          <Card title={t('qTopCauses')} style={{ marginTop: 16 }}>
            {causes('report-top-causes', r.topCauses)}
          </Card>
        </div>
      ) : null}
    </Space>
  );
}
