/**
 * The supervisor's wallboard (实时看板): queues and agents live over socket.io /softphone (`wallboard`,
 * throttled by the server to four a second), the longest wait counting on between updates; per agent,
 * force a state (PUT /agents/:jobNumber/state) and move them between queues (POST /agents/:jobNumber/move);
 * on a busy agent's call, listen, whisper or barge in (monitor-controls.tsx).
 */
import { Button, Card, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { app, type TextKey, timeText } from '../../core';
import { useSocket } from '../../hooks/use-socket';
import { useLanguage } from '../../language';
import { client } from '../../services/client';
import { errorText } from '../../services/errors';
import type { WallboardAgent as AgentRow, WallboardEvent as Wallboard, WallboardQueue as QueueRow } from '../../../../src/softphone/wallboard-event';
import { clock, REASONS } from '../softphone/agent-states';
import { MonitorControls, type Monitoring, useMonitorDevice } from './monitor-controls';

/** On a call out (外呼, 回访): not ready `outbound` with the call's sid (CallOutPresenceService). */
const onCallOut = (a: AgentRow) => a.state === 'not-ready' && a.reason === 'outbound' && a.callSid !== null;
/** On a call a supervisor can monitor: one the engine routed, or a call out. */
const onCall = (a: AgentRow) => (a.state === 'on-call' || onCallOut(a)) && a.callSid !== null;

type StateChoice = 'ready' | 'offline' | `not-ready:${(typeof REASONS)[number]}`;

/** Force a state on one agent (their pick stays while the board updates). */
function ForceState({ agent, onMessage }: { agent: AgentRow; onMessage: (text: string) => void }) {
  const { t } = useLanguage();
  const [state, setState] = useState<StateChoice>('ready');
  const apply = async () => {
    const [wanted, reason] = state.split(':') as ['ready' | 'not-ready' | 'offline', (typeof REASONS)[number] | undefined];
    const { error, response } = await client.PUT('/agents/{jobNumber}/state', {
      params: { path: { jobNumber: agent.jobNumber } },
      body: reason ? { state: wanted, reason } : { state: wanted },
    });
    if (!response.ok) onMessage(errorText(error as never, response.statusText));
  };
  const stateLabel = (s: string) => t(`state_${s}` as TextKey);
  return (
    <Space.Compact>
      <Select<StateChoice>
        data-testid={`force-state-${agent.jobNumber}`}
        value={state}
        onChange={setState}
        style={{ width: 170 }}
        options={[
          { value: 'ready', label: stateLabel('ready') },
          ...REASONS.map((r) => ({ value: `not-ready:${r}` as StateChoice, label: `${stateLabel('not-ready')} · ${t(`reason_${r}` as TextKey)}` })),
          { value: 'offline', label: stateLabel('offline') },
        ]}
      />
      <Button data-testid={`force-apply-${agent.jobNumber}`} onClick={() => void apply()}>
        {t('apply')}
      </Button>
    </Space.Compact>
  );
}

/** Move one agent from a queue (or none: add) to another; queues shown by their names (the cell is translate="no"). */
function MoveAgent({ agent, queues, onMessage }: { agent: AgentRow; queues: QueueRow[]; onMessage: (text: string) => void }) {
  const { t } = useLanguage();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState(queues[0]?.code ?? '');
  const move = async () => {
    const { error, response } = await client.POST('/agents/{jobNumber}/move', {
      params: { path: { jobNumber: agent.jobNumber } },
      body: from ? { fromQueue: from, toQueue: to } : { toQueue: to },
    });
    onMessage(response.ok ? `${agent.jobNumber} → ${to} ✓` : errorText(error as never, response.statusText));
  };
  return (
    <Space.Compact>
      <Select
        data-testid={`move-from-${agent.jobNumber}`}
        value={from}
        onChange={setFrom}
        style={{ width: 200 }}
        options={[{ value: '', label: '—' }, ...queues.map((q) => ({ value: q.code, label: q.name }))]}
      />
      <Select
        data-testid={`move-to-${agent.jobNumber}`}
        value={to}
        onChange={setTo}
        style={{ width: 200 }}
        options={queues.map((q) => ({ value: q.code, label: q.name }))}
      />
      <Button data-testid={`move-apply-${agent.jobNumber}`} onClick={() => void move()}>
        {t('move')}
      </Button>
    </Space.Compact>
  );
}

export function WallboardPage() {
  const { t } = useLanguage();
  const [board, setBoard] = useState<Wallboard | null>(null);
  const [receivedAt, setReceivedAt] = useState(Date.now());
  const [message, setMessage] = useState('');
  const [, setTick] = useState(0);
  const [monitoring, setMonitoring] = useState<Monitoring | null>(null);
  const device = useMonitorDevice();
  // The call being monitored ended (or the supervisor's leg did): the controls go back.
  useEffect(() => {
    if (monitoring && board && !board.agents.some((a) => a.callSid === monitoring.callSid && onCall(a))) setMonitoring(null);
  }, [board, monitoring]);
  const onMonitor = (next: Monitoring | null) => {
    setMonitoring(next);
    setMessage('');
  };
  const modeLabel: Record<Monitoring['mode'], TextKey> = { listen: 'monitorListen', whisper: 'monitorWhisper', barge: 'monitorBarge' };

  useSocket({
    wallboard: (b: Wallboard) => {
      setBoard(b);
      setReceivedAt(Date.now());
    },
    error: (e: { message: string; command: string }) => {
      setMessage(e.message);
      if (e.command === 'connection') app.onSignedOut();
    },
  });
  useEffect(() => {
    const timer = window.setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, []);

  const drift = (Date.now() - receivedAt) / 1000;
  const longest = (q: QueueRow) => (q.waiting ? Math.round(q.longestWaitSeconds + drift) : 0);
  const late = (q: QueueRow) => q.waiting > 0 && longest(q) > q.serviceLevelSeconds;
  const cell = (testid: string) => () => ({ 'data-testid': testid }) as never;
  const queueColumns: ColumnsType<QueueRow> = [
    { title: t('queue'), dataIndex: 'name', onCell: () => ({ translate: 'no' }) as never },
    { title: t('waiting'), dataIndex: 'waiting', onCell: cell('waiting') },
    {
      title: t('longestWait'),
      key: 'longest',
      render: (_, q) => clock(longest(q)),
      onCell: (q) => ({ 'data-testid': 'longest-wait', className: late(q) ? 'late' : undefined }) as never,
    },
    { title: t('readyAgents'), dataIndex: 'readyAgents' },
    { title: t('offered'), dataIndex: 'offered', onCell: cell('offered') },
    { title: t('answered'), dataIndex: 'answered', onCell: cell('answered') },
    { title: t('abandoned'), dataIndex: 'abandoned' },
    {
      title: t('serviceLevel'),
      key: 'sl',
      render: (_, q) => (q.serviceLevel === null ? '—' : `${Math.round(q.serviceLevel * 100)}%`),
      onCell: cell('service-level'),
    },
  ];
  // An agent on a call out is not ready `outbound` to the engine: shown as on the call (外呼中), not as not ready.
  const stateText = (a: AgentRow) =>
    onCallOut(a)
      ? t('reason_outbound')
      : `${t(`state_${a.state}` as TextKey) || a.state}${a.reason ? ` · ${t(`reason_${a.reason}` as TextKey) || a.reason}` : ''}`;
  const queues = board?.queues ?? [];
  const agentColumns: ColumnsType<AgentRow> = [
    { title: t('jobNumber'), dataIndex: 'jobNumber' },
    { title: t('name'), dataIndex: 'name', onCell: () => ({ translate: 'no' }) as never },
    {
      title: t('state'),
      key: 'state',
      render: (_, a) => stateText(a),
      onCell: (a) => ({ 'data-testid': 'agent-state', className: onCallOut(a) ? 'state-on-call state-outbound' : `state-${a.state}` }) as never,
    },
    // Time in state on the server's clock (the update's `at`), ticking between updates; each busy agent's caller and queue (its label).
    {
      title: t('timeInState'),
      key: 'since',
      render: (_, a) => clock(Math.max(0, (Date.parse(board!.at) - Date.parse(a.since)) / 1000 + drift)),
      onCell: cell('time-in-state'),
    },
    { title: t('caller'), key: 'caller', render: (_, a) => a.caller ?? '', onCell: () => ({ 'data-testid': 'agent-caller', translate: 'no' }) as never },
    {
      title: t('queue'),
      key: 'queue',
      render: (_, a) => (a.queue ? (queues.find((q) => q.code === a.queue)?.name ?? a.queue) : ''),
      onCell: () => ({ 'data-testid': 'agent-queue', translate: 'no' }) as never,
    },
    { title: t('answered'), dataIndex: 'answered' },
    { title: t('missed'), dataIndex: 'missed' },
    {
      title: t('monitor'),
      key: 'monitor',
      render: (_, a) =>
        device.enabled && onCall(a) && a.callSid ? (
          <MonitorControls
            agent={a.jobNumber}
            callSid={a.callSid}
            monitoring={monitoring}
            onMonitor={onMonitor}
            onMessage={setMessage}
            expectLeg={device.expect}
          />
        ) : null,
    },
    { title: t('forceState'), key: 'force', render: (_, a) => <ForceState agent={a} onMessage={setMessage} /> },
    {
      title: t('moveAgent'),
      key: 'move',
      render: (_, a) => <MoveAgent agent={a} queues={queues} onMessage={setMessage} />,
      onCell: () => ({ translate: 'no' }) as never,
    },
  ];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} className="wallboard">
      <Card
        title={t('queues')}
        data-testid="wallboard"
        extra={
          <Typography.Text type="secondary" data-testid="wallboard-updated">
            {board ? `${t('updated')} ${timeText(receivedAt)}` : ''}
          </Typography.Text>
        }
      >
        <Table<QueueRow>
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={queues}
          columns={queueColumns}
          loading={!board}
          onRow={(q) => ({ 'data-testid': `wallboard-queue-${q.code}`, className: late(q) ? 'late' : undefined }) as never}
        />
      </Card>
      <Card
        title={t('agents')}
        extra={
          device.enabled ? (
            <Typography.Text type="secondary" data-testid="monitor-device-status">
              {device.status.detail ? `${t(device.status.key)}: ${device.status.detail}` : t(device.status.key)}
            </Typography.Text>
          ) : null
        }
      >
        <Typography.Text type="danger" data-testid="wallboard-error">
          {message}
        </Typography.Text>
        {monitoring && (
          <Typography.Text type="success" strong data-testid="monitor-status">
            {t('monitoring').replace('{agent}', monitoring.agent).replace('{mode}', t(modeLabel[monitoring.mode]))}
          </Typography.Text>
        )}
        <Table<AgentRow>
          rowKey="jobNumber"
          size="small"
          pagination={false}
          dataSource={board?.agents ?? []}
          columns={agentColumns}
          scroll={{ x: 'max-content' }}
          loading={!board}
          onRow={(a) => ({ 'data-testid': `wallboard-agent-${a.jobNumber}` }) as never}
        />
      </Card>
    </Space>
  );
}
