/** 订单系统同步 (#/outbox): the supervisor's view of the changes sent to the order system — waiting, retrying, dead — and the replay of dead letters. */
import { App, Button, Card, Col, Popconfirm, Row, Space, Statistic, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, dateTimeText, query } from '../../core';
import { useLanguage } from '../../language';
import type { components } from '../../services/api-types';

type Summary = components['schemas']['OutboxSummaryDto'];
type Message = components['schemas']['OutboxMessageDto'];
type MessagePage = components['schemas']['OutboxMessagePage'];

const outboxApi = {
  summary: () => api<Summary>('GET', '/outbox/summary'),
  deadLetters: (cursor?: string) => api<MessagePage>('GET', `/outbox/dead-letters${query({ limit: 50, cursor })}`),
  replay: (id: number) => api<Message>('POST', `/outbox/dead-letters/${id}/replay`),
  replayAll: () => api<{ replayed: number }>('POST', '/outbox/dead-letters/replay', {}),
};

export function OutboxPage() {
  const { t } = useLanguage();
  const { message } = App.useApp();
  const [summary, setSummary] = useState<Summary | null>(null);
  const [dead, setDead] = useState<Message[] | null>(null);

  const load = useCallback(async () => {
    try {
      const [s, d] = await Promise.all([outboxApi.summary(), outboxApi.deadLetters()]);
      setSummary(s);
      setDead(d.items);
    } catch (e) {
      message.error((e as Error).message);
    }
  }, [message]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 10_000);
    return () => clearInterval(timer);
  }, [load]);

  const act = async (work: () => Promise<number>) => {
    try {
      message.success(t('obReplayed').replace('{n}', String(await work())));
      await load();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="outbox-page" data-loaded={summary ? 'true' : 'false'}>
      <Card title={t('outboxPage')} extra={<Button onClick={() => void load()}>{t('obRefresh')}</Button>}>
        <Row gutter={16}>
          <Col span={4}>
            <Statistic title={t('obPending')} value={summary?.pending ?? '-'} data-testid="outbox-pending" />
          </Col>
          <Col span={4}>
            <Statistic title={t('obRetrying')} value={summary?.retrying ?? '-'} />
          </Col>
          <Col span={4}>
            <Statistic
              title={t('obDead')}
              value={summary?.dead ?? '-'}
              valueStyle={summary?.dead ? { color: '#cf1322' } : undefined}
              data-testid="outbox-dead"
            />
          </Col>
          <Col span={4}>
            <Statistic title={t('obDelivered24h')} value={summary?.deliveredLastDay ?? '-'} />
          </Col>
          <Col span={8}>
            <Statistic title={t('obOldestPending')} value={summary?.oldestPendingAt ? dateTimeText(summary.oldestPendingAt) : '-'} />
          </Col>
        </Row>
        {summary && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }} data-testid="outbox-retention">
            {summary.retention.deliveredDays > 0 && summary.retention.intervalSeconds > 0
              ? t('obRetention').replace('{days}', String(summary.retention.deliveredDays))
              : t('obRetentionOff')}{' '}
            {t('obDeadKept')}
          </Typography.Paragraph>
        )}
        {summary && summary.topics.length > 0 && (
          <Table
            style={{ marginTop: 16 }}
            size="small"
            rowKey="topic"
            pagination={false}
            dataSource={summary.topics}
            columns={[
              { title: t('obTopic'), dataIndex: 'topic' },
              { title: t('obPending'), dataIndex: 'pending' },
              { title: t('obRetrying'), dataIndex: 'retrying' },
              { title: t('obDead'), dataIndex: 'dead' },
            ]}
          />
        )}
      </Card>
      <Card
        title={t('obDeadLetters')}
        extra={
          <Popconfirm title={t('obReplayAll')} onConfirm={() => void act(async () => (await outboxApi.replayAll()).replayed)}>
            <Button danger disabled={!dead?.length} data-testid="outbox-replay-all">
              {t('obReplayAll')}
            </Button>
          </Popconfirm>
        }
      >
        <Table
          rowKey="id"
          size="small"
          loading={dead === null}
          dataSource={dead ?? []}
          locale={{ emptyText: t('obNoDead') }}
          data-testid="outbox-dead-letters"
          columns={[
            { title: t('obCreated'), render: (_, m) => dateTimeText(m.createdAt), width: 170 },
            { title: t('obTopic'), dataIndex: 'topic' },
            { title: t('obKey'), dataIndex: 'key' },
            { title: t('obAttempts'), dataIndex: 'attempts', width: 90 },
            { title: t('obLastError'), render: (_, m) => <Typography.Text type="danger">{m.lastError}</Typography.Text> },
            {
              title: '',
              width: 90,
              render: (_, m) => (
                <Button size="small" data-testid={`outbox-replay-${m.id}`} onClick={() => void act(async () => (await outboxApi.replay(m.id), 1))}>
                  {t('obReplay')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
