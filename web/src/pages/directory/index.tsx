/**
 * 通讯录 (#/directory): stores, logistics centres, dispatch teams and manufacturers' service lines with
 * their numbers, hours and responsible person (登记并更新门店、物流、厂家电话). Agents call one with 拨打 (the
 * server dials the number the directory holds: POST /calls/outbound { unitCode }); supervisors keep the
 * entries current. The numbers are business lines and are shown in full to everyone (not customers' numbers).
 */
import { PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, message, Modal, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { app, dateTimeText, hasRole } from '../../core';
import { NativeSelect } from '../../components/native-select';
import { useLanguage } from '../../language';
import { TERMINAL_LABELS, TERMINALS } from '../../../../src/organisation/terminals';
import { knowledgeApi, type Unit } from '../knowledge/service';

type Editing = { unit: Unit | null };

export function DirectoryPage() {
  const { lang, t } = useLanguage();
  const editor = hasRole('supervisor', 'admin');
  const caller = hasRole('agent');
  const [terminal, setTerminal] = useState('');
  const [q, setQ] = useState('');
  const [units, setUnits] = useState<Unit[]>([]);
  const [error, setError] = useState('');
  const [editing, setEditing] = useState<Editing | null>(null);
  const [changes, setChanges] = useState(0);
  const [form] = Form.useForm();
  useEffect(() => {
    knowledgeApi
      .units({ terminal: terminal || undefined, q: q.trim() || undefined })
      .then(setUnits)
      .catch((e: Error) => setError(e.message));
  }, [terminal, q, changes]);
  const kind = (code: string) => TERMINAL_LABELS[code as keyof typeof TERMINAL_LABELS]?.[lang] ?? code;

  // As the desk's click-to-call: the softphone kept open behind this page takes the call's leg when it is answered.
  const call = async (unit: Unit) => {
    const undo = app.expectOwnCall?.(unit.phone ?? unit.code);
    try {
      await knowledgeApi.dialUnit(unit.code);
      void message.success(t('dirCalling').replace('{name}', unit.name));
    } catch (e) {
      undo?.();
      setError((e as Error).message);
    }
  };
  const edit = (unit: Unit | null) => {
    form.setFieldsValue({
      code: unit?.code ?? '',
      name: unit?.name ?? '',
      terminal: unit?.terminal ?? 'manufacturer',
      phone: unit?.phone ?? '',
      hours: unit?.hours ?? '',
      contactPerson: unit?.contactPerson ?? '',
      notes: unit?.notes ?? '',
    });
    setEditing({ unit });
  };
  const save = async () => {
    const v = (await form.validateFields()) as Record<string, string>;
    const blank = (s: string) => (s?.trim() ? s.trim() : null);
    const fields = { phone: blank(v.phone), hours: blank(v.hours), contactPerson: blank(v.contactPerson), notes: blank(v.notes) };
    try {
      if (editing?.unit) await knowledgeApi.updateUnit(editing.unit.code, { name: v.name, ...fields });
      else await knowledgeApi.createUnit({ code: v.code, name: v.name, terminal: v.terminal as Unit['terminal'], ...fields });
      setEditing(null);
      setChanges((n) => n + 1);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <Flex vertical gap={12} data-testid="directory-page">
      {error && <Alert type="error" title={error} closable onClose={() => setError('')} />}
      <Flex gap={8} wrap align="center">
        <Input.Search data-testid="dir-search" allowClear placeholder={t('dirSearch')} style={{ width: 300 }} onSearch={setQ} />
        <NativeSelect
          testid="dir-kind"
          style={{ width: 200 }}
          value={terminal}
          onChange={setTerminal}
          aria-label={t('dirKind')}
          options={[{ value: '', label: t('dirAllKinds') }, ...TERMINALS.map((k) => ({ value: k, label: kind(k) }))]}
        />
        {editor && (
          <Button icon={<PlusOutlined />} data-testid="dir-new" onClick={() => edit(null)}>
            {t('dirNew')}
          </Button>
        )}
        <Typography.Text type="secondary">{t('dirPhoneHint')}</Typography.Text>
      </Flex>
      <Table<Unit>
        rowKey="code"
        size="small"
        data-testid="dir-table"
        dataSource={units}
        pagination={false}
        columns={[
          { title: t('dirCode'), dataIndex: 'code', width: 80 },
          { title: t('dirName'), render: (_: unknown, u) => <span translate="no">{u.name}</span> },
          { title: t('dirKind'), render: (_: unknown, u) => kind(u.terminal) },
          { title: t('dirCity'), render: (_: unknown, u) => <span translate="no">{u.city ?? ''}</span> },
          {
            title: t('dirPhone'),
            render: (_: unknown, u) =>
              u.phone ? (
                <Flex gap={8} align="center">
                  <span translate="no" data-testid={`dir-phone-${u.code}`}>
                    {u.phone}
                  </span>
                  {caller && (
                    <Button size="small" icon={<PhoneOutlined />} data-testid={`dir-call-${u.code}`} onClick={() => void call(u)}>
                      {t('dirCall')}
                    </Button>
                  )}
                </Flex>
              ) : (
                <Typography.Text type="secondary">{t('dirNoPhone')}</Typography.Text>
              ),
          },
          { title: t('dirHours'), render: (_: unknown, u) => <span translate="no">{u.hours ?? ''}</span> },
          { title: t('dirContact'), render: (_: unknown, u) => <span translate="no">{u.contactPerson ?? ''}</span> },
          { title: t('dirNotes'), render: (_: unknown, u) => <span translate="no">{u.notes ?? ''}</span> },
          {
            title: t('dirUpdated'),
            render: (_: unknown, u) => (u.updatedAt ? `${u.updatedByJobNumber ?? ''} ${dateTimeText(u.updatedAt)}` : ''),
          },
          ...(editor
            ? [
                {
                  title: '',
                  render: (_: unknown, u: Unit) => (
                    <Button size="small" data-testid={`dir-edit-${u.code}`} onClick={() => edit(u)}>
                      {t('dirEdit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing?.unit ? `${t('dirEdit')} ${editing.unit.code}` : t('dirNew')}
        okText={t('save')}
        cancelText={t('cancel')}
        onOk={() => void save()}
        onCancel={() => setEditing(null)}
        okButtonProps={{ 'data-testid': 'dir-save' } as never}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="code" label={t('dirCode')} rules={[{ required: !editing?.unit }]}>
            <Input disabled={!!editing?.unit} data-testid="dir-field-code" />
          </Form.Item>
          <Form.Item name="name" label={t('dirName')} rules={[{ required: true }]}>
            <Input data-testid="dir-field-name" />
          </Form.Item>
          <Form.Item name="terminal" label={t('dirKind')}>
            <NativeSelect value="" onChange={() => undefined} options={TERMINALS.map((k) => ({ value: k, label: kind(k) }))} disabled={!!editing?.unit} />
          </Form.Item>
          <Form.Item name="phone" label={t('dirPhone')}>
            <Input data-testid="dir-field-phone" inputMode="tel" />
          </Form.Item>
          <Form.Item name="hours" label={t('dirHours')}>
            <Input data-testid="dir-field-hours" />
          </Form.Item>
          <Form.Item name="contactPerson" label={t('dirContact')}>
            <Input data-testid="dir-field-contact" />
          </Form.Item>
          <Form.Item name="notes" label={t('dirNotes')}>
            <Input data-testid="dir-field-notes" />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
