/**
 * 投诉原因与单位 (#/settings/organisation): the complaint causes work orders are filed under (their
 * Chinese and English names, terminal, in use or retired: PUT /quality/causes/:code, admins and quality
 * monitors), and the terminal units that receive work orders — stores, logistics centres, dispatch and
 * installation teams — with their city and daily delivery capacity (POST / PATCH /units, admins).
 * Supervisors read both.
 */
import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { fill, hasRole, type TextKey } from '../../core';
import { FormModal } from '../../components/form-modal';
import { useLanguage } from '../../language';
import { editColumns } from './edit-column';
import { Named, withNames } from './named';
import { CATEGORY, type Cause, settingsApi, type Terminal, TERMINALS, type Unit, UNIT_CODE } from './service';

const terminalText = (t: (k: TextKey) => string, terminal: string | null) => (terminal ? t(`term_${terminal}` as TextKey) : t('setTerminalAny'));

export function OrganisationPage() {
  const { t } = useLanguage();
  return (
    <Tabs
      data-testid="settings-organisation"
      items={[
        { key: 'causes', label: <span data-testid="org-tab-causes">{t('setCauses')}</span>, children: <CausesTab /> },
        { key: 'units', label: <span data-testid="org-tab-units">{t('setUnits')}</span>, children: <UnitsTab /> },
      ]}
    />
  );
}

/** Rows of the server, loaded once and on request, with the refusal to load kept for the card. */
function useRows<T>(load: () => Promise<T[]>): { rows: T[] | null; error: string; reload: () => void } {
  const [rows, setRows] = useState<T[] | null>(null);
  const [error, setError] = useState('');
  const reload = useCallback(() => {
    load().then(
      (r) => {
        setRows(r);
        setError('');
      },
      (e: Error) => setError(e.message),
    );
  }, [load]);
  useEffect(reload, [reload]);
  return { rows, error, reload };
}

function CausesTab() {
  const { t } = useLanguage();
  const canEdit = hasRole('admin', 'quality');
  const { rows, error, reload } = useRows(settingsApi.causes);
  const [showRetired, setShowRetired] = useState(false);
  const [editing, setEditing] = useState<{ cause: Cause | null } | null>(null);
  const shown = useMemo(() => (rows ?? []).filter((c) => showRetired || c.active), [rows, showRetired]);
  return (
    <Card
      data-testid="settings-causes"
      data-loaded={rows ? 'true' : 'false'}
      title={t('setCauses')}
      extra={
        <span>
          <Switch size="small" checked={showRetired} onChange={setShowRetired} data-testid="cause-show-retired" /> {t('setShowRetired')}
          {canEdit && (
            <Button type="primary" style={{ marginLeft: 16 }} data-testid="cause-create" onClick={() => setEditing({ cause: null })}>
              {t('setCauseCreate')}
            </Button>
          )}
        </span>
      }
    >
      {!canEdit && <Alert type="info" showIcon message={t('setReadOnly')} style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
      <Table<Cause>
        rowKey="code"
        size="small"
        data-testid="cause-table"
        loading={!rows && !error}
        dataSource={shown}
        pagination={false}
        rowClassName={(c) => (c.active ? '' : 'staff-inactive')}
        onRow={(c) => ({ 'data-testid': 'cause-row', 'data-code': c.code }) as never}
        columns={[
          { title: t('setCode'), dataIndex: 'code', width: 200, render: (code: string) => <span translate="no">{code}</span> },
          // Both names are data in their own language, shown as written on either page.
          {
            title: t('setLabelZh'),
            dataIndex: 'labelZh',
            render: (label: string) => (
              <span translate="no" lang="zh-CN">
                {label}
              </span>
            ),
          },
          {
            title: t('setLabelEn'),
            dataIndex: 'labelEn',
            render: (label: string) => (
              <span translate="no" lang="en">
                {label}
              </span>
            ),
          },
          { title: t('setTerminal'), dataIndex: 'terminal', render: (terminal: string | null) => terminalText(t, terminal) },
          {
            title: t('setActive'),
            dataIndex: 'active',
            render: (active: boolean) => <Tag color={active ? 'green' : undefined}>{active ? t('setCauseActive') : t('setCauseRetired')}</Tag>,
          },
          ...editColumns<Cause>(canEdit, t, 'cause-edit', (c) => setEditing({ cause: c })),
        ]}
      />
      {editing && (
        <CauseModal
          cause={editing.cause}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </Card>
  );
}

interface CauseForm {
  code: string;
  labelZh: string;
  labelEn: string;
  terminal?: Terminal;
  active: boolean;
}

function CauseModal({ cause, onClose, onDone }: { cause: Cause | null; onClose: () => void; onDone: () => void }) {
  const { t } = useLanguage();
  const save = (v: CauseForm) =>
    settingsApi.putCause(v.code, { labelZh: v.labelZh.trim(), labelEn: v.labelEn.trim(), terminal: v.terminal ?? null, active: v.active });
  return (
    <FormModal<CauseForm, Cause>
      testId="cause"
      title={cause ? withNames(t('setCauseEdit'), { code: cause.code }) : t('setCauseCreate')}
      initialValues={cause ? { ...cause, terminal: cause.terminal ?? undefined } : { active: true }}
      save={save}
      onClose={onClose}
      onDone={onDone}
    >
      <Form.Item
        name="code"
        label={t('setCode')}
        extra={cause ? undefined : t('setCodeFixed')}
        rules={[{ required: true, pattern: CATEGORY, message: t('setCodeRule') }]}
      >
        <Input data-testid="cause-form-code" disabled={!!cause} maxLength={32} autoComplete="off" translate="no" />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="labelZh" label={t('setLabelZh')} rules={[{ required: true, whitespace: true, message: t('setNameRequired') }]}>
            <Input data-testid="cause-form-label-zh" maxLength={64} lang="zh-CN" translate="no" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="labelEn" label={t('setLabelEn')} rules={[{ required: true, whitespace: true, message: t('setNameRequired') }]}>
            <Input data-testid="cause-form-label-en" maxLength={64} lang="en" translate="no" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="terminal" label={t('setTerminal')}>
        <Select
          allowClear
          placeholder={t('setTerminalAny')}
          data-testid="cause-form-terminal"
          options={TERMINALS.map((x) => ({ value: x, label: terminalText(t, x) }))}
        />
      </Form.Item>
      <Form.Item name="active" label={t('setCauseActive')} valuePropName="checked" extra={t('setCauseRetiredHint')}>
        <Switch data-testid="cause-form-active" />
      </Form.Item>
    </FormModal>
  );
}

function UnitsTab() {
  const { t } = useLanguage();
  const canEdit = hasRole('admin');
  const { rows, error, reload } = useRows(settingsApi.units);
  const [terminal, setTerminal] = useState<Terminal | undefined>();
  const [editing, setEditing] = useState<{ unit: Unit | null } | null>(null);
  const shown = useMemo(() => (rows ?? []).filter((u) => !terminal || u.terminal === terminal), [rows, terminal]);
  return (
    <Card
      data-testid="settings-units"
      data-loaded={rows ? 'true' : 'false'}
      title={t('setUnits')}
      extra={
        <span>
          <Select
            allowClear
            placeholder={t('setTerminal')}
            style={{ width: 150 }}
            value={terminal}
            onChange={setTerminal}
            data-testid="unit-filter-terminal"
            options={TERMINALS.map((x) => ({ value: x, label: terminalText(t, x) }))}
          />
          {canEdit && (
            <Button type="primary" style={{ marginLeft: 16 }} data-testid="unit-create" onClick={() => setEditing({ unit: null })}>
              {t('setUnitCreate')}
            </Button>
          )}
        </span>
      }
    >
      {!canEdit && <Alert type="info" showIcon message={t('setReadOnly')} style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
      <Table<Unit>
        rowKey="code"
        size="small"
        data-testid="unit-table"
        loading={!rows && !error}
        dataSource={shown}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(u) => ({ 'data-testid': 'unit-row', 'data-code': u.code }) as never}
        columns={[
          { title: t('setCode'), dataIndex: 'code', width: 100, render: (code: string) => <span translate="no">{code}</span> },
          { title: t('setName'), dataIndex: 'name', render: (name: string) => <Named>{name}</Named> },
          { title: t('setTerminal'), dataIndex: 'terminal', render: (x: string) => terminalText(t, x) },
          { title: t('setCity'), dataIndex: 'city', render: (city: string | null) => (city ? <Named>{city}</Named> : '—') },
          { title: t('setDailyCapacity'), dataIndex: 'dailyCapacity', align: 'right', render: (n: number | null) => n ?? '—' },
          ...editColumns<Unit>(canEdit, t, 'unit-edit', (u) => setEditing({ unit: u })),
        ]}
      />
      {editing && (
        <UnitModal
          unit={editing.unit}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('setDailyCapacityHint')}
      </Typography.Paragraph>
    </Card>
  );
}

interface UnitForm {
  code: string;
  name: string;
  terminal: Terminal;
  city?: string;
  dailyCapacity?: number | null;
}

function UnitModal({ unit, onClose, onDone }: { unit: Unit | null; onClose: () => void; onDone: () => void }) {
  const { t } = useLanguage();
  const save = (v: UnitForm) => {
    const body = { name: v.name.trim(), terminal: v.terminal, city: v.city?.trim() || null, dailyCapacity: v.dailyCapacity ?? null };
    return unit ? settingsApi.updateUnit(unit.code, body) : settingsApi.createUnit({ code: v.code, ...body });
  };
  return (
    <FormModal<UnitForm, Unit>
      testId="unit"
      title={unit ? withNames(t('setUnitEdit'), { code: unit.code }) : t('setUnitCreate')}
      initialValues={unit ? { ...unit, city: unit.city ?? undefined } : {}}
      save={save}
      onClose={onClose}
      onDone={onDone}
    >
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="code" label={t('setCode')} rules={[{ required: true, pattern: UNIT_CODE, message: t('setUnitCodeRule') }]}>
            <Input data-testid="unit-form-code" disabled={!!unit} maxLength={32} autoComplete="off" translate="no" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="terminal" label={t('setTerminal')} rules={[{ required: true, message: t('setTerminalRequired') }]}>
            <Select data-testid="unit-form-terminal" options={TERMINALS.map((x) => ({ value: x, label: terminalText(t, x) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="name" label={t('setName')} rules={[{ required: true, whitespace: true, message: t('setNameRequired') }]}>
        <Input data-testid="unit-form-name" maxLength={128} autoComplete="off" translate="no" />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="city" label={t('setCity')}>
            <Input data-testid="unit-form-city" maxLength={64} autoComplete="off" translate="no" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="dailyCapacity"
            label={t('setDailyCapacity')}
            rules={[{ type: 'integer', min: 1, max: 100_000, message: fill(t('setRange'), { min: 1, max: 100_000 }) }]}
          >
            <InputNumber data-testid="unit-form-capacity" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
