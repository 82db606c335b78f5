/**
 * The caller's orders and deliveries beside the screen pop (来电弹屏): pushed with the pop, else looked up
 * by the caller's number; the agent reschedules, changes the address or books a failed delivery again
 * from here, each change linked to the call. Stock of a product is one tab away.
 */
import { Card, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { useLanguage } from '../../../language';
import { SalesOrders } from '../../orders/components/sales-orders';
import { StockLookup } from '../../orders/components/stock-lookup';
import type { SalesOrder } from '../../orders/data';
import { ordersApi } from '../../orders/service';

export function OrdersPanel({ phone, callSid, pushed }: { phone: string; callSid: string; pushed: SalesOrder[] | undefined }) {
  const { t } = useLanguage();
  const [orders, setOrders] = useState<SalesOrder[] | null>(pushed ?? null);
  const reload = () =>
    void ordersApi
      .search(phone)
      .then((r) => setOrders(r.items))
      .catch(() => setOrders([]));
  useEffect(() => {
    if (pushed) setOrders(pushed);
    else if (phone) reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new call or a new push, not a new reload function
  }, [phone, callSid, pushed]);
  return (
    <Card size="small" title={t('ordPanel')} data-testid="orders-panel">
      <Tabs
        size="small"
        items={[
          { key: 'orders', label: t('ordBookings'), children: orders ? <SalesOrders orders={orders} callSid={callSid} compact onChanged={reload} /> : null },
          { key: 'stock', label: t('ordStock'), children: <StockLookup /> },
        ]}
      />
    </Card>
  );
}
