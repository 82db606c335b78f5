/**
 * 阳光包 (#/warranty): the agent's lookup of a customer's extended-warranty contracts by phone or order
 * number, each contract's panel (cover, repairs, claim, cancellation with its refund), and the plans an
 * order's lines may join, sold from here.
 */
import { App, Button, Card, Descriptions, Empty, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { dateTimeText } from '../../core';
import { useLanguage } from '../../language';
import type { TextKey } from '../../locales';
import { type Contract, FAULT_KINDS, type FaultKind, fill, type Offers, type RefundQuote, warrantyApi, yuan } from './service';

type Dialog = { kind: 'claim' | 'cancel'; contract: Contract; quote?: RefundQuote } | null;

export function WarrantyPage() {
  const { t } = useLanguage();
  const tx = (key: string) => t(key as TextKey);
  const { message } = App.useApp();
  const [by, setBy] = useState<'phone' | 'orderNumber'>('phone');
  const [value, setValue] = useState('');
  const [contracts, setContracts] = useState<Contract[] | null>(null);
  const [offers, setOffers] = useState<Offers | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ faultKind?: FaultKind; description?: string; reason?: string }>();

  const lookup = async (v = value) => {
    if (!v.trim()) return;
    try {
      setContracts((await warrantyApi.lookup({ [by]: v.trim() })).items);
      setOffers(by === 'orderNumber' ? await warrantyApi.offers(v.trim()).catch(() => null) : null);
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const open = async (kind: 'claim' | 'cancel', contract: Contract) => {
    form.resetFields();
    try {
      setDialog({ kind, contract, quote: kind === 'cancel' ? await warrantyApi.quote(contract.number) : undefined });
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const submit = async () => {
    if (!dialog) return;
    const values = await form.validateFields();
    setBusy(true);
    try {
      if (dialog.kind === 'claim') {
        const claim = await warrantyApi.claim(dialog.contract.number, { faultKind: values.faultKind!, description: values.description! });
        message.success(fill(t('wClaimOpened'), { number: claim.workOrderNumber }));
      } else {
        const done = await warrantyApi.cancel(dialog.contract.number, values.reason!);
        message.success(fill(t('wCancelled'), { amount: yuan(done.refundFen ?? 0) }));
      }
      setDialog(null);
      await lookup();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const sell = async (lineNo: number, planCode: string) => {
    try {
      const sold = await warrantyApi.sell({ planCode, orderNumber: offers!.orderNumber, lineNo });
      message.success(fill(t('wSold'), { number: sold.number }));
      await lookup();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="warranty-page">
      <Card title={t('warrantyPage')}>
        <Space.Compact>
          <Select
            value={by}
            style={{ width: 120 }}
            data-testid="warranty-lookup-by"
            onChange={setBy}
            options={[
              { value: 'phone', label: t('wLookupPhone') },
              { value: 'orderNumber', label: t('wLookupOrder') },
            ]}
          />
          <Input.Search
            value={value}
            style={{ width: 280 }}
            enterButton={t('wLookup')}
            data-testid="warranty-lookup"
            onChange={(e) => setValue(e.target.value)}
            onSearch={(v) => void lookup(v)}
          />
        </Space.Compact>
      </Card>
      {contracts && contracts.length === 0 && <Empty description={t('wNoContracts')} />}
      {contracts?.map((c) => (
        <Card
          key={c.number}
          data-testid={`warranty-contract-${c.number}`}
          title={
            <Space>
              <span>{c.number}</span>
              <Tag color={c.status === 'active' ? 'green' : 'default'}>{tx(`wStatus_${c.status}`)}</Tag>
              <Typography.Text type="secondary">{c.planName}</Typography.Text>
            </Space>
          }
          extra={
            c.status === 'active' && (
              <Space>
                <Button type="primary" data-testid="warranty-claim" onClick={() => void open('claim', c)}>
                  {t('wClaim')}
                </Button>
                <Button danger data-testid="warranty-cancel" onClick={() => void open('cancel', c)}>
                  {t('wCancel')}
                </Button>
              </Space>
            )
          }
        >
          <Descriptions size="small" column={3}>
            <Descriptions.Item label={t('wOrderLine')}>
              {c.orderNumber} / {c.lineNo} <Typography.Text type="secondary">({c.orderLineKnown ? t('wOrderLineKnown') : t('wOrderLineCopy')})</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('wProduct')}>
              {c.productName} ({c.productCode}) ¥{yuan(c.productPriceFen)}
            </Descriptions.Item>
            <Descriptions.Item label={t('wCustomer')}>
              {c.customerName ?? ''} {c.customerPhone}
            </Descriptions.Item>
            <Descriptions.Item label={t('wPurchasedOn')}>{c.purchasedOn}</Descriptions.Item>
            <Descriptions.Item label={t('wCover')}>
              <span data-testid="warranty-cover">
                {c.startsOn} ~ {c.endsOn}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('wCovered')}>{c.terms.coveredFaults.map((f) => tx(`fault_${f}`)).join('、')}</Descriptions.Item>
            <Descriptions.Item label={t('wPaid')}>¥{yuan(c.paidFen)}</Descriptions.Item>
            {c.status === 'cancelled' && (
              <Descriptions.Item label={t('wRefund')}>
                <span data-testid="warranty-refund">¥{yuan(c.refundFen ?? 0)}</span> · {c.cancelReason}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5}>{t('wClaims')}</Typography.Title>
          {c.claims.length === 0 ? (
            <Typography.Text type="secondary">{t('wNoClaims')}</Typography.Text>
          ) : (
            <ul data-testid="warranty-claims">
              {c.claims.map((claim) => (
                <li key={claim.id}>
                  {dateTimeText(claim.createdAt)} · {tx(`fault_${claim.faultKind}`)} ·{' '}
                  <a href={`#/work-orders/${claim.workOrderNumber}`}>{claim.workOrderNumber}</a>
                </li>
              ))}
            </ul>
          )}
        </Card>
      ))}
      {offers && (
        <Card title={t('wOffers')} data-testid="warranty-offers">
          <Table
            rowKey="lineNo"
            pagination={false}
            dataSource={offers.lines}
            columns={[
              { title: t('wOrderLine'), dataIndex: 'lineNo' },
              { title: t('wProduct'), render: (_, l) => `${l.productName} (${l.productCode})` },
              { title: t('wProductPrice'), render: (_, l) => `¥${yuan(l.unitPriceFen)}` },
              { title: t('wPurchasedOn'), dataIndex: 'purchasedOn' },
              {
                title: t('wPlan'),
                render: (_, l) =>
                  l.contractNumber ? (
                    <Tag>{fill(t('wHasContract'), { number: l.contractNumber })}</Tag>
                  ) : (
                    <Space wrap>
                      {l.plans.map((p) =>
                        p.eligible ? (
                          <Button
                            key={p.planCode}
                            size="small"
                            data-testid={`warranty-sell-${l.lineNo}-${p.planCode}`}
                            onClick={() => void sell(l.lineNo, p.planCode)}
                          >
                            {t('wSell')} {p.planName} ¥{yuan(p.priceFen)}
                          </Button>
                        ) : (
                          <Tag key={p.planCode} title={p.message ?? ''}>
                            {p.planName}: {tx(`wIneligible_${p.reason}`)}
                          </Tag>
                        ),
                      )}
                    </Space>
                  ),
              },
            ]}
          />
        </Card>
      )}
      <Modal
        open={dialog !== null}
        title={dialog && fill(t(dialog.kind === 'claim' ? 'wClaimTitle' : 'wCancelTitle'), { number: dialog.contract.number })}
        onCancel={() => setDialog(null)}
        onOk={() => void submit()}
        confirmLoading={busy}
        okButtonProps={{ danger: dialog?.kind === 'cancel', ...{ 'data-testid': 'warranty-dialog-ok' } }}
      >
        {dialog?.quote && (
          <Typography.Paragraph data-testid="warranty-quote">
            <b>{fill(t('wRefundQuote'), { amount: yuan(dialog.quote.refundFen) })}</b> —{' '}
            {fill(tx(`wBasis_${dialog.quote.basis}`), {
              unused: dialog.quote.unusedDays,
              total: dialog.quote.totalDays,
              fee: yuan(dialog.quote.feeDeductedFen),
            })}
          </Typography.Paragraph>
        )}
        <Form form={form} layout="vertical">
          {dialog?.kind === 'claim' ? (
            <>
              <Form.Item name="faultKind" label={t('wFaultKind')} rules={[{ required: true, message: t('wFaultKind') }]}>
                <Select data-testid="warranty-fault" options={FAULT_KINDS.map((f) => ({ value: f, label: tx(`fault_${f}`) }))} />
              </Form.Item>
              <Form.Item name="description" label={t('wDescription')} rules={[{ required: true, message: t('wDescriptionRequired') }]}>
                <Input.TextArea rows={3} data-testid="warranty-description" maxLength={2000} />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="reason" label={t('wCancelReason')} rules={[{ required: true, message: t('wReasonRequired') }]}>
              <Input data-testid="warranty-cancel-reason" maxLength={200} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
