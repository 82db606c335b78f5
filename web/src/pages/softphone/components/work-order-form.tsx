/**
 * A work order (工单) from the call: type, the managed cause (投诉原因), the terminal responsible and the
 * description, filed against the call (`callSid`) and its caller. Mounted per call (keyed by the call), so
 * the next caller starts from an empty form.
 */
import { Alert, Button, Card, Col, Form, Input, Row } from 'antd';
import { useState } from 'react';
import { TERMINALS } from '../../../../../src/organisation/terminals';
import { NativeSelect } from '../../../components/native-select';
import { api, type TextKey } from '../../../core';
import { useLanguage } from '../../../language';
import type { Cause } from '../data';

const TYPES = ['complaint', 'inquiry', 'service_request'] as const;

interface WorkOrderFormProps {
  callSid: string;
  customerPhone: string;
  causes: Cause[];
  causeLabel: (code: string) => string;
  /** The agent picked the order's category: the knowledge panel suggests for it. */
  onCategory?: (code: string) => void;
}

export function WorkOrderForm({ callSid, customerPhone, causes, causeLabel, onCategory }: WorkOrderFormProps) {
  const { t } = useLanguage();
  const [type, setType] = useState<string>(TYPES[0]);
  const [category, setCategory] = useState('');
  const [terminal, setTerminal] = useState<string>('logistics');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ number?: string; error?: string } | null>(null);
  const categoryCode = category || causes[0]?.code || '';

  const create = async () => {
    setBusy(true);
    try {
      const order = await api<{ number: string }>('POST', '/work-orders', {
        channel: 'hotline',
        type,
        category: categoryCode,
        terminal,
        customerPhone,
        description: description.trim() || t('woDefaultDescription'),
        callSid,
      });
      setResult({ number: order.number });
    } catch (e) {
      setResult({ error: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('workOrder')} data-testid="wo-panel" size="small">
      <Form layout="vertical" component="div">
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item label={t('woType')}>
              <NativeSelect testid="wo-type" value={type} onChange={setType} options={TYPES.map((v) => ({ value: v, label: t(`type_${v}` as TextKey) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('woCategory')}>
              <NativeSelect
                testid="wo-category"
                value={categoryCode}
                onChange={(code) => {
                  setCategory(code);
                  onCategory?.(code);
                }}
                options={causes.map((c) => ({ value: c.code, label: causeLabel(c.code) }))}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('woTerminal')}>
              <NativeSelect
                testid="wo-terminal"
                value={terminal}
                onChange={setTerminal}
                options={TERMINALS.map((v) => ({ value: v, label: t(`term_${v}` as TextKey) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('woDescription')}>
          <Input.TextArea data-testid="wo-description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Form.Item>
      </Form>
      <Button type="primary" data-testid="wo-create" loading={busy} disabled={!categoryCode} onClick={() => void create()}>
        {t('createWorkOrder')}
      </Button>
      <div data-testid="wo-result" className="softphone-wo-result">
        {result?.number && <Alert type="success" showIcon title={<span data-testid="wo-number">{`${t('woCreated')}: ${result.number}`}</span>} />}
        {result?.error && <Alert type="error" showIcon title={result.error} />}
      </div>
    </Card>
  );
}
