/**
 * 个人信息请求 (#/settings/personal-data, admins): a customer's request under PIPL — find them by phone
 * (GET /personal-data-subjects), then export a copy (saved as a JSON file) or erase (anonymise) their
 * data, each with its reason; the erasure waits for open orders and callback visits, as the server
 * does. Below, the log of every export, erasure and retention erasure.
 */
import { Alert, Button, Card, Descriptions, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { dateTimeText, fill, type TextKey } from '../../core';
import { FormModal } from '../../components/form-modal';
import { useLanguage } from '../../language';
import { Named } from './named';
import { PD_ACTIONS, type PdRequest, settingsApi, type Subject } from './service';

/** Saves the export as a file the admin hands over (PIPL art. 45: a copy in a usable format). */
function saveJson(name: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function PersonalDataPage() {
  const { t } = useLanguage();
  const [subject, setSubject] = useState<Subject | null>(null);
  const [finding, setFinding] = useState<{ busy: boolean; error: string }>({ busy: false, error: '' });
  const [acting, setActing] = useState<'export' | 'erasure' | null>(null);
  const [logChanged, setLogChanged] = useState(0);

  const find = async (phone: string) => {
    setFinding({ busy: true, error: '' });
    try {
      setSubject(await settingsApi.subject(phone.trim()));
      setFinding({ busy: false, error: '' });
    } catch (e) {
      setSubject(null);
      setFinding({ busy: false, error: (e as Error).message });
    }
  };
  const blocked = subject && (subject.openWorkOrders > 0 || subject.callbacksDue > 0);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="settings-personal-data">
      <Card title={t('setPdTitle')}>
        <Typography.Paragraph type="secondary">{t('setPdText')}</Typography.Paragraph>
        <Form layout="inline" requiredMark={false} onFinish={(v: { phone: string }) => void find(v.phone)}>
          <Form.Item name="phone" label={t('setPdPhone')} rules={[{ required: true, whitespace: true, message: t('setPdPhoneRequired') }]}>
            <Input data-testid="pd-phone" inputMode="tel" autoComplete="off" style={{ width: 220 }} allowClear />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={finding.busy} data-testid="pd-find">
              {t('setPdFind')}
            </Button>
          </Form.Item>
        </Form>
        {finding.error && <Alert type="warning" showIcon message={finding.error} data-testid="pd-find-error" style={{ marginTop: 12 }} />}
        {subject && (
          <div data-testid="pd-subject" data-customer-id={subject.customerId} style={{ marginTop: 16 }}>
            <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 4 }}>
              <Descriptions.Item label={t('setPdCustomer')}>{subject.customerId}</Descriptions.Item>
              <Descriptions.Item label={t('setPdName')}>
                {subject.name ? <Named>{subject.name}</Named> : '—'} {subject.vip && <Tag color="gold">VIP</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={t('setPdMember')}>{subject.memberNumber ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('setPdPhones')}>{subject.phones.join(', ') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('setPdOrders')}>{subject.workOrders}</Descriptions.Item>
              <Descriptions.Item label={t('setPdOpenOrders')}>{subject.openWorkOrders}</Descriptions.Item>
              <Descriptions.Item label={t('setPdCallbacksDue')}>{subject.callbacksDue}</Descriptions.Item>
            </Descriptions>
            {blocked && (
              <Alert
                type="info"
                showIcon
                style={{ marginTop: 12 }}
                data-testid="pd-erase-blocked"
                message={fill(t('setPdEraseBlocked'), { open: subject.openWorkOrders, due: subject.callbacksDue })}
              />
            )}
            <Space style={{ marginTop: 12 }}>
              <Button data-testid="pd-export" onClick={() => setActing('export')}>
                {t('setPdExport')}
              </Button>
              <Button danger data-testid="pd-erase" disabled={!!blocked} onClick={() => setActing('erasure')}>
                {t('setPdErase')}
              </Button>
            </Space>
          </div>
        )}
      </Card>
      {subject && acting && (
        <RequestModal
          subject={subject}
          action={acting}
          onClose={() => setActing(null)}
          onDone={(erased) => {
            setActing(null);
            setLogChanged((n) => n + 1);
            if (erased) setSubject(null);
          }}
        />
      )}
      <RequestLog refresh={logChanged} />
    </Space>
  );
}

function RequestModal({
  subject,
  action,
  onClose,
  onDone,
}: {
  subject: Subject;
  action: 'export' | 'erasure';
  onClose: () => void;
  onDone: (erased: boolean) => void;
}) {
  const { t } = useLanguage();
  const save = async ({ reason }: { reason: string }) => {
    if (action === 'erasure') return settingsApi.erase(subject.customerId, reason.trim());
    saveJson(`customer-${subject.customerId}-personal-data.json`, await settingsApi.exportData(subject.customerId, reason.trim()));
    return true;
  };
  return (
    <FormModal<{ reason: string }, unknown>
      testId="pd"
      title={action === 'export' ? t('setPdExport') : fill(t('setPdEraseTitle'), { id: subject.customerId })}
      okText={action === 'export' ? t('setPdExport') : t('setPdErase')}
      danger={action === 'erasure'}
      intro={action === 'erasure' && <Alert type="warning" showIcon message={t('setPdEraseText')} style={{ marginBottom: 16 }} />}
      save={save}
      savedMessage={() => (action === 'export' ? t('setPdExported') : fill(t('setPdErased'), { id: subject.customerId }))}
      onClose={onClose}
      onDone={() => onDone(action === 'erasure')}
    >
      <Form.Item name="reason" label={t('setPdReason')} rules={[{ required: true, whitespace: true, message: t('setPdReasonRequired') }]}>
        <Input.TextArea rows={2} maxLength={500} data-testid="pd-reason" />
      </Form.Item>
    </FormModal>
  );
}

function RequestLog({ refresh }: { refresh: number }) {
  const { t } = useLanguage();
  const [items, setItems] = useState<PdRequest[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [action, setAction] = useState<string | undefined>();
  const [error, setError] = useState('');
  const load = useCallback(
    async (cursor?: string) => {
      try {
        const page = await settingsApi.requests({ action, cursor });
        setItems((list) => (cursor ? [...(list ?? []), ...page.items] : page.items));
        setNext(page.nextCursor);
        setError('');
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [action],
  );
  useEffect(() => void load(), [load, refresh]);
  const summary = (s: Record<string, number> | null) =>
    s
      ? Object.entries(s)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${t(`pdSummary_${k}` as TextKey)} ${n}`)
          .join(' · ') || '—'
      : '—';
  return (
    <Card
      title={t('setPdLog')}
      data-testid="pd-log"
      data-loaded={items ? 'true' : 'false'}
      extra={
        <Select
          allowClear
          placeholder={t('setPdAllActions')}
          style={{ width: 160 }}
          value={action}
          onChange={setAction}
          data-testid="pd-log-action"
          options={PD_ACTIONS.map((a) => ({ value: a, label: t(`pd_${a}` as TextKey) }))}
        />
      }
    >
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
      <Table<PdRequest>
        rowKey="id"
        size="small"
        loading={!items && !error}
        dataSource={items ?? []}
        pagination={false}
        onRow={(r) => ({ 'data-testid': 'pd-log-row', 'data-action': r.action, 'data-customer-id': r.customerId }) as never}
        columns={[
          { title: t('setPdAt'), dataIndex: 'at', width: 160, render: (at: string) => dateTimeText(at) },
          {
            title: t('setPdAction'),
            dataIndex: 'action',
            width: 110,
            render: (a: string) => <Tag color={a === 'export' ? 'blue' : 'red'}>{t(`pd_${a}` as TextKey)}</Tag>,
          },
          { title: t('setPdCustomer'), dataIndex: 'customerId', width: 100 },
          { title: t('setPdBy'), dataIndex: 'by', width: 100, render: (by: string) => (by === 'system' ? t('setPdSystem') : by) },
          {
            title: t('setPdReasonColumn'),
            dataIndex: 'reason',
            // The retention sweep's reason is the server's English: the page says it in its own words.
            render: (r: string | null, row) => (row.action === 'retention' ? t('setPdRetentionReason') : r ? <Named>{r}</Named> : '—'),
          },
          { title: t('setPdSummary'), dataIndex: 'summary', render: summary },
        ]}
      />
      {next && (
        <Button style={{ marginTop: 12 }} onClick={() => void load(next)} data-testid="pd-log-more">
          {t('setPdMore')}
        </Button>
      )}
    </Card>
  );
}
