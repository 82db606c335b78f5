/**
 * The agent's state bar: the state (with its reason and time in it), ready / not ready with a reason,
 * today's counters, the Device's status and the queues the agent serves (by their labels).
 */
import { Badge, Button, Card, Flex, Select, Space, Statistic, Tag, Typography } from 'antd';
import type { TextKey } from '../../../core';
import { useLanguage } from '../../../language';
import { clock, REASONS } from '../agent-states';
import type { QueueInfo, AgentStateEvent } from '../data';
import type { DeviceView } from '../use-device';
import { useNow } from '../use-now';

const STATE_COLOURS: Record<string, string> = {
  ready: 'success',
  'not-ready': 'error',
  offline: 'default',
  reserved: 'warning',
  'on-call': 'processing',
  'wrap-up': 'purple',
};

const DEVICE_BADGES = {
  deviceReady: 'success',
  deviceConnecting: 'processing',
  deviceOffline: 'default',
  deviceError: 'error',
  deviceOtherTab: 'warning',
} as const;

interface StateBarProps {
  state: AgentStateEvent | null;
  stateSeenAt: number;
  reason: (typeof REASONS)[number];
  onReason: (reason: (typeof REASONS)[number]) => void;
  onReady: () => void;
  onNotReady: () => void;
  device: DeviceView;
  /** The queues the agent serves, null while loading. */
  queues: QueueInfo[] | null;
}

export function StateBar({ state, stateSeenAt, reason, onReason, onReady, onNotReady, device, queues }: StateBarProps) {
  const { t } = useLanguage();
  const now = useNow(true, 1000);
  const s = state?.state ?? 'offline';
  const c = state?.counters;
  const label = `${t(`state_${s}` as TextKey) || s}${state?.reason ? ` · ${t(`reason_${state.reason}` as TextKey) || state.reason}` : ''}`;
  return (
    <Card size="small" className="softphone-state-bar">
      <Flex wrap gap={24} align="center" justify="space-between">
        <Space size={12} align="center" wrap>
          <Tag color={STATE_COLOURS[s]} className="softphone-state-tag">
            <span data-testid="agent-state">{label}</span>
          </Tag>
          <Typography.Text type="secondary" className="softphone-mono" data-testid="state-timer">
            {clock(Math.max(0, (now - stateSeenAt) / 1000))}
          </Typography.Text>
          <Button
            type="primary"
            className="softphone-ready"
            data-testid="state-ready"
            disabled={s === 'ready' || s === 'reserved' || s === 'on-call'}
            onClick={onReady}
          >
            {t('ready')}
          </Button>
          <Space.Compact>
            <Select
              data-testid="not-ready-reason"
              value={reason}
              onChange={onReason}
              style={{ width: 110 }}
              options={REASONS.map((r) => ({ value: r, label: t(`reason_${r}` as TextKey) }))}
              aria-label={t('spNotReadyReason')}
            />
            <Button danger data-testid="state-not-ready" disabled={s === 'not-ready' || s === 'on-call'} onClick={onNotReady}>
              {t('notReady')}
            </Button>
          </Space.Compact>
        </Space>
        <Space size={28} data-testid="counters">
          <Statistic title={t('answered')} value={c?.answered ?? 0} valueRender={(v) => <span data-testid="count-answered">{v}</span>} />
          <Statistic title={t('missed')} value={c?.missed ?? 0} valueRender={(v) => <span data-testid="count-missed">{v}</span>} />
          <Statistic
            title={t('aht')}
            value={c?.averageHandleSeconds == null ? '—' : clock(c.averageHandleSeconds)}
            valueRender={(v) => <span data-testid="count-aht">{v}</span>}
          />
        </Space>
      </Flex>
      <Flex wrap gap={16} align="center" justify="space-between" className="softphone-state-foot">
        <Space size={6} wrap data-testid="my-queues">
          <Typography.Text type="secondary">{t('spQueuesServed')}</Typography.Text>
          {queues === null ? null : queues.length ? (
            queues.map((q) => (
              <Tag key={q.code} translate="no" data-testid={`my-queue-${q.code}`}>
                {q.name}
              </Tag>
            ))
          ) : (
            <Typography.Text type="secondary">{t('spNoQueues')}</Typography.Text>
          )}
        </Space>
        <Badge
          status={DEVICE_BADGES[device.key]}
          text={
            <span data-testid="device-status">
              {t(device.key)}
              {'detail' in device && device.detail ? `: ${device.detail}` : ''}
            </span>
          }
        />
      </Flex>
    </Card>
  );
}
