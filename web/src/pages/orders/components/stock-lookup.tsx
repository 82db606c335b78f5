/** 库存查询: a product's stock (库存量) by store and warehouse. */
import { Alert, Empty, Input, Space, Table } from 'antd';
import { useState } from 'react';
import { dateTimeText } from '../../../core';
import { useLanguage } from '../../../language';
import type { StockLevel } from '../data';
import { ordersApi } from '../service';

export function StockLookup() {
  const { t } = useLanguage();
  const [rows, setRows] = useState<StockLevel[] | null>(null);
  const [error, setError] = useState('');
  const search = async (product: string) => {
    if (!product.trim()) return;
    try {
      setRows(await ordersApi.stock(product.trim()));
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.Search
        placeholder={t('ordProduct')}
        enterButton={t('ordSearchButton')}
        data-testid="stock-search"
        style={{ maxWidth: 420 }}
        onSearch={(q) => void search(q)}
      />
      {error && <Alert type="error" showIcon title={error} />}
      {rows &&
        (rows.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ordNoStock')} />
        ) : (
          <Table<StockLevel>
            size="small"
            rowKey={(r) => `${r.productCode}-${r.unit.id}`}
            pagination={false}
            data-testid="stock-results"
            dataSource={rows}
            columns={[
              { title: t('ordLines'), key: 'product', onCell: () => ({ translate: 'no' }) as never, render: (_, r) => `${r.productCode} ${r.productName}` },
              { title: t('ordUnit'), key: 'unit', onCell: () => ({ translate: 'no' }) as never, render: (_, r) => r.unit.name },
              { title: t('ordOnHand'), dataIndex: 'quantity', width: 90 },
              { title: t('ordUpdatedAt'), key: 'at', render: (_, r) => dateTimeText(r.updatedAt) },
            ]}
          />
        ))}
    </Space>
  );
}
