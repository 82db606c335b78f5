/** 新建工单: a walk-in or a phone call at a store (现场客服 来访接待), or any order from the desk; store staff's land in their own unit. */
import { Alert, Button, Card, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { hasRole } from '../../core';
import { useLanguage } from '../../language';
import type { TextKey } from '../../locales';
import { desk, useCauses } from './service';

const CHANNELS = ['store_walk_in', 'hotline', 'web', 'consumer_association', 'regulator', 'media'];
const TYPES = ['complaint', 'inquiry', 'service_request'];
const TERMINALS = ['store', 'logistics', 'dispatch', 'after_sales', 'manufacturer', 'invoice', 'membership', 'warranty'];

export function NewWorkOrder() {
  const { t } = useLanguage();
  const tx = (key: string) => t(key as TextKey);
  const { causes, categoryLabel } = useCauses();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const atStore = hasRole('terminal') && !hasRole('agent', 'supervisor');
  const submit = async (values: Record<string, string>) => {
    setBusy(true);
    try {
      const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));
      const order = await desk.create(body);
      location.hash = `#/work-orders/${order.number}`;
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('woNew')} data-testid="wo-new-form" extra={<a href="#/work-orders">{t('woBack')}</a>}>
      {error && <Alert type="error" message={error} data-testid="wo-error" style={{ marginBottom: 12 }} />}
      <Form
        layout="vertical"
        style={{ maxWidth: 560 }}
        onFinish={(v) => void submit(v)}
        initialValues={{ channel: atStore ? 'store_walk_in' : 'hotline', type: 'complaint', terminal: atStore ? 'store' : 'logistics' }}
      >
        <Form.Item name="customerPhone" label={t('woCustomerPhone')} rules={[{ required: true }]}>
          <Input data-testid="wo-new-phone" inputMode="tel" />
        </Form.Item>
        <Form.Item name="customerName" label={t('woCustomerName')}>
          <Input data-testid="wo-new-name" />
        </Form.Item>
        <Form.Item name="channel" label={t('woChannel')}>
          <Select data-testid="wo-new-channel" options={CHANNELS.map((c) => ({ value: c, label: tx(`channel_${c}`) }))} />
        </Form.Item>
        <Form.Item name="type" label={t('woType')}>
          <Select data-testid="wo-new-type" options={TYPES.map((c) => ({ value: c, label: tx(`type_${c}`) }))} />
        </Form.Item>
        <Form.Item name="terminal" label={t('woTerminal')}>
          <Select data-testid="wo-new-terminal" options={TERMINALS.map((c) => ({ value: c, label: tx(`term_${c}`) }))} />
        </Form.Item>
        <Form.Item name="category" label={t('woCategory')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            data-testid="wo-new-category"
            options={causes.map((c) => ({ value: c.code, label: categoryLabel(c.code) }))}
          />
        </Form.Item>
        <Form.Item name="product" label={t('woProduct')}>
          <Input data-testid="wo-new-product" />
        </Form.Item>
        <Form.Item name="description" label={t('woDescription')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} data-testid="wo-new-description" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="wo-new-submit">
          {t('woCreate')}
        </Button>
      </Form>
    </Card>
  );
}
