/**
 * Consult (咨询) and three-way (三方通话) on the connected call (POST /calls/:callSid/consult…): the caller
 * holds while the agent calls a colleague (by job number) or an outside number — a store, a logistics
 * centre, a manufacturer — from the hotline number; then complete the transfer (the agent leaves, the
 * caller stays with them), join all three, or cancel. Shown in call-controls' `extra` slot.
 */
import { TeamOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, app } from '../../../core';
import { DirectoryPicker } from '../../../components/directory-picker';
import { NativeSelect } from '../../../components/native-select';
import { useLanguage } from '../../../language';
import { client } from '../../../services/client';
import { errorText } from '../../../services/errors';
import type { Colleague } from '../data';

interface ConsultControlsProps {
  callSid: string;
  /** The caller went on hold (consulting) or came back (three-way, cancel). */
  onHeld: (held: boolean) => void;
  onError: (text: string) => void;
}

export function ConsultControls({ callSid, onHeld, onError }: ConsultControlsProps) {
  const { t } = useLanguage();
  const [colleagues, setColleagues] = useState<Colleague[]>([]);
  const [agent, setAgent] = useState('');
  const [number, setNumber] = useState('');
  const [consulting, setConsulting] = useState<string | null>(null);
  const [threeWay, setThreeWay] = useState(false);

  // Colleagues who can be consulted: signed in and not on a call (ready or not ready).
  useEffect(() => {
    api<Colleague[]>('GET', '/agents')
      .then((agents) => setColleagues(agents.filter((a) => a.jobNumber !== app.session?.jobNumber && (a.state === 'ready' || a.state === 'not-ready'))))
      .catch((e: Error) => onError(e.message));
  }, [callSid, onError]);

  const consult = async () => {
    const body = agent ? { agent } : { to: number.trim() };
    const { data, error, response } = await client.POST('/calls/{callSid}/consult', { params: { path: { callSid } }, body });
    if (!response.ok || !data) return onError(errorText(error as never, response.statusText));
    setConsulting(data.target);
    setThreeWay(false);
    onHeld(true);
  };
  const finish = async (step: 'complete' | 'three-way' | 'cancel') => {
    const path = `/calls/{callSid}/consult/${step}` as const;
    const { error, response } = await client.POST(path, { params: { path: { callSid } } });
    if (!response.ok) return onError(errorText(error as never, response.statusText));
    if (step === 'three-way') setThreeWay(true);
    else setConsulting(null);
    if (step !== 'complete') onHeld(false);
  };

  if (consulting)
    return (
      <Flex vertical gap={8} data-testid="consult-panel">
        <Typography.Text strong data-testid="consult-target" translate="no">
          {t('consultWith').replace('{target}', consulting)}
        </Typography.Text>
        <Space wrap>
          <Button type="primary" data-testid="consult-complete" onClick={() => void finish('complete')}>
            {t('consultComplete')}
          </Button>
          {!threeWay && (
            <Button data-testid="consult-three-way" onClick={() => void finish('three-way')}>
              {t('consultThreeWay')}
            </Button>
          )}
          <Button danger data-testid="consult-cancel" onClick={() => void finish('cancel')}>
            {t('consultCancel')}
          </Button>
        </Space>
      </Flex>
    );
  return (
    <Flex vertical gap={4}>
      <Typography.Text type="secondary">{t('consultTitle')}</Typography.Text>
      <Space.Compact>
        <NativeSelect
          testid="consult-agent"
          value={agent}
          onChange={setAgent}
          options={[{ value: '', label: t('consultAgent') }, ...colleagues.map((a) => ({ value: a.jobNumber, label: `${a.jobNumber} ${a.name}` }))]}
          aria-label={t('consultAgent')}
        />
        <Input
          data-testid="consult-number"
          value={number}
          disabled={agent !== ''}
          onChange={(e) => setNumber(e.target.value)}
          placeholder={t('consultNumber')}
          style={{ width: 240 }}
        />
        <Button data-testid="call-consult" icon={<TeamOutlined />} disabled={!agent && !number.trim()} onClick={() => void consult()}>
          {t('consult')}
        </Button>
      </Space.Compact>
      <DirectoryPicker testid="consult-directory" disabled={agent !== ''} onPick={(phone) => setNumber(phone)} />
      <Typography.Text type="secondary">{t('consultHint')}</Typography.Text>
    </Flex>
  );
}
