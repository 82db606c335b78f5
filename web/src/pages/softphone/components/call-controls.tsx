/**
 * What the agent does with the connected call: hang up, hold / resume, mute, and transfer (转接) to a
 * queue or — picked instead — a named colleague (ready ones first). Consult, three-way and monitor
 * buttons join here (see `extra`), beside transfer.
 */
import { AudioMutedOutlined, AudioOutlined, PauseCircleOutlined, PlayCircleOutlined, SwapOutlined } from '@ant-design/icons';
import { Button, Flex, Space, Typography } from 'antd';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { api, app, type TextKey } from '../../../core';
import { NativeSelect } from '../../../components/native-select';
import { useLanguage } from '../../../language';
import type { Colleague, QueueInfo } from '../data';

interface CallControlsProps {
  callSid: string;
  held: boolean;
  muted: boolean;
  /** Mute needs this page's Device on the call. */
  canMute: boolean;
  queues: QueueInfo[];
  onHangUp: () => void;
  onHold: () => void;
  onMute: () => void;
  /** Transfers the call; resolves false when refused (the colleague list is reloaded then). */
  onTransfer: (target: { queue: string } | { agent: string }) => Promise<boolean>;
  onError: (text: string) => void;
  /** More call controls (consult, three-way, conference transfer), shown after transfer. */
  extra?: ReactNode;
  /** False for a call out: the routing engine holds no call for it, so only a consult transfer moves it (the API says so too). */
  canTransfer?: boolean;
}

export function CallControls({
  callSid,
  held,
  muted,
  canMute,
  queues,
  onHangUp,
  onHold,
  onMute,
  onTransfer,
  onError,
  extra,
  canTransfer = true,
}: CallControlsProps) {
  const { t } = useLanguage();
  const [colleagues, setColleagues] = useState<Colleague[]>([]);
  const [agent, setAgent] = useState('');
  const [queue, setQueue] = useState('');

  /** Colleagues who can take a transfer now (signed in), ready ones first, with their state. */
  const loadColleagues = useCallback(
    () =>
      api<Colleague[]>('GET', '/agents')
        .then((agents) => {
          const rank = (state: string) => (state === 'ready' ? 0 : 1);
          const others = agents.filter((a) => a.jobNumber !== app.session?.jobNumber && a.state !== 'offline').sort((a, b) => rank(a.state) - rank(b.state));
          setColleagues(others);
          setAgent((picked) => (others.some((a) => a.jobNumber === picked) ? picked : ''));
        })
        .catch((e: Error) => onError(e.message)),
    [onError],
  );
  useEffect(() => void loadColleagues(), [callSid, loadColleagues]);
  const queueCode = queue || queues[0]?.code || '';

  const transfer = async () => {
    if (agent) {
      if (!(await onTransfer({ agent }))) void loadColleagues(); // refused (e.g. they signed out): show the states as they are now
    } else if (queueCode) await onTransfer({ queue: queueCode });
  };

  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8}>
        <Button danger type="primary" data-testid="call-hangup" onClick={onHangUp}>
          {t('hangUp')}
        </Button>
        <Button
          data-testid={held ? 'call-resume' : 'call-hold'}
          icon={held ? <PlayCircleOutlined /> : <PauseCircleOutlined />}
          type={held ? 'primary' : 'default'}
          onClick={onHold}
        >
          {held ? t('resume') : t('hold')}
        </Button>
        <Button data-testid="call-mute" icon={muted ? <AudioMutedOutlined /> : <AudioOutlined />} disabled={!canMute} onClick={onMute}>
          {muted ? t('unmute') : t('mute')}
        </Button>
      </Flex>
      {!canTransfer && (
        <Typography.Text type="secondary" data-testid="transfer-out-hint">
          {t('transferOutHint')}
        </Typography.Text>
      )}
      {canTransfer && (
        <Flex vertical gap={6} className="softphone-transfer">
          <Typography.Text type="secondary">{t('transfer')}</Typography.Text>
          <NativeSelect
            testid="transfer-queue"
            translate="no"
            value={queueCode}
            onChange={setQueue}
            disabled={agent !== ''}
            options={queues.map((q) => ({ value: q.code, label: q.name }))}
            aria-label={t('spTransferQueue')}
          />
          <Space.Compact style={{ width: '100%' }}>
            <NativeSelect
              testid="transfer-agent"
              value={agent}
              onChange={setAgent}
              options={[
                { value: '', label: t('transferToQueue') },
                ...colleagues.map((a) => ({
                  value: a.jobNumber,
                  label: `${a.jobNumber} ${a.name} · ${t(`state_${a.state}` as TextKey) || a.state}`,
                })),
              ]}
              aria-label={t('spTransferAgent')}
            />
            <Button data-testid="call-transfer" icon={<SwapOutlined />} onClick={() => void transfer()}>
              {t('transfer')}
            </Button>
          </Space.Compact>
        </Flex>
      )}
      {extra}
    </Flex>
  );
}
