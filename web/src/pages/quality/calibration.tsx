/** Calibration (校准): subjects scored by two or more monitors, and one compared item by item (GET /quality/calibration). */
import { Button, Card, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { api, query } from '../../core';
import { useLanguage } from '../../language';
import { num, pct } from './format';
import type { CalibrationSession, CalibrationView } from './types';

type ItemRow = CalibrationView['items'][number];

export function CalibrationCard({ version }: { version: number }) {
  const { t } = useLanguage();
  const [sessions, setSessions] = useState<CalibrationSession[]>([]);
  const [view, setView] = useState<CalibrationView | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api<CalibrationSession[]>('GET', '/quality/calibration/sessions').then(setSessions, (e: Error) => setError(e.message));
  }, [version]);
  const compare = async (s: CalibrationSession) => {
    try {
      setView(
        await api<CalibrationView>(
          'GET',
          `/quality/calibration${query({ subjectType: s.subjectType, subjectId: s.subjectId, formId: s.formId, version: s.version })}`,
        ),
      );
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const sessionColumns: ColumnsType<CalibrationSession> = [
    { title: t('qSubject'), dataIndex: 'subjectId', render: (id: string) => <span translate="no">{id}</span> },
    { title: t('qAgent'), dataIndex: 'agentJobNumber' },
    { title: t('qMonitors'), key: 'monitors', render: (_, s) => s.monitors.join(', ') },
    { title: t('qMean'), key: 'mean', render: (_, s) => num(s.total.mean) },
    { title: t('qSpread'), key: 'spread', render: (_, s) => num(s.total.spread) },
    { title: t('qVariance'), key: 'variance', render: (_, s) => num(s.total.variance) },
    {
      title: t('qActions'),
      key: 'open',
      render: (_, s, i) => (
        <Button size="small" data-testid={`calibration-open-${i}`} onClick={() => void compare(s)}>
          {t('qCompare')}
        </Button>
      ),
    },
  ];
  const monitors = view?.monitors ?? [];
  const itemColumns: ColumnsType<ItemRow> = [
    {
      title: t('qItem'),
      key: 'item',
      render: (_, i) => (
        <>
          <span translate="no">{i.label}</span> {i.criticalFail ? <Tag color="red">{t('qCriticalItem')}</Tag> : null}
        </>
      ),
    },
    ...monitors.map((m) => ({ title: m, key: m, render: (_: unknown, i: ItemRow) => num(i.scores.find((x) => x.monitorJobNumber === m)?.points) })),
    { title: t('qSpread'), key: 'spread', render: (_, i) => num(i.spread) },
    { title: t('qVariance'), key: 'variance', render: (_, i) => num(i.variance) },
  ];
  return (
    <Card title={t('qCalibration')}>
      <Typography.Text type="danger">{error}</Typography.Text>
      <Table<CalibrationSession>
        data-testid="calibration-sessions"
        rowKey={(s) => `${s.formId}-${s.version}-${s.subjectType}-${s.subjectId}`}
        size="small"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={sessions}
        columns={sessionColumns}
      />
      <div data-testid="calibration-view">
        {view ? (
          <>
            <h3>
              <span translate="no">{`${view.form.name} v${view.form.version} · ${view.subjectId}`}</span>
              {` · ${t('qAgent')} ${view.agentJobNumber}`}
            </h3>
            <Table<ItemRow>
              rowKey="item"
              size="small"
              pagination={false}
              dataSource={view.items}
              columns={itemColumns}
              rowClassName={(i) => (i.spread ? 'warn' : '')}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <b>{t('qTotalScore')}</b>
                  </Table.Summary.Cell>
                  {monitors.map((m, n) => (
                    <Table.Summary.Cell key={m} index={n + 1}>
                      {pct(view.total.scores.find((x) => x.monitorJobNumber === m)?.scorePct)}
                    </Table.Summary.Cell>
                  ))}
                  <Table.Summary.Cell index={monitors.length + 1}>{num(view.total.spread)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={monitors.length + 2}>{num(view.total.variance)}</Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          </>
        ) : null}
      </div>
    </Card>
  );
}
