/**
 * A colleague consulting this agent (咨询来电): their Device rings with no offer (consults are not
 * offers, see ConsultService); answer it here, talk, hang up.
 */
import type { Call } from '@twilio/voice-sdk';
import { Button, Card, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useLanguage } from '../../../language';

export function ConsultIncoming({ call }: { call: Call }) {
  const { t } = useLanguage();
  const [open, setOpen] = useState(call.status() === 'open');
  useEffect(() => {
    const accepted = () => setOpen(true);
    call.on('accept', accepted);
    return () => void call.off('accept', accepted);
  }, [call]);
  return (
    <Card title={t('consultIncoming')} data-testid="consult-incoming">
      <Space>
        {!open && (
          <Button type="primary" data-testid="consult-answer" onClick={() => call.accept()}>
            {t('consultAnswer')}
          </Button>
        )}
        <Button danger data-testid="consult-hangup" onClick={() => (open ? call.disconnect() : call.reject())}>
          {t('hangUp')}
        </Button>
      </Space>
    </Card>
  );
}
