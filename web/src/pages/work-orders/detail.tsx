/**
 * One work order (工单详情): the order and its customer, the lifecycle buttons — only the steps the
 * server allows now (`allowedActions`, named as its routes) — the history, remarks with their colour
 * flags, photos (camera or file) with thumbnails, claims with approve / reject / paid. Opening it is
 * GET /work-orders/:number: a quality monitor's view of the full number is audited there.
 */
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Radio, Select, Space, Table, Tag, Timeline } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { dateTimeText, hasRole } from '../../core';
import { useDirectory } from '../../components/directory-picker';
import { useSocket } from '../../hooks/use-socket';
import { useLanguage } from '../../language';
import type { TextKey } from '../../locales';
import type { Attachment, Claim, Step, TimelineEntry, WorkOrder } from './data';
import { canDial, desk, dialCustomer, displayPhone, photoUrl, useCauses } from './service';

const FLAGS = ['price_change', 'not_shipped', 'shipped', 'special_instruction', 'refundable'];
const FLAG_COLOURS: Record<string, string> = { yellow: 'gold', purple: 'purple', blue: 'blue', red: 'red', green: 'green' };

export function Detail({ number }: { number: string }) {
  const { t } = useLanguage();
  const tx = (key: string) => t(key as TextKey);
  const { categoryLabel } = useCauses();
  const [order, setOrder] = useState<WorkOrder | null>(null);
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const [photos, setPhotos] = useState<(Attachment & { url: string })[]>([]);
  const [claims, setClaims] = useState<Claim[]>([]);
  const [calls, setCalls] = useState<{ callSid: string; arrivedAt: string; agentJobNumber: string | null; recordingUrl: string | null }[]>([]);
  const [error, setError] = useState('');
  const [step, setStep] = useState<Step | null>(null);
  // The responsible unit is picked from the directory (通讯录), with its number, hours and responsible person.
  const directory = useDirectory();
  const [busy, setBusy] = useState(false);
  const [stepForm] = Form.useForm();
  const [remarkForm] = Form.useForm();
  const photoInput = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    try {
      const [o, history, files, claimList] = await Promise.all([desk.get(number), desk.timeline(number), desk.attachments(number), desk.claims(number)]);
      setOrder(o);
      setTimeline(history.items);
      setClaims(claimList);
      // Call records are not for terminal staff: the linked calls are listed for those who may hear them.
      if (hasRole('agent', 'supervisor', 'quality'))
        setCalls((await Promise.all((o.calls ?? []).map((c) => desk.call(c.callSid).catch(() => null)))).filter((c) => c !== null));
      setPhotos(await Promise.all(files.filter((f) => f.contentType.startsWith('image/')).map(async (f) => ({ ...f, url: await photoUrl(number, f.id) }))));
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  }, [number]);
  useEffect(() => void load(), [load]);
  useSocket({ 'work-order-changed': (event: { workOrderNumber: string }) => event.workOrderNumber === number && void load() });

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      await load();
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const submitStep = async () => {
    const values = await stepForm.validateFields();
    const body: Record<string, unknown> = { expectedVersion: order!.version };
    for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== '') body[k] = v;
    if (await run(() => desk.step(number, step!, body))) {
      setStep(null);
      stepForm.resetFields();
    }
  };
  const upload = async (file: File) => {
    const dataBase64 = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '');
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
    await run(() => desk.upload(number, { fileName: file.name, contentType: file.type || 'image/jpeg', dataBase64 }));
  };

  /** A linked call as a person names it: when, and with which agent (its CallSid only when the record is not readable). */
  const callLabel = (callSid: string) => {
    const record = calls.find((c) => c.callSid === callSid);
    return record ? `${dateTimeText(record.arrivedAt)} · ${t('woAgent')} ${record.agentJobNumber ?? '—'}` : callSid;
  };

  if (!order)
    return (
      <Card data-testid="wo-detail" data-loaded="false">
        {error && <Alert type="error" message={error} data-testid="wo-error" />}
      </Card>
    );
  const supervisor = hasRole('supervisor');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        data-testid="wo-detail"
        data-loaded="true"
        data-version={order.version}
        title={
          <Space>
            <a href="#/work-orders" data-testid="wo-back">
              {t('woBack')}
            </a>
            <span translate="no" data-testid="wo-number">
              {order.number}
            </span>
            <Tag color="blue" data-testid="wo-status" data-status={order.status}>
              {tx(`status_${order.status}`)}
            </Tag>
            {order.overdue && <Tag color="red">{t('tab_overdue')}</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {order.allowedActions.map((s) => (
              <Button key={s} data-testid={`wo-action-${s}`} type={s === 'close' || s === 'solution' ? 'primary' : 'default'} onClick={() => setStep(s)}>
                {tx(`step_${s}`)}
              </Button>
            ))}
          </Space>
        }
      >
        {error && <Alert type="error" message={error} data-testid="wo-error" style={{ marginBottom: 12 }} closable onClose={() => setError('')} />}
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label={t('woCustomer')}>
            <span translate="no">{order.customer.name ?? '—'}</span> {order.customer.vip && <Tag color="gold">{t('woVip')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('woPhone')}>
            <Space size="small">
              <span data-testid="wo-customer-phone" translate="no">
                {displayPhone(order.customer.phone)}
              </span>
              {canDial() && (
                <Button
                  size="small"
                  data-testid="wo-customer-call"
                  disabled={busy}
                  onClick={() => dialCustomer({ workOrderNumber: order.number }, displayPhone(order.customer.phone)).catch((e: Error) => setError(e.message))}
                >
                  {t('woDial')}
                </Button>
              )}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('woChannel')}>{tx(`channel_${order.channel}`)}</Descriptions.Item>
          <Descriptions.Item label={t('woType')}>{tx(`type_${order.type}`)}</Descriptions.Item>
          <Descriptions.Item label={t('woCategory')}>
            <span data-testid="wo-category" data-category={order.category}>
              {categoryLabel(order.category)}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('woSeverity')}>{tx(`severity_${order.severity}`)}</Descriptions.Item>
          <Descriptions.Item label={t('woUnit')}>
            <span translate="no">{order.unit ? `${order.unit.code} ${order.unit.name}` : '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('woDue')}>{dateTimeText(order.dueAt)}</Descriptions.Item>
          <Descriptions.Item label={t('woAgent')}>
            <span translate="no">{order.agent ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('woDescription')} span={3}>
            <span translate="no">{order.description}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('woSolution')} span={3}>
            <span data-testid="wo-solution" translate="no">
              {order.solution ?? '—'}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('woAcceptance')} span={3}>
            <span data-testid="wo-acceptance">
              {order.acceptance
                ? `${tx(`method_${order.acceptance.method}`)} · ${t('woRecordedBy')} ${order.acceptance.recordedBy ?? ''} · ${dateTimeText(order.acceptance.acceptedAt)}`
                : '—'}
            </span>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={t('woRemarks')} size="small">
        <Form
          form={remarkForm}
          layout="inline"
          onFinish={async (v: { reason: string; flag?: string }) => (await run(() => desk.remark(number, v))) && remarkForm.resetFields()}
        >
          <Form.Item name="reason" rules={[{ required: true, message: t('woReason') }]}>
            <Input placeholder={t('woReason')} data-testid="wo-remark-reason" style={{ width: 320 }} />
          </Form.Item>
          <Form.Item name="flag">
            <Select
              allowClear
              placeholder={t('woFlag')}
              style={{ width: 200 }}
              data-testid="wo-remark-flag"
              options={FLAGS.map((f) => ({ value: f, label: tx(`flag_${f}`) }))}
            />
          </Form.Item>
          <Button htmlType="submit" data-testid="wo-remark-add" loading={busy}>
            {t('woAddRemark')}
          </Button>
        </Form>
        <div style={{ marginTop: 8 }}>
          {(order.remarks ?? []).map((r) => (
            <div key={r.id} data-testid="wo-remark" data-flag={r.flag ?? ''}>
              {r.colour && (
                <Tag color={FLAG_COLOURS[r.colour]} data-testid="wo-remark-colour">
                  {tx(`flag_${r.flag}`)}
                </Tag>
              )}
              <span translate="no">{r.reason}</span>{' '}
              <span className="muted" translate="no">
                — {r.by} {dateTimeText(r.at)}
              </span>
            </div>
          ))}
        </div>
      </Card>

      <Card title={t('woPhotos')} size="small">
        {/* The browser's own file button speaks the browser's language: a button of the page opens the hidden input. */}
        <input
          ref={photoInput}
          type="file"
          accept="image/*"
          capture="environment"
          hidden
          data-testid="wo-photo-input"
          onChange={(e) => {
            if (e.target.files?.[0]) void upload(e.target.files[0]);
            e.target.value = '';
          }}
        />
        <Button data-testid="wo-photo-pick" loading={busy} onClick={() => photoInput.current?.click()}>
          {t('woUpload')}
        </Button>
        <Space wrap className="wo-thumbs" style={{ marginTop: 8 }}>
          {photos.map((p) => (
            <a key={p.id} href={p.url} target="_blank" rel="noreferrer">
              <img src={p.url} alt={p.fileName} data-testid="wo-photo" />
            </a>
          ))}
        </Space>
      </Card>

      {calls.length > 0 && (
        <Card title={t('woCalls')} size="small">
          {calls.map((c) => (
            <div key={c.callSid} data-testid="wo-call">
              <span translate="no">
                {c.callSid} · {c.agentJobNumber ?? ''}
              </span>{' '}
              {dateTimeText(c.arrivedAt)} {c.recordingUrl && <audio controls preload="none" src={c.recordingUrl} data-testid="wo-call-recording" />}
            </div>
          ))}
        </Card>
      )}

      <Card title={t('woClaims')} size="small">
        <Table<Claim>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={claims}
          onRow={() => ({ 'data-testid': 'wo-claim' }) as never}
          columns={[
            { title: t('woClaimParty'), render: (_: unknown, c) => `${tx(`party_${c.responsibleParty}`)} ${c.responsibleUnit ?? c.responsibleName ?? ''}` },
            { title: t('woClaimAmount'), dataIndex: 'amount' },
            {
              title: t('woClaimStatus'),
              dataIndex: 'status',
              render: (s: string) => (
                <Tag data-testid="wo-claim-status" data-status={s}>
                  {tx(`claim_${s}`)}
                </Tag>
              ),
            },
            {
              title: '',
              render: (_: unknown, c) =>
                supervisor && (
                  <Space>
                    {c.status === 'requested' && (
                      <Button
                        size="small"
                        type="primary"
                        data-testid="wo-claim-approve"
                        onClick={() => void run(() => desk.decide(number, c.id, 'approve', { expectedVersion: c.version }))}
                      >
                        {t('woApprove')}
                      </Button>
                    )}
                    {c.status === 'requested' && (
                      <Button
                        size="small"
                        danger
                        data-testid="wo-claim-reject"
                        onClick={() => void run(() => desk.decide(number, c.id, 'reject', { expectedVersion: c.version, note: t('woReject') }))}
                      >
                        {t('woReject')}
                      </Button>
                    )}
                    {c.status === 'approved' && (
                      <Button
                        size="small"
                        data-testid="wo-claim-paid"
                        onClick={() => {
                          const ref = window.prompt(t('woPaymentRef'));
                          if (ref) void run(() => desk.decide(number, c.id, 'paid', { expectedVersion: c.version, paymentReference: ref }));
                        }}
                      >
                        {t('woPaid')}
                      </Button>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      </Card>

      <Card title={t('woTimeline')} size="small">
        <Timeline
          data-testid="wo-timeline"
          items={timeline.map((e, i) => ({
            key: i,
            color: e.kind === 'notification' ? 'red' : e.kind === 'remark' && e.colour ? e.colour : 'blue',
            children: (
              <div data-testid="wo-timeline-item" data-kind={e.kind}>
                <b>{e.kind === 'action' ? tx(`action_${e.action}`) : tx(`kind_${e.kind}`)}</b> <span translate="no">{e.by ?? ''}</span>{' '}
                <span className="muted">{dateTimeText(e.at)}</span>
                {e.note && <div translate="no">{e.note}</div>}
                {e.kind === 'remark' && <div translate="no">{e.reason}</div>}
                {e.kind === 'attachment' && <div translate="no">{e.fileName}</div>}
                {e.kind === 'call' && <div translate="no">{e.callSid}</div>}
              </div>
            ),
          }))}
        />
      </Card>

      <Modal
        open={step !== null}
        title={step ? tx(`step_${step}`) : ''}
        okText={t('woConfirm')}
        cancelText={t('woCancel')}
        confirmLoading={busy}
        onOk={() => void submitStep()}
        onCancel={() => setStep(null)}
        okButtonProps={{ 'data-testid': 'wo-step-ok' } as never}
        destroyOnClose
      >
        <Form form={stepForm} layout="vertical" preserve={false} initialValues={step === 'acceptance' ? { accepted: true, method: 'call' } : {}}>
          {step === 'assign' && (
            <Form.Item name="unitCode" label={t('woUnitCode')} rules={[{ required: true }]}>
              <Select
                data-testid="wo-field-unit"
                showSearch={{ optionFilterProp: 'label' }}
                options={directory.map((u) => ({
                  value: u.code,
                  label: `${u.code} ${u.name}${u.phone ? ` · ${u.phone}` : ''}${u.hours ? ` · ${u.hours}` : ''}${u.contactPerson ? ` · ${u.contactPerson}` : ''}`,
                }))}
              />
            </Form.Item>
          )}
          {step === 'solution' && (
            <Form.Item name="solution" label={t('woSolution')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} data-testid="wo-field-solution" />
            </Form.Item>
          )}
          {step === 'acceptance' && (
            <>
              <Form.Item name="accepted" label={t('woAcceptance')}>
                <Radio.Group
                  data-testid="wo-field-accepted"
                  options={[
                    { value: true, label: t('woAccepted') },
                    { value: false, label: t('woRejected') },
                  ]}
                />
              </Form.Item>
              <Form.Item name="method" label={t('woMethod')}>
                <Radio.Group data-testid="wo-field-method" options={['call', 'sms', 'in_person'].map((m) => ({ value: m, label: tx(`method_${m}`) }))} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {() =>
                  stepForm.getFieldValue('method') === 'call' && (
                    <Form.Item name="callSid" label={t('woAcceptanceCall')} rules={[{ required: true }]}>
                      <Select data-testid="wo-field-call" options={(order.calls ?? []).map((c) => ({ value: c.callSid, label: callLabel(c.callSid) }))} />
                    </Form.Item>
                  )
                }
              </Form.Item>
            </>
          )}
          {step === 'reopen' && (
            <Form.Item name="reason" label={t('woReason')} rules={[{ required: true }]}>
              <Select
                data-testid="wo-field-reason"
                options={['customer_rejected', 'callback_unsolved', 'other'].map((r) => ({ value: r, label: tx(`reopen_${r}`) }))}
              />
            </Form.Item>
          )}
          {(step === 'escalate' || step === 'cannot-handle') && (
            <Form.Item name="note" label={t('woNote')} rules={[{ required: true }]}>
              <Input.TextArea rows={2} data-testid="wo-field-note" />
            </Form.Item>
          )}
          {(step === 'start' || step === 'close' || step === 'assign' || step === 'acceptance' || step === 'reopen') && (
            <Form.Item name="note" label={t('woNote')}>
              <Input data-testid="wo-field-note" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
