/** 订单查询 on the desk: orders by order number or phone, with their deliveries and the agent's changes; stock by product. */
import { Alert, Card, Input, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useLanguage } from '../../language';
import { SalesOrders } from './components/sales-orders';
import { StockLookup } from './components/stock-lookup';
import type { SalesOrder } from './data';
import { ordersApi } from './service';

export function OrdersPage() {
  const { t } = useLanguage();
  const [q, setQ] = useState('');
  const [orders, setOrders] = useState<SalesOrder[] | null>(null);
  const [error, setError] = useState('');
  const search = async (text: string) => {
    if (text.trim().length < 2) return;
    setQ(text.trim());
    try {
      setOrders((await ordersApi.search(text.trim())).items);
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Card title={t('ordNav')}>
      <Tabs
        items={[
          {
            key: 'orders',
            label: t('ordNav'),
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Input.Search
                  placeholder={t('ordSearch')}
                  enterButton={t('ordSearchButton')}
                  data-testid="orders-search"
                  style={{ maxWidth: 420 }}
                  onSearch={(text) => void search(text)}
                />
                {error && <Alert type="error" showIcon title={error} data-testid="orders-error" />}
                {orders && <SalesOrders orders={orders} onChanged={() => void search(q)} />}
              </Space>
            ),
          },
          { key: 'stock', label: t('ordStock'), children: <StockLookup /> },
        ]}
      />
    </Card>
  );
}
