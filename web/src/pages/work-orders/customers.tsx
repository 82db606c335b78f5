/** 客户查询 (customer 360): find a customer by phone, name or work-order number — their orders, calls and callback visits (GET /customer-360). */
import { Alert, Button, Card, Empty, Input, List, Space, Tag } from 'antd';
import { useState } from 'react';
import { dateTimeText } from '../../core';
import { useLanguage } from '../../language';
import type { TextKey } from '../../locales';
import type { Customer360 } from './data';
import { canDial, desk, dialCustomer, displayPhone, useCauses } from './service';
import { OptOutSwitch, SmsList } from './sms';

export function CustomerSearch() {
  const { t } = useLanguage();
  const tx = (key: string) => t(key as TextKey);
  const { categoryLabel } = useCauses();
  const [found, setFound] = useState<Customer360[] | null>(null);
  const [error, setError] = useState('');
  const search = async (q: string) => {
    if (q.trim().length < 2) return;
    try {
      setFound((await desk.customers(q.trim())).customers);
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Card title={t('woCustomers')} extra={<a href="#/work-orders">{t('woBack')}</a>}>
      <Input.Search
        placeholder={t('woCustomerSearch')}
        enterButton
        data-testid="customer-search"
        style={{ maxWidth: 420, marginBottom: 12 }}
        onSearch={(q) => void search(q)}
      />
      {error && <Alert type="error" message={error} data-testid="wo-error" />}
      {found && found.length === 0 && <Empty description={t('woNoCustomer')} />}
      {found?.map((c) => (
        <Card
          key={c.customer.id ?? c.customer.phones[0]}
          size="small"
          style={{ marginBottom: 12 }}
          data-testid="customer-result"
          title={
            <Space>
              <span translate="no">{c.customer.name ?? '—'}</span>
              {c.customer.vip && <Tag color="gold">{t('woVip')}</Tag>}
              {c.orderCustomer && (
                <Tag color="blue" data-testid="customer-from-orders">
                  {t('woFromOrders')} <span translate="no">{c.orderCustomer.orderNumber}</span>
                </Tag>
              )}
              {c.orderCustomer?.address && <span translate="no">{c.orderCustomer.address}</span>}
              {c.customer.phones.map((phone) => (
                <Space key={phone} size="small">
                  <span translate="no" data-testid="customer-phone">
                    {displayPhone(phone)}
                  </span>
                  {canDial() && !phone.includes('*') && (
                    <Button
                      size="small"
                      data-testid="customer-call"
                      onClick={() => dialCustomer({ to: phone }, displayPhone(phone)).catch((e: Error) => setError(e.message))}
                    >
                      {t('woDial')}
                    </Button>
                  )}
                  <OptOutSwitch phone={phone} />
                </Space>
              ))}
            </Space>
          }
        >
          <List
            size="small"
            header={t('woOrders')}
            dataSource={c.workOrders}
            renderItem={(o) => (
              <List.Item data-testid="customer-order">
                <a href={`#/work-orders/${o.number}`} translate="no">
                  {o.number}
                </a>{' '}
                <Tag>{tx(`status_${o.status}`)}</Tag> {tx(`channel_${o.channel}`)} <span data-category={o.category}>{categoryLabel(o.category)}</span>
              </List.Item>
            )}
          />
          <List
            size="small"
            header={t('woCallsOf')}
            dataSource={c.calls}
            renderItem={(call) => (
              <List.Item data-testid="customer-call">
                <span translate="no">{displayPhone(call.from)}</span> {dateTimeText(call.arrivedAt)} <span translate="no">{call.agentJobNumber ?? ''}</span>
                {call.recordingUrl && <audio controls preload="none" src={call.recordingUrl} />}
              </List.Item>
            )}
          />
          <List
            size="small"
            header={t('woVisits')}
            dataSource={c.visits}
            renderItem={(v) => (
              <List.Item data-testid="customer-visit">
                <span translate="no">{v.workOrderNumber}</span> <Tag>{tx(`qCb_${v.status}`)}</Tag> {dateTimeText(v.dueAt)}{' '}
                {v.satisfaction !== null && `${t('woSatisfaction')} ${v.satisfaction}/5`}
              </List.Item>
            )}
          />
          {c.messages && <SmsList header={t('smsTitle')} messages={c.messages} />}
        </Card>
      ))}
    </Card>
  );
}
