/**
 * 队列 (#/settings/queues, first tab): every queue with its skill, IVR key, strategy, times, overflow and
 * recording. Admins create queues (POST /queues); admins and supervisors edit them (PATCH /queues/:code).
 * The form checks as typed what the server checks (code, key, ranges, overflow given whole); what only
 * the server knows (a key already taken, an overflow loop) comes back worded by its code.
 */
import { Button, Card, Col, Form, Input, InputNumber, Row, Select, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { fill, type TextKey } from '../../core';
import { FormModal } from '../../components/form-modal';
import { useLanguage } from '../../language';
import { editColumns } from './edit-column';
import { Named, withNames } from './named';
import { CODE, type Queue, type QueueInput, type Skill, settingsApi, STRATEGIES } from './service';

const strategyKey = (s: string) => `strategy_${s.replace(/-/g, '_')}` as TextKey;

/** The server's bounds (CreateQueueDto), for the form's own checks. */
const LIMITS = {
  wrapUpSeconds: [0, 3600],
  maxWaitSeconds: [10, 86_400],
  serviceLevelSeconds: [1, 600],
  overflowAfterSeconds: [1, 86_400],
} as const;

export function QueuesTab({
  queues,
  skills,
  canCreate,
  canEdit,
  onChanged,
}: {
  queues: Queue[] | null;
  skills: Skill[];
  canCreate: boolean;
  canEdit: boolean;
  onChanged: () => void;
}) {
  const { t } = useLanguage();
  const [editing, setEditing] = useState<{ queue: Queue | null } | null>(null);
  const skillName = (code: string) => skills.find((s) => s.code === code)?.name ?? code;
  const queueName = (code: string) => queues?.find((q) => q.code === code)?.name ?? code;
  return (
    <Card
      data-testid="settings-queues"
      data-loaded={queues ? 'true' : 'false'}
      title={t('setQueues')}
      extra={
        canCreate && (
          <Button type="primary" data-testid="queue-create" onClick={() => setEditing({ queue: null })}>
            {t('setQueueCreate')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        {t('setRingHint')}{' '}
        <Typography.Text code translate="no">
          RING_COUNT × RING_CADENCE_SECONDS
        </Typography.Text>
      </Typography.Paragraph>
      <Table<Queue>
        rowKey="code"
        size="small"
        data-testid="queue-table"
        loading={!queues}
        dataSource={queues ?? []}
        pagination={false}
        onRow={(q) => ({ 'data-testid': 'queue-row', 'data-code': q.code }) as never}
        columns={[
          { title: t('setCode'), dataIndex: 'code', width: 100, render: (code: string) => <span translate="no">{code}</span> },
          { title: t('setName'), dataIndex: 'name', width: 170, render: (name: string) => <Named>{name}</Named> },
          { title: t('setQueueSkill'), dataIndex: 'skillCode', width: 170, render: (code: string) => <Named>{skillName(code)}</Named> },
          { title: t('setMenuKey'), dataIndex: 'menuKey', width: 70, align: 'center', render: (k: string | null) => k ?? '—' },
          { title: t('setStrategy'), dataIndex: 'strategy', width: 120, render: (s: string) => t(strategyKey(s)) },
          { title: t('setWrapUp'), dataIndex: 'wrapUpSeconds', width: 90, render: (n: number) => fill(t('setSeconds'), { n }) },
          { title: t('setMaxWait'), dataIndex: 'maxWaitSeconds', width: 90, render: (n: number) => fill(t('setSeconds'), { n }) },
          { title: t('setServiceLevel'), dataIndex: 'serviceLevelSeconds', width: 90, render: (n: number) => fill(t('setSeconds'), { n }) },
          {
            title: t('setOverflow'),
            render: (_: unknown, q) =>
              q.overflowQueueCode ? (
                <span data-testid="queue-row-overflow">
                  {fill(t('setOverflowText'), { s: q.overflowAfterSeconds ?? 0 })} <Named>{queueName(q.overflowQueueCode)}</Named>
                </span>
              ) : (
                '—'
              ),
          },
          {
            title: t('setRecordCalls'),
            dataIndex: 'recordCalls',
            width: 80,
            render: (on: boolean) => <Tag color={on ? 'blue' : undefined}>{on ? t('setYes') : t('setNo')}</Tag>,
          },
          ...editColumns<Queue>(canEdit, t, 'queue-edit', (q) => setEditing({ queue: q }), 70),
        ]}
      />
      {editing && (
        <QueueModal
          queue={editing.queue}
          queues={queues ?? []}
          skills={skills}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

interface QueueForm {
  code: string;
  name: string;
  skillCode: string;
  menuKey?: string;
  strategy: Queue['strategy'];
  wrapUpSeconds: number;
  maxWaitSeconds: number;
  serviceLevelSeconds: number;
  overflowQueueCode?: string;
  overflowAfterSeconds?: number | null;
  joinWhenNoAgents: boolean;
  recordCalls: boolean;
}

/** A new queue (queue null) or one's settings; the code is fixed once made. */
function QueueModal({
  queue,
  queues,
  skills,
  onClose,
  onDone,
}: {
  queue: Queue | null;
  queues: Queue[];
  skills: Skill[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useLanguage();
  const range = (field: keyof typeof LIMITS) => {
    const [min, max] = LIMITS[field];
    return { type: 'integer' as const, min, max, message: fill(t('setRange'), { min, max }) };
  };
  const save = (v: QueueForm) => {
    const body: QueueInput = {
      code: v.code,
      name: v.name.trim(),
      skillCode: v.skillCode,
      menuKey: v.menuKey || null,
      strategy: v.strategy,
      wrapUpSeconds: v.wrapUpSeconds,
      maxWaitSeconds: v.maxWaitSeconds,
      serviceLevelSeconds: v.serviceLevelSeconds,
      overflowQueueCode: v.overflowQueueCode || null,
      overflowAfterSeconds: v.overflowQueueCode ? (v.overflowAfterSeconds ?? null) : null,
      joinWhenNoAgents: v.joinWhenNoAgents,
      recordCalls: v.recordCalls,
    };
    return queue ? settingsApi.updateQueue(queue.code, { ...body, code: undefined }) : settingsApi.createQueue(body);
  };
  const initial: Partial<QueueForm> = queue
    ? { ...queue, menuKey: queue.menuKey ?? undefined, overflowQueueCode: queue.overflowQueueCode ?? undefined }
    : { strategy: 'longest-idle', wrapUpSeconds: 30, maxWaitSeconds: 600, serviceLevelSeconds: 20, joinWhenNoAgents: true, recordCalls: false };
  const seconds = <span>{fill(t('setSeconds'), { n: '' }).trim()}</span>;
  return (
    <FormModal<QueueForm, Queue>
      testId="queue"
      width={720}
      title={queue ? withNames(t('setQueueEdit'), { code: queue.code }) : t('setQueueCreate')}
      initialValues={initial}
      save={save}
      savedMessage={(saved) => withNames(t(queue ? 'setQueueSaved' : 'setQueueCreated'), { code: saved.code })}
      onClose={onClose}
      onDone={onDone}
    >
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item
            name="code"
            label={t('setCode')}
            extra={queue ? undefined : t('setCodeFixed')}
            rules={[{ required: true, pattern: CODE, message: t('setCodeRule') }]}
          >
            <Input data-testid="queue-form-code" disabled={!!queue} autoComplete="off" maxLength={32} translate="no" />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item name="name" label={t('setName')} rules={[{ required: true, whitespace: true, message: t('setNameRequired') }]}>
            <Input data-testid="queue-form-name" maxLength={64} autoComplete="off" translate="no" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="skillCode" label={t('setQueueSkill')} rules={[{ required: true, message: t('setQueueSkillRequired') }]}>
            <Select data-testid="queue-form-skill" options={skills.map((s) => ({ value: s.code, label: <Named>{s.name}</Named> }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="menuKey" label={t('setMenuKey')} tooltip={t('setMenuKeyHint')} rules={[{ pattern: /^[0-9]$/, message: t('setMenuKeyRule') }]}>
            <Input data-testid="queue-form-menu-key" maxLength={1} inputMode="numeric" allowClear />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="strategy" label={t('setStrategy')} rules={[{ required: true }]}>
            <Select data-testid="queue-form-strategy" options={STRATEGIES.map((s) => ({ value: s, label: t(strategyKey(s)) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="wrapUpSeconds" label={t('setWrapUp')} rules={[{ required: true, ...range('wrapUpSeconds') }]}>
            <InputNumber data-testid="queue-form-wrap-up" style={{ width: '100%' }} addonAfter={seconds} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="maxWaitSeconds" label={t('setMaxWait')} rules={[{ required: true, ...range('maxWaitSeconds') }]}>
            <InputNumber data-testid="queue-form-max-wait" style={{ width: '100%' }} addonAfter={seconds} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="serviceLevelSeconds"
            label={t('setServiceLevel')}
            tooltip={t('setServiceLevelHint')}
            rules={[{ required: true, ...range('serviceLevelSeconds') }]}
          >
            <InputNumber data-testid="queue-form-service-level" style={{ width: '100%' }} addonAfter={seconds} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="overflowQueueCode"
            label={t('setOverflowQueue')}
            tooltip={t('setOverflowHint')}
            dependencies={['overflowAfterSeconds']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value?: string) =>
                  !value && getFieldValue('overflowAfterSeconds') != null ? Promise.reject(new Error(t('setOverflowQueueRequired'))) : Promise.resolve(),
              }),
              { validator: (_, value?: string) => (value && value === queue?.code ? Promise.reject(new Error(t('setOverflowSelf'))) : Promise.resolve()) },
            ]}
          >
            <Select
              allowClear
              data-testid="queue-form-overflow-queue"
              options={queues.filter((q) => q.code !== queue?.code).map((q) => ({ value: q.code, label: <Named>{q.name}</Named> }))}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="overflowAfterSeconds"
            label={t('setOverflowAfter')}
            dependencies={['overflowQueueCode']}
            rules={[
              range('overflowAfterSeconds'),
              ({ getFieldValue }) => ({
                validator: (_, value?: number | null) =>
                  getFieldValue('overflowQueueCode') && value == null ? Promise.reject(new Error(t('setOverflowAfterRequired'))) : Promise.resolve(),
              }),
            ]}
          >
            <InputNumber data-testid="queue-form-overflow-after" style={{ width: '100%' }} addonAfter={seconds} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="joinWhenNoAgents" label={t('setJoinWhenNoAgents')} valuePropName="checked">
            <Switch data-testid="queue-form-join" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="recordCalls" label={t('setRecordCalls')} valuePropName="checked">
            <Switch data-testid="queue-form-record" />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
