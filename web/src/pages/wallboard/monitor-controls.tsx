/**
 * Supervisors on a busy agent's call (POST /calls/:callSid/monitor): listen (监听, muted), whisper (耳语,
 * only the agent hears) and barge (强插, everyone hears); the same leg switches mode; leave (DELETE).
 * The wallboard holds the supervisor's Device (`agent-<jobNumber>`, as the softphone does) and takes the
 * leg the server calls it on by itself — the supervisor asked for it.
 */
import type { Call } from '@twilio/voice-sdk';
import { Button, Space } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { connectDevice, type DeviceStatus, hasRole } from '../../core';
import { useLanguage } from '../../language';
import { client } from '../../services/client';
import { errorText } from '../../services/errors';

export type MonitorMode = 'listen' | 'whisper' | 'barge';

export interface Monitoring {
  callSid: string;
  agent: string;
  mode: MonitorMode;
}

/**
 * The supervisor's Device on the wallboard: incoming legs are taken at once while a monitor request is
 * pending. Supervisors only (monitoring is theirs; an admin's wallboard has none). `enabled` is false then.
 */
export function useMonitorDevice() {
  const enabled = hasRole('supervisor');
  const expecting = useRef(false);
  const [leg, setLeg] = useState<Call | null>(null);
  const [status, setStatus] = useState<DeviceStatus>({ key: 'deviceConnecting' });
  useEffect(
    () =>
      !enabled
        ? undefined
        : connectDevice(setStatus, (incoming) => {
            if (!expecting.current) return incoming.reject();
            expecting.current = false;
            incoming.accept();
            setLeg(incoming);
            incoming.on('disconnect', () => setLeg((current) => (current === incoming ? null : current)));
          }),
    [enabled],
  );
  const expect = useCallback((on: boolean) => void (expecting.current = on), []);
  return { enabled, leg, status, expect };
}

export function MonitorControls({
  agent,
  callSid,
  monitoring,
  onMonitor,
  onMessage,
  expectLeg,
}: {
  agent: string;
  callSid: string;
  monitoring: Monitoring | null;
  onMonitor: (next: Monitoring | null) => void;
  onMessage: (text: string) => void;
  /** Before joining: the leg the server calls the Device on is taken at once. */
  expectLeg: (on: boolean) => void;
}) {
  const { t } = useLanguage();
  const mine = monitoring?.callSid === callSid;
  const start = async (mode: MonitorMode) => {
    if (!mine) expectLeg(true); // a new leg (a mode switch changes the one there)
    const { error, response } = await client.POST('/calls/{callSid}/monitor', { params: { path: { callSid } }, body: { mode } });
    if (!response.ok) {
      expectLeg(false);
      return onMessage(errorText(error as never, response.statusText));
    }
    onMonitor({ callSid, agent, mode });
  };
  const stop = async () => {
    const { error, response } = await client.DELETE('/calls/{callSid}/monitor', { params: { path: { callSid } } });
    if (!response.ok) return onMessage(errorText(error as never, response.statusText));
    onMonitor(null);
  };
  const button = (mode: MonitorMode, label: 'monitorListen' | 'monitorWhisper' | 'monitorBarge') => (
    <Button size="small" data-testid={`monitor-${mode}`} type={mine && monitoring?.mode === mode ? 'primary' : 'default'} onClick={() => void start(mode)}>
      {t(label)}
    </Button>
  );
  return (
    <Space.Compact>
      {button('listen', 'monitorListen')}
      {button('whisper', 'monitorWhisper')}
      {button('barge', 'monitorBarge')}
      {mine && (
        <Button size="small" danger data-testid="monitor-stop" onClick={() => void stop()}>
          {t('monitorStop')}
        </Button>
      )}
    </Space.Compact>
  );
}
