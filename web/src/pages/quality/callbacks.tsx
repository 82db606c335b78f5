/**
 * Callback work list (回访): the visits by due time with masked numbers; call the customer (through the
 * hotline, ringing this user's softphone), record an unreachable attempt, or record the result
 * (satisfaction 1–5, solved or not — not solved reopens the work order on the server). Below, the spot
 * checks (抽查): sample a day's closed orders, list them by day and status, complete one with a note.
 */
import type { Call } from '@twilio/voice-sdk';
import { Button, Card, Input, Radio, Rate, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { api, connectDevice, type DeviceStatus, hasRole, query, type TextKey } from '../../core';
import { useLanguage } from '../../language';
import { dateTime, terminalLabel } from './format';
import type { CallbackVisit, Page } from './types';
import { SpotChecks } from './spot-checks';

const STATUS_FILTERS = ['due,in_progress', 'due', 'scheduled', 'in_progress', 'done', 'failed', 'unreachable', ''];
const UNREACHABLE = ['no_answer', 'busy', 'switched_off', 'declined', 'wrong_number'] as const;
const PAGE_SIZE = 20;
const OPEN = new Set(['due', 'scheduled', 'in_progress']);

type DeviceState = DeviceStatus['key'] | 'deviceNotForRole';

export function CallbacksPage() {
  const { t } = useLanguage();
  const [status, setStatus] = useState(STATUS_FILTERS[0]);
  const [rows, setRows] = useState<CallbackVisit[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState('');
  const [device, setDevice] = useState<{ state: DeviceState; detail?: string }>({ state: 'deviceConnecting' });
  const [visitCall, setVisitCall] = useState<{ call: Call; open: boolean } | null>(null);

  const loadPage = useCallback(
    async (after: string | null) => {
      try {
        const page = await api<Page<CallbackVisit>>('GET', `/quality/callbacks${query({ status, limit: PAGE_SIZE, cursor: after })}`);
        setRows((shown) => (after ? [...shown, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setLoaded(true);
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [status],
  );
  useEffect(() => void loadPage(null), [loadPage]);

  // The visit call rings this page's Device (agent-<jobNumber>) once the customer picks up. The softphone token is for
  // agents and quality monitors (GET /telephony/token): a supervisor records results without calling.
  useEffect(() => {
    if (!hasRole('agent', 'quality')) return setDevice({ state: 'deviceNotForRole' });
    return connectDevice(
      ({ key, detail }) => setDevice({ state: key, detail }),
      (incoming: Call) => {
        const shown = () => setVisitCall({ call: incoming, open: incoming.status() === 'open' });
        const clear = () => {
          setVisitCall((current) => (current?.call === incoming ? null : current));
          void loadPage(null);
        };
        incoming.on('accept', shown);
        incoming.on('cancel', clear);
        incoming.on('reject', clear);
        incoming.on('disconnect', clear);
        shown();
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one Device for the page's life; a status filter change must not re-register it
  }, []);

  // An action answers with the visit's full number (the server audits that view); the list keeps the number as it listed it (masked for monitors).
  const replace = (updated: CallbackVisit) => setRows((shown) => shown.map((v) => (v.id === updated.id ? { ...updated, customer: v.customer } : v)));
  const act = async (v: CallbackVisit, path: string, body: unknown) => {
    setError('');
    try {
      replace(await api<CallbackVisit>('POST', `/quality/callbacks/${v.id}/${path}`, body));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const columns: ColumnsType<CallbackVisit> = [
    {
      title: t('qWorkOrder'),
      key: 'order',
      render: (_, v) => (
        <>
          {v.workOrder.number}
          <div className="muted" translate="no">
            {v.workOrder.solution ?? v.workOrder.description}
          </div>
        </>
      ),
    },
    {
      title: t('qTerminal'),
      key: 'terminal',
      render: (_, v) => (
        <>
          {terminalLabel(v.workOrder.terminal)}
          {v.workOrder.unit ? <div className="muted" translate="no">{`${v.workOrder.unit.code} ${v.workOrder.unit.name}`}</div> : null}
        </>
      ),
    },
    {
      title: t('qCustomer'),
      key: 'customer',
      render: (_, v) => (
        <>
          <span translate="no">{v.customer.name ?? ''}</span> <span data-testid="callback-phone">{v.customer.phone}</span>
        </>
      ),
    },
    { title: t('qDueAt'), key: 'due', render: (_, v) => dateTime(v.dueAt) },
    {
      title: t('qAttempts'),
      key: 'attempts',
      render: (_, v) => `${v.attempts} / ${v.maxAttempts}`,
      onCell: () => ({ 'data-testid': 'callback-attempts' }) as never,
    },
    {
      title: t('qStatus'),
      key: 'status',
      render: (_, v) => <Tag color={v.result?.dissatisfied ? 'red' : OPEN.has(v.status) ? 'blue' : undefined}>{t(`qCb_${v.status}` as TextKey)}</Tag>,
      onCell: () => ({ 'data-testid': 'callback-status' }) as never,
    },
    {
      title: t('qActions'),
      key: 'actions',
      render: (_, v) =>
        OPEN.has(v.status) ? (
          <VisitActions visit={v} act={act} />
        ) : v.result ? (
          <span data-testid="callback-outcome">
            {`${t('qSatisfaction')} ${v.result.satisfaction} · ${v.result.solved ? t('qSolvedYes') : t('qSolvedNo')}`}
            {v.result.comments ? <span translate="no">{` · ${v.result.comments}`}</span> : null}
          </span>
        ) : null,
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="quality-page-callbacks" data-loaded={loaded ? 'true' : undefined}>
      {visitCall ? (
        <Card title={t('qVisitCall')} data-testid="visit-call-panel" style={{ borderColor: '#b45309', borderWidth: 3 }}>
          <Space>
            <span data-testid="visit-call-state">{visitCall.open ? t('onCall') : t('incoming')}</span>
            {visitCall.open ? null : (
              <Button type="primary" data-testid="visit-call-answer" onClick={() => visitCall.call.accept()}>
                {t('answer')}
              </Button>
            )}
            <Button
              danger
              data-testid="visit-call-hangup"
              onClick={() => (visitCall.call.status() === 'open' ? visitCall.call.disconnect() : visitCall.call.reject())}
            >
              {t('hangUp')}
            </Button>
          </Space>
        </Card>
      ) : null}
      <Card
        title={t('qCallbacks')}
        extra={
          <Space>
            <Typography.Text type="secondary" data-testid="callbacks-device-status">
              {device.detail ? `${t(device.state)}: ${device.detail}` : t(device.state)}
            </Typography.Text>
            <span>{t('qStatus')}</span>
            <Select
              data-testid="callbacks-status"
              value={status}
              onChange={setStatus}
              style={{ width: 200 }}
              options={STATUS_FILTERS.map((s) => ({
                value: s,
                label: s
                  ? s
                      .split(',')
                      .map((x) => t(`qCb_${x}` as TextKey))
                      .join(' + ')
                  : t('qAll'),
              }))}
            />
          </Space>
        }
      >
        <Typography.Text type="danger" data-testid="callbacks-error">
          {error}
        </Typography.Text>
        <Table<CallbackVisit>
          data-testid="callbacks-table"
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={rows}
          columns={columns}
          rowClassName={(v) => (v.result?.dissatisfied ? 'late' : '')}
          onRow={(v) => ({ 'data-testid': `callback-row-${v.id}` }) as never}
        />
        {cursor ? (
          <Button data-testid="callbacks-more" onClick={() => void loadPage(cursor)} style={{ marginTop: 12 }}>
            {t('qMore')}
          </Button>
        ) : null}
      </Card>
      <SpotChecks />
    </Space>
  );
}

/** An open visit's controls: call, record an unreachable attempt, or record the result. */
function VisitActions({ visit: v, act }: { visit: CallbackVisit; act: (v: CallbackVisit, path: string, body: unknown) => Promise<void> }) {
  const { t } = useLanguage();
  const [reason, setReason] = useState<(typeof UNREACHABLE)[number]>('no_answer');
  const [satisfaction, setSatisfaction] = useState(5);
  const [solved, setSolved] = useState(true);
  const [comments, setComments] = useState('');
  const [busy, setBusy] = useState(false);
  const run = (path: string, body: unknown) => async () => {
    setBusy(true);
    await act(v, path, body);
    setBusy(false);
  };
  return (
    <Space direction="vertical" size={4}>
      <Space wrap>
        <Button size="small" type="primary" data-testid={`callback-call-${v.id}`} disabled={busy || v.status === 'in_progress'} onClick={run('call', {})}>
          {t('qCall')}
        </Button>
        <Select
          size="small"
          data-testid={`callback-reason-${v.id}`}
          value={reason}
          onChange={setReason}
          style={{ width: 120 }}
          options={UNREACHABLE.map((r) => ({ value: r, label: t(`qUnreachable_${r}` as TextKey) }))}
        />
        <Button size="small" data-testid={`callback-unreachable-${v.id}`} disabled={busy} onClick={run('unreachable', { reason })}>
          {t('qRecordUnreachable')}
        </Button>
      </Space>
      <Space wrap>
        <span title={t(`qSat_${satisfaction}` as TextKey)}>
          <Rate
            data-testid={`callback-satisfaction-${v.id}`}
            value={satisfaction}
            onChange={(n) => setSatisfaction(n || 1)}
            tooltips={[1, 2, 3, 4, 5].map((n) => t(`qSat_${n}` as TextKey))}
            style={{ fontSize: 16 }}
          />
        </span>
        <Radio.Group
          size="small"
          optionType="button"
          data-testid={`callback-solved-${v.id}`}
          value={solved}
          onChange={(e) => setSolved(e.target.value as boolean)}
          options={[
            { value: true, label: t('qSolvedYes') },
            { value: false, label: t('qSolvedNo') },
          ]}
        />
        <Input
          size="small"
          data-testid={`callback-comments-${v.id}`}
          placeholder={t('qComments')}
          maxLength={500}
          value={comments}
          onChange={(e) => setComments(e.target.value)}
          style={{ width: 160 }}
        />
        <Button
          size="small"
          type="primary"
          data-testid={`callback-result-${v.id}`}
          disabled={busy}
          onClick={run('result', { satisfaction, solved, ...(comments.trim() ? { comments: comments.trim() } : {}) })}
        >
          {t('qRecordResult')}
        </Button>
      </Space>
    </Space>
  );
}
