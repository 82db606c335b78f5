/**
 * Spot checks (抽查) on the callbacks page: sample a site day's closed work orders (POST
 * /quality/spot-checks/sample — the same day gives the same set), the list by day and status with
 * masked numbers, and completing one with a note.
 */
import { Button, Card, Form, Input, Popover, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { api, query, type TextKey } from '../../core';
import { useLanguage } from '../../language';
import { terminalLabel } from './format';
import type { Page, SpotCheck } from './types';

const PAGE_SIZE = 20;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

interface SampleResult {
  day: string;
  share: number;
  terminals: { terminal: string; closed: number; sampled: number; workOrders: string[] }[];
}

/** Yesterday in the browser's calendar: the day the scheduler samples. */
const yesterday = () => new Date(Date.now() - 86_400_000 - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

export function SpotChecks() {
  const { t } = useLanguage();
  const [filters, setFilters] = useState<{ status: string; date: string }>({ status: '', date: '' });
  const [rows, setRows] = useState<SpotCheck[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [sampled, setSampled] = useState<SampleResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ date: string }>();

  const loadPage = useCallback(
    async (after: string | null) => {
      try {
        const page = await api<Page<SpotCheck>>(
          'GET',
          `/quality/spot-checks${query({ status: filters.status, date: DAY.test(filters.date) ? filters.date : '', limit: PAGE_SIZE, cursor: after })}`,
        );
        setRows((shown) => (after ? [...shown, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [filters],
  );
  useEffect(() => void loadPage(null), [loadPage]);

  const sample = async ({ date }: { date: string }) => {
    setBusy(true);
    setError('');
    try {
      setSampled(await api<SampleResult>('POST', '/quality/spot-checks/sample', { date }));
      setFilters({ status: '', date });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const completed = (updated: SpotCheck) => setRows((shown) => shown.map((s) => (s.id === updated.id ? updated : s)));

  const columns: ColumnsType<SpotCheck> = [
    { title: t('qDay'), dataIndex: 'day' },
    { title: t('qWorkOrder'), key: 'order', render: (_, s) => s.workOrder.number },
    { title: t('qTerminal'), key: 'terminal', render: (_, s) => terminalLabel(s.terminal) },
    {
      title: t('qCustomer'),
      key: 'customer',
      render: (_, s) => (
        <>
          <span translate="no">{s.customer.name ?? ''}</span> {s.customer.phone}
        </>
      ),
    },
    {
      title: t('qStatus'),
      key: 'status',
      render: (_, s) => t(`qSpot_${s.status}` as TextKey),
      onCell: () => ({ 'data-testid': 'spot-check-status' }) as never,
    },
    {
      title: t('qActions'),
      key: 'actions',
      render: (_, s) =>
        s.status === 'open' ? (
          <CompleteSpotCheck check={s} done={completed} fail={setError} />
        ) : (
          <span className="muted" translate="no">
            {s.note ?? ''}
          </span>
        ),
    },
  ];

  return (
    <Card title={t('qSpotChecks')} data-testid="spot-checks">
      <Space wrap size={24} align="start">
        <Form form={form} layout="inline" initialValues={{ date: yesterday() }} onFinish={(v) => void sample(v)}>
          <Form.Item
            name="date"
            label={t('qSampleDay')}
            rules={[
              { required: true, message: t('qDateRequired') },
              { pattern: DAY, message: t('qDateRequired') },
            ]}
          >
            <Input type="date" data-testid="spot-check-sample-date" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="spot-check-sample">
            {t('qSample')}
          </Button>
        </Form>
        <Space>
          <span>{t('qStatus')}</span>
          <Select
            data-testid="spot-checks-status"
            value={filters.status}
            onChange={(status) => setFilters({ ...filters, status })}
            style={{ width: 120 }}
            options={['', 'open', 'done'].map((s) => ({ value: s, label: s ? t(`qSpot_${s}` as TextKey) : t('qAll') }))}
          />
          <span>{t('qDay')}</span>
          <Input
            type="date"
            data-testid="spot-checks-date"
            value={filters.date}
            onChange={(e) => setFilters({ ...filters, date: e.target.value })}
            style={{ width: 160 }}
          />
        </Space>
      </Space>
      {sampled ? (
        <div data-testid="spot-check-sample-result" style={{ marginTop: 8 }}>
          {`${sampled.day}: `}
          {sampled.terminals.length
            ? sampled.terminals.map((x) => (
                <span key={x.terminal} data-testid={`spot-check-sampled-${x.terminal}`} style={{ marginRight: 16 }}>
                  {t('qSampledOf')
                    .replace('{terminal}', terminalLabel(x.terminal))
                    .replace('{sampled}', String(x.sampled))
                    .replace('{closed}', String(x.closed))}
                </span>
              ))
            : t('qNothingClosed')}
        </div>
      ) : null}
      <Typography.Text type="danger" data-testid="spot-checks-error">
        {error}
      </Typography.Text>
      <Table<SpotCheck>
        data-testid="spot-checks-table"
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={columns}
        onRow={(s) => ({ 'data-testid': `spot-check-row-${s.id}` }) as never}
      />
      {cursor ? (
        <Button data-testid="spot-checks-more" onClick={() => void loadPage(cursor)} style={{ marginTop: 12 }}>
          {t('qMore')}
        </Button>
      ) : null}
    </Card>
  );
}

/** Completes an open spot check with a note (required, checked as it is typed). */
function CompleteSpotCheck({ check, done, fail }: { check: SpotCheck; done: (s: SpotCheck) => void; fail: (message: string) => void }) {
  const { t } = useLanguage();
  const [open, setOpen] = useState(false);
  const submit = async ({ note }: { note: string }) => {
    try {
      done(await api<SpotCheck>('POST', `/quality/spot-checks/${check.id}/complete`, { note: note.trim() }));
      setOpen(false);
    } catch (e) {
      fail((e as Error).message);
    }
  };
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      content={
        <Form layout="vertical" onFinish={(v: { note: string }) => void submit(v)} style={{ width: 280 }}>
          <Form.Item name="note" label={t('qSpotNote')} rules={[{ required: true, whitespace: true, max: 2000, message: t('qSpotNoteRequired') }]}>
            <Input.TextArea rows={3} data-testid={`spot-check-note-${check.id}`} />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid={`spot-check-done-${check.id}`}>
            {t('qSpotComplete')}
          </Button>
        </Form>
      }
    >
      <Button size="small" data-testid={`spot-check-complete-${check.id}`}>
        {t('qSpotComplete')}
      </Button>
    </Popover>
  );
}
