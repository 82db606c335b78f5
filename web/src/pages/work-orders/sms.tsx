/** A customer's SMS (the work order's, or all of a customer's) with their delivery status, and the opt-out switch (回复TD退订). */
import { Alert, List, Space, Switch, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { api, dateTimeText, hasRole } from '../../core';
import { useLanguage } from '../../language';
import type { TextKey } from '../../locales';
import type { components } from '../../services/api-types';

export type SmsMessage = components['schemas']['SmsMessageDto'];
type OptOut = components['schemas']['SmsOptOutDto'];

export const smsApi = {
  forWorkOrder: (number: string) => api<{ items: SmsMessage[] }>('GET', `/work-orders/${number}/sms`),
  optOut: (phone: string) => api<OptOut>('GET', `/sms/opt-outs/${encodeURIComponent(phone)}`),
  setOptOut: (phone: string, optedOut: boolean) => api<OptOut>('PUT', `/sms/opt-outs/${encodeURIComponent(phone)}`, { optedOut }),
};

const STATUS_COLOURS: Record<string, string> = {
  delivered: 'green',
  received: 'cyan',
  sent: 'blue',
  sending: 'blue',
  queued: 'blue',
  pending: 'gold',
  undelivered: 'red',
  failed: 'red',
  suppressed: 'default',
};

export function SmsList({ messages, header }: { messages: SmsMessage[]; header?: string }) {
  const { t } = useLanguage();
  const tx = (key: string) => t(key as TextKey);
  return (
    <List
      size="small"
      data-testid="sms-list"
      header={header}
      locale={{ emptyText: t('smsNone') }}
      dataSource={messages}
      renderItem={(m) => (
        <List.Item data-testid="sms-item" data-status={m.status} data-kind={m.kind}>
          <Space direction="vertical" size={0} style={{ width: '100%' }}>
            <Space wrap>
              <b>{tx(`smsKind_${m.kind}`)}</b>
              <Tag color={STATUS_COLOURS[m.status]} data-testid="sms-status">
                {tx(`smsStatus_${m.status}`)}
              </Tag>
              {m.errorCode !== null && <Tag color="red">{t('smsError').replace('{code}', String(m.errorCode))}</Tag>}
              {m.attempts > 1 && <Tag>{t('smsAttempts').replace('{n}', String(m.attempts))}</Tag>}
              <span className="muted">{dateTimeText(m.createdAt)}</span>
              {m.workOrderNumber && <span translate="no">{m.workOrderNumber}</span>}
            </Space>
            <div translate="no" data-testid="sms-body">
              {m.body}
            </div>
          </Space>
        </List.Item>
      )}
    />
  );
}

/** The customer's SMS opt-out for one number: agents and supervisors switch it on the customer's word; others read it. */
export function OptOutSwitch({ phone }: { phone: string }) {
  const { t } = useLanguage();
  const [state, setState] = useState<OptOut | null>(null);
  const [error, setError] = useState('');
  const masked = phone.includes('*');
  useEffect(() => {
    if (masked) return;
    smsApi
      .optOut(phone)
      .then(setState)
      .catch((e: Error) => setError(e.message));
  }, [phone, masked]);
  if (masked || !state) return error ? <Alert type="error" message={error} /> : null;
  const canSet = hasRole('agent', 'supervisor');
  const toggle = (optedOut: boolean) =>
    smsApi
      .setOptOut(phone, optedOut)
      .then(setState)
      .catch((e: Error) => setError(e.message));
  return (
    <Space data-testid="sms-opt-out" data-opted-out={String(state.optedOut)}>
      <span>{t('smsOptOut')}</span>
      <Tooltip title={state.source ? `${t('smsOptOutBy')}: ${t(`smsSource_${state.source}` as TextKey)}` : undefined}>
        <Switch size="small" checked={state.optedOut} disabled={!canSet} onChange={(v) => void toggle(v)} data-testid="sms-opt-out-switch" />
      </Tooltip>
      {error && <Alert type="error" message={error} />}
    </Space>
  );
}
