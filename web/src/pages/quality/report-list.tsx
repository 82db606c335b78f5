/**
 * Quality reports (每日总结各终端服务质量报告): the stored list, newest first, paged by cursor; open a
 * day's daily report; generate one for any range. A report opens at #/quality/reports/<id> (reports.ts).
 */
import { Button, Card, Form, Input, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { type TextKey } from '../../core';
import { useLanguage } from '../../language';
import { client } from '../../services/client';
import { errorText } from '../../services/errors';
import { dateTime } from './format';
import type { components } from '../../services/api-types';

type ReportSummary = components['schemas']['ReportSummaryView'];
type ReportView = components['schemas']['ReportViewDto'];

const PAGE_SIZE = 20;

export function ReportListPage() {
  const { t } = useLanguage();
  const [rows, setRows] = useState<ReportSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState('');
  const [day, setDay] = useState('');
  const [range, setRange] = useState({ from: '', to: '' });
  const [busy, setBusy] = useState(false);

  const loadPage = useCallback(async (after: string | null) => {
    const {
      data,
      error: failed,
      response,
    } = await client.GET('/quality/reports', { params: { query: { limit: PAGE_SIZE, ...(after ? { cursor: after } : {}) } } });
    if (!response.ok) return setError(errorText(failed as never, response.statusText));
    const page = data!;
    setRows((shown) => (after ? [...shown, ...page.items] : page.items));
    setCursor(page.nextCursor);
    setLoaded(true);
  }, []);
  useEffect(() => void loadPage(null), [loadPage]);

  const open = (view: ReportView) => (location.hash = `#/quality/reports/${view.id}`);
  const openDaily = async () => {
    setError('');
    const { data, error: failed, response } = await client.GET('/quality/reports/daily/{date}', { params: { path: { date: day } } });
    if (!response.ok) return setError(errorText(failed as never, response.statusText));
    open(data!);
  };
  const generate = async () => {
    setBusy(true);
    setError('');
    const { data, error: failed, response } = await client.POST('/quality/reports', { body: range });
    setBusy(false);
    if (!response.ok) return setError(errorText(failed as never, response.statusText));
    open(data!);
  };

  const columns: ColumnsType<ReportSummary> = [
    {
      title: t('qReportId'),
      key: 'id',
      render: (_, r) => (
        <a href={`#/quality/reports/${r.id}`} data-testid={`report-open-${r.id}`}>
          #{r.id}
        </a>
      ),
    },
    { title: t('qKind'), key: 'kind', render: (_, r) => t(`qKind_${r.kind}` as TextKey) },
    { title: t('qPeriod'), key: 'period', render: (_, r) => (r.from === r.to ? r.from : `${r.from} – ${r.to}`) },
    { title: t('qGeneratedAt'), key: 'at', render: (_, r) => dateTime(r.generatedAt) },
    { title: t('qGeneratedBy'), key: 'by', render: (_, r) => r.generatedBy ?? t('qScheduler') },
  ];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="quality-page-reports" data-loaded={loaded ? 'true' : undefined}>
      <Card title={t('qReports')}>
        <Space wrap size={24}>
          <Form layout="inline" onFinish={() => void openDaily()}>
            <Form.Item label={t('qDailyOf')}>
              <Input type="date" data-testid="report-daily-date" value={day} onChange={(e) => setDay(e.target.value)} />
            </Form.Item>
            <Button htmlType="submit" data-testid="report-daily-open">
              {t('qOpenDaily')}
            </Button>
          </Form>
          <Form layout="inline" onFinish={() => void generate()}>
            <Form.Item label={t('qFrom')}>
              <Input type="date" data-testid="report-generate-from" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
            </Form.Item>
            <Form.Item label={t('qTo')}>
              <Input type="date" data-testid="report-generate-to" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
            </Form.Item>
            <Button type="primary" htmlType="submit" data-testid="report-generate" loading={busy}>
              {t('qGenerate')}
            </Button>
          </Form>
        </Space>
        <Typography.Text type="danger" data-testid="reports-error">
          {error}
        </Typography.Text>
      </Card>
      <Card>
        <Table<ReportSummary>
          data-testid="reports-table"
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={rows}
          columns={columns}
          onRow={(r) => ({ 'data-testid': `report-row-${r.id}` }) as never}
        />
        {cursor ? (
          <Button data-testid="reports-more" onClick={() => void loadPage(cursor)} style={{ marginTop: 12 }}>
            {t('qMore')}
          </Button>
        ) : null}
      </Card>
    </Space>
  );
}
