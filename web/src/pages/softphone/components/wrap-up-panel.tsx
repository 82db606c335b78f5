/**
 * Wrap-up (话后处理): the disposition (小结) and its note, recorded on the call before wrap-up ends; a
 * countdown to the server's wrap-up deadline when it sends one, else the time spent in wrap-up.
 */
import { Button, Card, Flex, Form, Input, Progress, Typography } from 'antd';
import { useState } from 'react';
import { CALL_DISPOSITIONS } from '../../../../../src/telephony/call-dispositions';
import { NativeSelect } from '../../../components/native-select';
import type { TextKey } from '../../../core';
import { useLanguage } from '../../../language';
import { clock } from '../agent-states';
import { useNow } from '../use-now';

interface WrapUpPanelProps {
  startedAt: number;
  /** When the server ends wrap-up by itself (epoch ms), or null: then the elapsed time is shown. */
  deadline: number | null;
  /** Records the disposition (when there is a call to record it on) and ends wrap-up. */
  onDone: (disposition: { code: string; note?: string }) => Promise<void>;
}

export function WrapUpPanel({ startedAt, deadline, onDone }: WrapUpPanelProps) {
  const { t } = useLanguage();
  const now = useNow(true);
  const [code, setCode] = useState<string>(CALL_DISPOSITIONS[0]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const done = async () => {
    setBusy(true);
    try {
      await onDone(note.trim() ? { code, note: note.trim() } : { code });
    } finally {
      setBusy(false);
    }
  };
  const left = deadline === null ? null : Math.max(0, (deadline - now) / 1000);
  return (
    <Card
      className="softphone-wrap-up"
      data-testid="wrapup-panel"
      title={t('wrapUp')}
      extra={
        <span className="softphone-timer softphone-timer-small" data-testid="wrapup-timer">
          {left === null ? `${t('spElapsed')} ${clock((now - startedAt) / 1000)}` : `${t('spLeft')} ${clock(left)}`}
        </span>
      }
    >
      {left !== null && deadline !== null && (
        <Progress
          data-testid="wrapup-countdown"
          percent={(left / Math.max(1, (deadline - startedAt) / 1000)) * 100}
          showInfo={false}
          size="small"
          strokeColor="#7c3aed"
        />
      )}
      <Form layout="vertical" component="div">
        <Form.Item label={t('disposition')}>
          <NativeSelect
            testid="wrapup-disposition"
            value={code}
            onChange={setCode}
            options={CALL_DISPOSITIONS.map((d) => ({ value: d, label: t(`disp_${d}` as TextKey) }))}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item label={t('dispositionNote')}>
          <Input data-testid="wrapup-note" maxLength={500} placeholder={t('dispositionNote')} value={note} onChange={(e) => setNote(e.target.value)} />
        </Form.Item>
      </Form>
      <Flex justify="space-between" align="center">
        <Typography.Text type="secondary">{t('spWrapUpHint')}</Typography.Text>
        <Button type="primary" data-testid="wrapup-done" loading={busy} onClick={() => void done()}>
          {t('wrapUpDone')}
        </Button>
      </Flex>
    </Card>
  );
}
