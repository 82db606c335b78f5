/**
 * The agent's own calls (GET /calls gives an agent theirs only), newest first: today's or the recent ones,
 * searchable by number (any digits of it, spaces and + ignored), more on request (the cursor).
 */
import { SearchOutlined } from '@ant-design/icons';
import { Button, Card, Input, Segmented, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, dateTimeText, query, type TextKey } from '../../../core';
import { useLanguage } from '../../../language';
import type { MyCall, QueueInfo } from '../data';

type Range = 'recent' | 'today';

const startOfToday = () => {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
};

interface CallHistoryProps {
  queues: QueueInfo[];
  /** Changes when the list should be read again (a wrap-up ended). */
  refresh: number;
}

export function CallHistory({ queues, refresh }: CallHistoryProps) {
  const { t } = useLanguage();
  const [range, setRange] = useState<Range>('recent');
  const [search, setSearch] = useState('');
  const [calls, setCalls] = useState<MyCall[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (cursor: string | null) => {
      setLoading(true);
      try {
        const page = await api<{ items: MyCall[]; nextCursor: string | null }>(
          'GET',
          `/calls${query({ limit: 50, from: range === 'today' ? startOfToday() : undefined, cursor: cursor ?? undefined })}`,
        );
        setCalls((shown) => (cursor ? [...shown, ...page.items] : page.items));
        setNext(page.nextCursor);
      } catch {
        // The history is a convenience: a failed read leaves the list as it was.
      } finally {
        setLoading(false);
      }
    },
    [range],
  );
  useEffect(() => void load(null), [load, refresh]);

  const digits = search.replace(/\D/g, '');
  const numberOf = (c: MyCall) => (c.direction === 'inbound' ? c.from : c.to);
  const shown = digits ? calls.filter((c) => numberOf(c).replace(/\D/g, '').includes(digits)) : calls;
  const queueName = (code: string | null) => (code ? (queues.find((q) => q.code === code)?.name ?? code) : '—');

  return (
    <Card
      size="small"
      title={t('myCalls')}
      data-testid="my-calls"
      extra={
        <Segmented<Range>
          size="small"
          data-testid="my-calls-range"
          value={range}
          onChange={setRange}
          options={[
            { value: 'recent', label: t('spRecent') },
            { value: 'today', label: t('spToday') },
          ]}
        />
      }
    >
      <Input
        prefix={<SearchOutlined />}
        data-testid="my-calls-search"
        placeholder={t('searchNumber')}
        maxLength={32}
        allowClear
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        style={{ marginBottom: 8 }}
      />
      <div data-testid="my-calls-list">
        <Table<MyCall>
          size="small"
          rowKey="callSid"
          loading={loading}
          pagination={false}
          dataSource={shown}
          onRow={() => ({ 'data-testid': 'my-call' }) as never}
          columns={[
            {
              title: t('spWhen'),
              key: 'when',
              className: 'softphone-nowrap',
              render: (_, c) => dateTimeText(c.arrivedAt),
            },
            {
              title: t('spNumber'),
              key: 'number',
              className: 'softphone-nowrap',
              render: (_, c) => (
                <Space size={4}>
                  <Tag color={c.direction === 'inbound' ? 'blue' : 'green'}>{t(c.direction === 'inbound' ? 'spInbound' : 'spOutbound')}</Tag>
                  <span translate="no">{numberOf(c)}</span>
                </Space>
              ),
            },
            { title: t('queue'), key: 'queue', render: (_, c) => queueName(c.queue), onCell: () => ({ translate: 'no' }) as never },
            { title: t('spOutcome'), key: 'outcome', render: (_, c) => (c.outcome ? t(`callOutcome_${c.outcome}` as TextKey) || c.outcome : '—') },
          ]}
        />
      </div>
      {next && !digits && (
        <Button type="link" data-testid="my-calls-more" onClick={() => void load(next)} loading={loading}>
          {t('woMore')}
        </Button>
      )}
    </Card>
  );
}
