/**
 * The screen pop (来电弹屏): who is calling — the customer (known from their record, or from their orders with no record
 * yet, or a new caller), VIP, open work orders — their
 * earlier calls (abandoned ones too, never this call) and their work orders, open ones first.
 */
import { Alert, Card, Descriptions, Empty, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { dateTimeText, type TextKey } from '../../../core';
import { useLanguage } from '../../../language';
import type { PopHistory, ScreenPopView } from '../data';

type Order = PopHistory['workOrders'][number];
type EarlierCall = PopHistory['previousCalls'][number];

export function ScreenPop({ pop, causeLabel }: { pop: ScreenPopView; causeLabel: (code: string) => string }) {
  const { t } = useLanguage();
  const history = pop.history;
  const when = dateTimeText;
  const earlier = history ? history.previousCalls.filter((c) => c.callSid !== pop.callSid) : [];
  // No record but orders on the number: known from the newest order (not 新客户).
  const buyer = history && !history.customer ? (history.orderCustomer ?? null) : null;
  const name = history?.customer?.name ?? buyer?.name ?? null;
  const address = history?.customer?.addresses?.[0]?.address ?? buyer?.address ?? null;
  const orders = history ? [...history.workOrders].sort((a, b) => Number(!!a.closedAt) - Number(!!b.closedAt)) : [];
  // 重复来电 means open work orders from before this call: one the agent has just filed on it does not make the caller a repeat.
  const openBefore = history ? history.openWorkOrders - orders.filter((o) => !o.closedAt && o.callSids?.includes(pop.callSid)).length : 0;
  return (
    <Card title={t('screenPop')} data-testid="screen-pop" size="small">
      {pop.error ? (
        <Alert type="error" showIcon title={pop.error} />
      ) : !history ? (
        <Skeleton active paragraph={{ rows: 3 }} title={false} />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <div data-testid="pop-customer" className="softphone-pop-customer">
            {name ? (
              <span translate="no" className="softphone-pop-name">
                {name}
              </span>
            ) : (
              <span className="softphone-pop-name">{history.customer || buyer ? t('spNoName') : t('newCaller')}</span>
            )}{' '}
            <span translate="no">{pop.phone}</span>
            {history.customer?.vip ? <Tag color="gold">VIP</Tag> : null}
            {buyer ? (
              <Tag color="blue" data-testid="pop-from-orders" title={t('spFromOrdersHint').replace('{order}', buyer.orderNumber)}>
                {t('spFromOrders')}
              </Tag>
            ) : null}
            {openBefore > 0 ? (
              <Tag color="red" data-testid="pop-repeat">
                {t('repeat')} · {openBefore} {t('open')}
              </Tag>
            ) : null}
          </div>
          <Descriptions
            size="small"
            column={2}
            items={[
              { key: 'member', label: t('spMemberNumber'), children: <span translate="no">{history.customer?.memberNumber ?? '—'}</span> },
              { key: 'calls', label: t('previousCalls'), children: <span data-testid="pop-previous-calls">{earlier.length}</span> },
              ...(address
                ? [
                    {
                      key: 'address',
                      label: t('spAddress'),
                      span: 2,
                      children: (
                        <span translate="no" data-testid="pop-address">
                          {address}
                        </span>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {earlier.length > 0 && (
            <Table<EarlierCall>
              size="small"
              rowKey="callSid"
              pagination={false}
              data-testid="pop-calls"
              dataSource={earlier.slice(0, 5)}
              columns={[
                { title: t('spWhen'), key: 'when', className: 'softphone-nowrap', render: (_, c) => when(c.arrivedAt) },
                { title: t('spOutcome'), key: 'outcome', render: (_, c) => (c.outcome ? t(`callOutcome_${c.outcome}` as TextKey) || c.outcome : '—') },
              ]}
            />
          )}
          <div data-testid="pop-orders">
            <Typography.Text strong>{t('spCustomerOrders')}</Typography.Text>
            {orders.length ? (
              <Table<Order>
                size="small"
                rowKey="number"
                pagination={false}
                dataSource={orders}
                columns={[
                  { title: t('workOrder'), dataIndex: 'number', className: 'softphone-nowrap', onCell: () => ({ translate: 'no' }) as never },
                  { title: t('woStatus'), key: 'status', render: (_, o) => t(`status_${o.status}` as TextKey) || o.status },
                  { title: t('woCategory'), key: 'category', render: (_, o) => causeLabel(o.category) },
                  { title: t('woDescription'), dataIndex: 'description', ellipsis: true, onCell: () => ({ translate: 'no' }) as never },
                ]}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noOrders')} />
            )}
          </div>
        </Space>
      )}
    </Card>
  );
}
