/**
 * Agent KPIs by job number (工号): per month with the grade (优/良/中/差), per day below, and the CSV for
 * piece-rate pay (计件工资) — antd tables whose columns are COLUMNS (header, cell test id, text).
 */
import { Button, Card, Collapse, Form, Input, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { download, query, type TextKey } from '../../core';
import { useLanguage } from '../../language';
import { client } from '../../services/client';
import { errorText } from '../../services/errors';
import { num, pct } from './format';
import type { components } from '../../services/api-types';

type AgentKpiResponse = components['schemas']['AgentKpiResponseView'];
type KpiFigures = Omit<components['schemas']['DayKpisView'], 'date'>;

type DayRow = AgentKpiResponse['days'][number];
type MonthRow = AgentKpiResponse['months'][number];

const COLUMNS: [TextKey, string, (k: KpiFigures) => string][] = [
  ['qOffered', 'offered', (k) => num(k.offered)],
  ['qAnswered', 'answered', (k) => num(k.answered)],
  ['qWithinRingsPct', 'within-rings-pct', (k) => pct(k.answeredWithinRingsPct)],
  ['qMissed', 'missed', (k) => num(k.missed)],
  ['qAsa', 'asa', (k) => num(k.avgSpeedOfAnswerSeconds)],
  ['qAht', 'aht', (k) => num(k.avgHandleSeconds)],
  ['qNotReadySeconds', 'not-ready', (k) => num(k.notReadySeconds)],
  ['qWoCreated', 'wo-created', (k) => num(k.workOrdersCreated)],
  ['qWoClosed', 'wo-closed', (k) => num(k.workOrdersClosed)],
  ['qSlaKeptPct', 'sla-kept-pct', (k) => pct(k.slaKeptPct)],
  ['qQaScore', 'qa-score', (k) => pct(k.qaScorePct)],
  ['qSatisfaction', 'satisfaction', (k) => num(k.avgSatisfaction)],
];

const today = () => new Date().toISOString().slice(0, 10);
const firstOfMonth = () => `${today().slice(0, 8)}01`;
const testid = (id: string) => () => ({ 'data-testid': id }) as never;
const properName = () => ({ translate: 'no' }) as never;

export function KpisPage() {
  const { t } = useLanguage();
  const [from, setFrom] = useState(firstOfMonth);
  const [to, setTo] = useState(today);
  const [jobNumber, setJobNumber] = useState('');
  const [result, setResult] = useState<AgentKpiResponse | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const params = { from, to, ...(jobNumber.trim() ? { jobNumber: jobNumber.trim() } : {}) };

  /** The grade rule in the page's language, from the server's code parameters (ring budget and bands). */
  const gradeRule = ({ gradeRuleParams: p }: AgentKpiResponse) =>
    t('qGradeRule')
      .replace('{s}', String(p.ringBudgetSeconds))
      .replace('{excellent}', String(p.excellent))
      .replace('{good}', String(p.good))
      .replace('{fair}', String(p.fair));
  const load = async () => {
    setBusy(true);
    setError('');
    const { data, error: failed, response } = await client.GET('/quality/agent-kpis', { params: { query: params } });
    setBusy(false);
    if (!response.ok) return setError(errorText(failed as never, response.statusText));
    setResult(data!);
  };
  const csv = async () => {
    try {
      await download(`/quality/agent-kpis.csv${query(params)}`, 'agent-kpis.csv');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const figures = COLUMNS.map(([title, id, text]) => ({ title: t(title), key: id, render: (_: unknown, k: KpiFigures) => text(k), onCell: testid(id) }));
  const monthColumns: ColumnsType<MonthRow> = [
    { title: t('jobNumber'), dataIndex: 'jobNumber' },
    { title: t('name'), dataIndex: 'name', onCell: properName },
    { title: t('qMonth'), dataIndex: 'month' },
    {
      title: t('qGrade'),
      key: 'grade',
      render: (_, m) => (m.grade ? t(`qGrade_${m.grade}` as TextKey) : '—'),
      onCell: (m) => ({ 'data-testid': 'grade', className: `grade grade-${m.grade ?? 'none'}` }) as never,
    },
    ...figures,
  ];
  const dayColumns: ColumnsType<DayRow> = [
    { title: t('jobNumber'), dataIndex: 'jobNumber' },
    { title: t('name'), dataIndex: 'name', onCell: properName },
    { title: t('qDay'), dataIndex: 'date' },
    ...figures,
  ];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="quality-page-kpis" data-loaded={result ? 'true' : undefined}>
      <Card
        title={t('qKpis')}
        extra={
          <Button data-testid="kpi-download-csv" onClick={() => void csv()}>
            {t('qDownloadCsv')}
          </Button>
        }
      >
        <Form layout="inline" onFinish={() => void load()}>
          <Form.Item label={t('qFrom')}>
            <Input type="date" data-testid="kpi-from" value={from} onChange={(e) => setFrom(e.target.value)} />
          </Form.Item>
          <Form.Item label={t('qTo')}>
            <Input type="date" data-testid="kpi-to" value={to} onChange={(e) => setTo(e.target.value)} />
          </Form.Item>
          <Form.Item label={t('jobNumber')}>
            <Input data-testid="kpi-job-number" placeholder="1003" value={jobNumber} onChange={(e) => setJobNumber(e.target.value)} style={{ width: 100 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="kpi-load" loading={busy}>
            {t('qShow')}
          </Button>
        </Form>
        <Typography.Text type="danger" data-testid="kpi-error">
          {error}
        </Typography.Text>
        <Typography.Paragraph type="secondary" data-testid="kpi-grade-rule">
          {result ? `${result.from} – ${result.to} · ${t('qGrade')}: ${gradeRule(result)}` : ''}
        </Typography.Paragraph>
      </Card>
      <Card title={t('qByMonth')}>
        <Table<MonthRow>
          data-testid="kpi-table"
          rowKey={(m) => `${m.jobNumber}-${m.month}`}
          size="small"
          pagination={false}
          dataSource={result?.months ?? []}
          columns={monthColumns}
          onRow={(m) => ({ 'data-testid': `kpi-row-${m.jobNumber}-${m.month}` }) as never}
        />
      </Card>
      <Collapse
        items={[
          {
            key: 'days',
            label: t('qByDay'),
            children: (
              <Table<DayRow>
                rowKey={(d) => `${d.jobNumber}-${d.date}`}
                size="small"
                pagination={{ pageSize: 50 }}
                dataSource={result?.days ?? []}
                columns={dayColumns}
                onRow={(d) => ({ 'data-testid': `kpi-day-${d.jobNumber}-${d.date}` }) as never}
              />
            ),
          },
        ]}
      />
    </Space>
  );
}
