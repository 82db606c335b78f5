/** The connected call (通话中): who, for how long, the hold indicator with its own timer, the controls and the keypad. */
import { Card, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useLanguage } from '../../../language';
import { clock } from '../agent-states';
import type { ActiveCall } from '../data';
import { useNow } from '../use-now';
import { Keypad } from './keypad';

interface CallPanelProps {
  call: ActiveCall;
  queueLabel: string | null;
  heldSince: number | null;
  /** The call controls (call-controls.tsx). */
  controls: ReactNode;
  onDigit: (digit: string) => void;
  canSendDigits: boolean;
}

export function CallPanel({ call, queueLabel, heldSince, controls, onDigit, canSendDigits }: CallPanelProps) {
  const { t } = useLanguage();
  const now = useNow(true);
  return (
    <Card
      className={heldSince === null ? 'softphone-call' : 'softphone-call softphone-call-held'}
      data-testid="call-panel"
      title={t('onCall')}
      extra={
        queueLabel ? (
          <Tag translate="no" data-testid="call-queue">
            {queueLabel}
          </Tag>
        ) : null
      }
    >
      <div className="softphone-caller" data-testid="call-caller" translate="no">
        {call.from}
      </div>
      <Space size={12} align="center" className="softphone-call-times">
        <span className="softphone-timer" data-testid="call-timer">
          {clock((now - call.since) / 1000)}
        </span>
        {heldSince !== null && (
          <Tag color="orange" className="softphone-hold-tag" data-testid="hold-indicator">
            {t('onHold')} {clock((now - heldSince) / 1000)}
          </Tag>
        )}
        {heldSince !== null && <Typography.Text type="secondary">{t('spHoldHint')}</Typography.Text>}
      </Space>
      {controls}
      <Typography.Text type="secondary" className="softphone-keypad-title">
        {t('keypad')}
      </Typography.Text>
      <Keypad onDigit={onDigit} disabled={!canSendDigits} />
    </Card>
  );
}
