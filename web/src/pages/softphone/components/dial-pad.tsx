/** Dial out (外呼): a number typed or picked from the directory (通讯录), called from the hotline number; this page's Device is rung when the customer answers. */
import { PhoneOutlined } from '@ant-design/icons';
import { Button, Card, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { DirectoryPicker } from '../../../components/directory-picker';
import { useLanguage } from '../../../language';

interface DialPadProps {
  /** Dialling is allowed when not ready or in wrap-up (not while offerable or on a call). */
  disabled: boolean;
  /** Places the call; resolves true when the server took it. */
  onDial: (to: string) => Promise<boolean>;
  /** A number called from another page (the desk's click-to-call), shown as placed. */
  placedElsewhere?: string;
}

export function DialPad({ disabled, onDial, placedElsewhere }: DialPadProps) {
  const { t } = useLanguage();
  const [to, setTo] = useState('');
  const [placedHere, setPlaced] = useState('');
  const placed = placedElsewhere || placedHere;
  const dial = async () => {
    const number = to.trim();
    if (!number || disabled) return;
    if (await onDial(number)) setPlaced(number);
  };
  return (
    <Card size="small" title={t('dial')} data-testid="dial-panel">
      <Space.Compact style={{ width: '100%' }}>
        <Input
          data-testid="dial-input"
          placeholder={t('dialPlaceholder')}
          maxLength={32}
          value={to}
          onChange={(e) => setTo(e.target.value)}
          onPressEnter={() => void dial()}
          inputMode="tel"
        />
        <Button type="primary" data-testid="dial-call" icon={<PhoneOutlined />} disabled={disabled} onClick={() => void dial()}>
          {t('dial')}
        </Button>
      </Space.Compact>
      <DirectoryPicker testid="dial-directory" disabled={disabled} onPick={(phone) => setTo(phone)} />
      <br />
      <Typography.Text type="secondary" data-testid="dial-status">
        {placed ? (
          <>
            {t('dialPlaced')} <span translate="no">{placed}</span>
          </>
        ) : (
          t('spDialHint')
        )}
      </Typography.Text>
    </Card>
  );
}
