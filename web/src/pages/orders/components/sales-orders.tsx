/**
 * A customer's sales orders (销售订单): each order's products and its deliveries and installations, with
 * the agent's changes — reschedule (改约), address (改地址), re-delivery of a failed one (再配送) — each
 * linked to the call when there is one.
 */
import { App, Button, Card, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { dateTimeText, type TextKey } from '../../../core';
import { useLanguage } from '../../../language';
import type { BookingChangeResult, DeliveryBooking, SalesOrder } from '../data';
import { yuan } from '../service';
import { AddressDialog } from './address-dialog';
import { RescheduleDialog } from './reschedule-dialog';

const STATUS_COLOUR: Record<string, string> = {
  booked: 'blue',
  loading: 'cyan',
  on_the_way: 'geekblue',
  delivered: 'green',
  failed: 'red',
  cancelled: 'default',
};

type Dialog = { kind: 'reschedule' | 'redelivery' | 'address'; booking: DeliveryBooking } | null;

export function SalesOrders({
  orders,
  callSid,
  compact = false,
  onChanged,
}: {
  orders: SalesOrder[];
  callSid?: string;
  /** The softphone's narrow column: the centre goes under the booked time instead of a column of its own. */
  compact?: boolean;
  onChanged: (result: BookingChangeResult) => void;
}) {
  const { t } = useLanguage();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const done = (result: BookingChangeResult) => {
    setDialog(null);
    void message.success(t('ordChanged'));
    onChanged(result);
  };
  if (orders.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ordNone')} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="sales-orders">
      {orders.map((o) => (
        <Card
          key={o.number}
          size="small"
          data-testid={`sales-order-${o.number}`}
          title={
            <Space>
              <span translate="no">{o.number}</span>
              <Typography.Text type="secondary" translate="no">
                {o.store.name}
              </Typography.Text>
            </Space>
          }
          extra={<Typography.Text strong>{yuan(o.totalFen)}</Typography.Text>}
        >
          <Descriptions
            size="small"
            column={2}
            items={[
              { key: 'sold', label: t('ordSoldAt'), children: dateTimeText(o.soldAt) },
              { key: 'customer', label: t('ordCustomer'), children: <span translate="no">{o.customerName ?? '—'}</span> },
            ]}
          />
          <Table
            size="small"
            rowKey="lineNo"
            pagination={false}
            dataSource={o.lines}
            columns={[
              { title: t('ordLines'), dataIndex: 'productName', onCell: () => ({ translate: 'no' }) as never },
              { title: t('ordModel'), dataIndex: 'model', onCell: () => ({ translate: 'no' }) as never, render: (m: string | null) => m || '—' },
              { title: t('ordQuantity'), dataIndex: 'quantity', width: 60 },
              { title: t('ordTotal'), key: 'price', width: 110, render: (_, l) => yuan(l.unitPriceFen * l.quantity) },
            ]}
          />
          {o.bookings.length > 0 && (
            <Table<DeliveryBooking>
              size="small"
              rowKey="reference"
              pagination={false}
              style={{ marginTop: 8 }}
              data-testid={`bookings-${o.number}`}
              dataSource={o.bookings}
              columns={[
                { title: t('ordKind'), key: 'kind', width: 56, render: (_, b) => t(`kind_${b.kind}` as TextKey) },
                {
                  title: t('ordWhen'),
                  key: 'when',
                  render: (_, b) => (
                    <>
                      <div data-testid={`booking-when-${b.reference}`} style={{ whiteSpace: 'nowrap' }}>
                        {b.day} {b.timeWindow}
                      </div>
                      {compact && (
                        <Typography.Text type="secondary" translate="no">
                          {b.centre.name}
                        </Typography.Text>
                      )}
                    </>
                  ),
                },
                {
                  title: t('ordStatus'),
                  key: 'status',
                  render: (_, b) => (
                    <Tag color={STATUS_COLOUR[b.status]} data-testid={`booking-status-${b.reference}`} style={{ whiteSpace: 'nowrap' }}>
                      {t(`booking_${b.status}` as TextKey)}
                    </Tag>
                  ),
                },
                ...(compact
                  ? []
                  : [
                      {
                        title: t('ordCentre'),
                        key: 'centre',
                        onCell: () => ({ translate: 'no' }) as never,
                        render: (_: unknown, b: DeliveryBooking) => b.centre.name,
                      },
                    ]),
                { title: t('ordInstaller'), dataIndex: 'installer', onCell: () => ({ translate: 'no' }) as never, render: (i: string | null) => i || '—' },
                { title: t('ordAddress'), dataIndex: 'address', ellipsis: true, onCell: () => ({ translate: 'no' }) as never },
                {
                  title: t('ordActions'),
                  key: 'actions',
                  render: (_, b) => (
                    <Space size={4} orientation={compact ? 'vertical' : 'horizontal'}>
                      {b.status === 'booked' && (
                        <Button size="small" data-testid={`reschedule-${b.reference}`} onClick={() => setDialog({ kind: 'reschedule', booking: b })}>
                          {t('ordReschedule')}
                        </Button>
                      )}
                      {b.status === 'failed' && (
                        <Button size="small" data-testid={`redeliver-${b.reference}`} onClick={() => setDialog({ kind: 'redelivery', booking: b })}>
                          {t('ordRedeliver')}
                        </Button>
                      )}
                      {(b.status === 'booked' || b.status === 'failed') && (
                        <Button size="small" data-testid={`address-${b.reference}`} onClick={() => setDialog({ kind: 'address', booking: b })}>
                          {t('ordChangeAddress')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
          )}
        </Card>
      ))}
      {dialog && dialog.kind === 'address' && <AddressDialog booking={dialog.booking} callSid={callSid} onClose={() => setDialog(null)} onDone={done} />}
      {dialog && dialog.kind !== 'address' && (
        <RescheduleDialog booking={dialog.booking} kind={dialog.kind} callSid={callSid} onClose={() => setDialog(null)} onDone={done} />
      )}
    </Space>
  );
}
