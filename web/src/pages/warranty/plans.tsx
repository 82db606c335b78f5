/** 阳光包方案 (#/warranty-plans): the supervisor's plans — which products and prices qualify, join window, cover, term and refund rules. */
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Switch, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useLanguage } from '../../language';
import type { TextKey } from '../../locales';
import { FAULT_KINDS, type Plan, type PlanInput, warrantyApi, yuan } from './service';

/** The form's values: money in yuan, products as one comma list. */
interface PlanForm {
  code: string;
  name: string;
  products: string;
  minPrice: number;
  maxPrice?: number | null;
  joinWindowDays: number;
  price: number;
  coveredFaults: PlanInput['coveredFaults'];
  startsAfterMonths: number;
  termMonths: number;
  fullRefundDays: number;
  cancellationFee: number;
  active: boolean;
}

const toFen = (yuan: number) => Math.round(yuan * 100);

export function WarrantyPlansPage() {
  const { t } = useLanguage();
  const tx = (key: string) => t(key as TextKey);
  const { message } = App.useApp();
  const [plans, setPlans] = useState<Plan[] | null>(null);
  const [editing, setEditing] = useState<Plan | 'new' | null>(null);
  const [form] = Form.useForm<PlanForm>();

  const load = useCallback(async () => {
    try {
      setPlans((await warrantyApi.plans()).items);
    } catch (e) {
      message.error((e as Error).message);
    }
  }, [message]);
  useEffect(() => void load(), [load]);

  const edit = (plan: Plan | 'new') => {
    form.resetFields();
    if (plan !== 'new') {
      form.setFieldsValue({
        ...plan,
        products: plan.products.join(', '),
        minPrice: plan.minPriceFen / 100,
        maxPrice: plan.maxPriceFen === null ? null : plan.maxPriceFen / 100,
        price: plan.priceFen / 100,
        cancellationFee: plan.cancellationFeeFen / 100,
      });
    } else form.setFieldsValue({ active: true, coveredFaults: ['performance'], startsAfterMonths: 12, joinWindowDays: 30, fullRefundDays: 15 });
    setEditing(plan);
  };
  const save = async () => {
    const v = await form.validateFields();
    const body: PlanInput = {
      code: v.code,
      name: v.name,
      products: v.products
        .split(/[,，\s]+/)
        .map((p) => p.trim())
        .filter(Boolean),
      minPriceFen: toFen(v.minPrice),
      maxPriceFen: v.maxPrice === null || v.maxPrice === undefined ? null : toFen(v.maxPrice),
      joinWindowDays: v.joinWindowDays,
      priceFen: toFen(v.price),
      coveredFaults: v.coveredFaults,
      startsAfterMonths: v.startsAfterMonths,
      termMonths: v.termMonths,
      fullRefundDays: v.fullRefundDays,
      cancellationFeeFen: toFen(v.cancellationFee),
      active: v.active,
    };
    try {
      if (editing === 'new') await warrantyApi.createPlan(body);
      else await warrantyApi.updatePlan(editing!.code, body);
      message.success(t('wpSaved'));
      setEditing(null);
      await load();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const required = [{ required: true, message: t('wpRequired') }];

  return (
    <Card
      title={t('warrantyPlansPage')}
      data-testid="warranty-plans"
      extra={
        <Button type="primary" data-testid="warranty-plan-create" onClick={() => edit('new')}>
          {t('wpCreate')}
        </Button>
      }
    >
      <Table
        rowKey="code"
        loading={plans === null}
        dataSource={plans ?? []}
        pagination={false}
        columns={[
          { title: t('wpCode'), dataIndex: 'code', render: (code: string) => <span translate="no">{code}</span> },
          { title: t('wpName'), dataIndex: 'name', render: (name: string) => <span translate="no">{name}</span> },
          { title: t('wpProducts'), render: (_, p) => <span translate="no">{p.products.join(', ')}</span> },
          { title: t('wpPriceBand'), render: (_, p) => `${yuan(p.minPriceFen)} – ${p.maxPriceFen === null ? '∞' : yuan(p.maxPriceFen)}` },
          { title: t('wpPrice'), render: (_, p) => yuan(p.priceFen) },
          { title: t('wpJoinWindow'), dataIndex: 'joinWindowDays' },
          { title: t('wpCoveredFaults'), render: (_, p) => p.coveredFaults.map((f) => tx(`fault_${f}`)).join('、') },
          { title: t('wpTerm'), render: (_, p) => `${p.startsAfterMonths} + ${p.termMonths}` },
          { title: t('wpFullRefundDays'), dataIndex: 'fullRefundDays' },
          { title: t('wpCancellationFee'), render: (_, p) => yuan(p.cancellationFeeFen) },
          { title: t('wStatus'), render: (_, p) => <Tag color={p.active ? 'green' : 'default'}>{p.active ? t('wpActive') : t('wpInactive')}</Tag> },
          {
            title: '',
            render: (_, p) => (
              <Button size="small" data-testid={`warranty-plan-edit-${p.code}`} onClick={() => edit(p)}>
                {t('wpEdit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('wpCreate') : t('wpEdit')}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        width={640}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="code" label={t('wpCode')} rules={required}>
            <Input disabled={editing !== 'new'} data-testid="warranty-plan-code" />
          </Form.Item>
          <Form.Item name="name" label={t('wpName')} rules={required}>
            <Input />
          </Form.Item>
          <Form.Item name="products" label={t('wpProducts')} rules={required}>
            <Input placeholder="KT*, BX-100" />
          </Form.Item>
          <Form.Item name="minPrice" label={t('wpMinPrice')} rules={required}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="maxPrice" label={t('wpMaxPrice')}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="price" label={t('wpPrice')} rules={required}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="joinWindowDays" label={t('wpJoinWindow')} rules={required}>
            <InputNumber min={0} max={3650} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="coveredFaults" label={t('wpCoveredFaults')} rules={required}>
            <Select mode="multiple" options={FAULT_KINDS.map((f) => ({ value: f, label: tx(`fault_${f}`) }))} />
          </Form.Item>
          <Form.Item name="startsAfterMonths" label={t('wpStartsAfter')} rules={required}>
            <InputNumber min={0} max={120} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="termMonths" label={t('wpTerm')} rules={required}>
            <InputNumber min={1} max={120} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="fullRefundDays" label={t('wpFullRefundDays')} rules={required}>
            <InputNumber min={0} max={365} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="cancellationFee" label={t('wpCancellationFee')} rules={required}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="active" label={t('wpActive')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
