/**
 * 服务时限 (#/settings/sla): the resolution and first-response times of work orders by category (a
 * complaint cause), where each comes from (set here, the seeds' built-in rule, the site's default), set
 * (PUT /sla-policies/:category) or reset (DELETE) by admins and supervisors. The default row is the
 * site's configuration and only shown.
 */
import { Alert, App, Button, Card, Checkbox, Form, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { app, fill, type TextKey } from '../../core';
import { FormModal } from '../../components/form-modal';
import { useLanguage } from '../../language';
import { withNames } from './named';
import { type Cause, settingsApi, type SlaPolicy } from './service';

const HOUR = 60;
/** The server's bounds (SlaPolicyDto), in minutes. */
const FIRST_RESPONSE_MAX = 7 * 24 * HOUR;
const RESOLUTION_MAX = 365 * 24 * HOUR;

/** 4320 → "72 小时", 90 → "90 分钟". */
export function durationText(minutes: number | null, t: (k: TextKey) => string): string {
  if (minutes === null) return '—';
  return minutes % HOUR === 0 ? fill(t('setHoursN'), { n: minutes / HOUR }) : fill(t('setMinutes'), { n: minutes });
}

interface Row extends SlaPolicy {
  cause?: Cause;
}

export function SlaPage() {
  const { t } = useLanguage();
  const { message } = App.useApp();
  const [policies, setPolicies] = useState<SlaPolicy[] | null>(null);
  const [causes, setCauses] = useState<Cause[]>([]);
  const [error, setError] = useState('');
  const [editing, setEditing] = useState<Row | null>(null);

  const load = useCallback(async () => {
    try {
      const [p, c] = await Promise.all([settingsApi.slaPolicies(), settingsApi.causes()]);
      setPolicies(p);
      setCauses(c);
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => void load(), [load]);

  // Every category a work order may have: the causes in use and any category with a rule; those without one take the default.
  const rows = useMemo<Row[]>(() => {
    if (!policies) return [];
    const [fallback, ...rest] = policies;
    const byCategory = new Map(rest.map((p) => [p.category, p]));
    const categories = [...new Set([...causes.filter((c) => c.active).map((c) => c.code), ...byCategory.keys()])].sort();
    return [
      fallback,
      ...categories.map((category) => ({ ...(byCategory.get(category) ?? { ...fallback, category }), cause: causes.find((c) => c.code === category) })),
    ];
  }, [policies, causes]);

  const label = (r: Row) => (r.category === '*' ? t('setSlaDefault') : r.cause ? (app.lang === 'zh' ? r.cause.labelZh : r.cause.labelEn) : r.category);
  const reset = async (r: Row) => {
    try {
      const back = await settingsApi.resetSla(r.category);
      void message.success(fill(t('setSlaResetDone'), { category: label(r), source: t(`source_${back.source}` as TextKey) }));
      void load();
    } catch (e) {
      void message.error((e as Error).message);
    }
  };

  return (
    <Card data-testid="settings-sla" data-loaded={policies ? 'true' : 'false'} title={t('setSlaTitle')}>
      <Typography.Paragraph type="secondary">{t('setSlaText')}</Typography.Paragraph>
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
      <Table<Row>
        rowKey="category"
        size="small"
        data-testid="sla-table"
        loading={!policies && !error}
        dataSource={rows}
        pagination={false}
        onRow={(r) => ({ 'data-testid': 'sla-row', 'data-category': r.category, 'data-source': r.source }) as never}
        columns={[
          {
            title: t('setCategory'),
            render: (_: unknown, r) => (
              <span>
                {label(r)}{' '}
                {r.category !== '*' && (
                  <Typography.Text type="secondary" translate="no">
                    {r.category}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          {
            title: t('setFirstResponse'),
            dataIndex: 'firstResponseMinutes',
            render: (m: number | null) => <span data-testid="sla-row-first-response">{durationText(m, t)}</span>,
          },
          {
            title: t('setResolution'),
            dataIndex: 'resolutionMinutes',
            render: (m: number) => <span data-testid="sla-row-resolution">{durationText(m, t)}</span>,
          },
          { title: t('setBusinessHoursOnly'), dataIndex: 'businessHoursOnly', render: (on: boolean) => (on ? t('setYes') : t('setNo')) },
          {
            title: t('setSource'),
            dataIndex: 'source',
            render: (s: string) => <Tag color={s === 'policy' ? 'blue' : s === 'built-in' ? 'gold' : undefined}>{t(`source_${s}` as TextKey)}</Tag>,
          },
          {
            title: t('setActions'),
            width: 300,
            render: (_: unknown, r) =>
              r.category === '*' ? (
                <Typography.Text type="secondary">
                  {t('setSlaDefaultHint')}{' '}
                  <Typography.Text code translate="no">
                    WORK_ORDER_RESOLUTION_HOURS
                  </Typography.Text>
                </Typography.Text>
              ) : (
                <Space size={4}>
                  <Button size="small" data-testid="sla-edit" onClick={() => setEditing(r)}>
                    {t('setEdit')}
                  </Button>
                  {r.source === 'policy' && (
                    <Popconfirm
                      title={fill(t('setSlaResetConfirm'), { category: label(r) })}
                      okText={t('setSlaReset')}
                      cancelText={t('setCancel')}
                      onConfirm={() => reset(r)}
                    >
                      <Button size="small" data-testid="sla-reset">
                        {t('setSlaReset')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
          },
        ]}
      />
      {editing && (
        <SlaModal
          row={editing}
          title={withNames(t('setSlaEdit'), { category: label(editing) })}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            void load();
          }}
        />
      )}
    </Card>
  );
}

interface SlaForm {
  firstResponseMinutes?: number | null;
  resolution: number;
  unit: 'hours' | 'minutes';
  businessHoursOnly: boolean;
}

function SlaModal({ row, title, onClose, onDone }: { row: Row; title: ReactNode; onClose: () => void; onDone: () => void }) {
  const { t } = useLanguage();
  const inHours = row.resolutionMinutes % HOUR === 0;
  const save = (v: SlaForm) => {
    const resolutionMinutes = v.unit === 'hours' ? Math.round(v.resolution * HOUR) : v.resolution;
    return settingsApi.putSla(row.category, {
      firstResponseMinutes: v.firstResponseMinutes ?? null,
      resolutionMinutes,
      businessHoursOnly: v.businessHoursOnly,
    });
  };
  return (
    <FormModal<SlaForm, SlaPolicy>
      testId="sla"
      title={title}
      initialValues={{
        firstResponseMinutes: row.firstResponseMinutes,
        resolution: inHours ? row.resolutionMinutes / HOUR : row.resolutionMinutes,
        unit: inHours ? 'hours' : 'minutes',
        businessHoursOnly: row.businessHoursOnly,
      }}
      save={save}
      onClose={onClose}
      onDone={onDone}
    >
      <Form.Item
        name="firstResponseMinutes"
        label={t('setFirstResponse')}
        extra={t('setFirstResponseHint')}
        rules={[{ type: 'integer', min: 1, max: FIRST_RESPONSE_MAX, message: fill(t('setRange'), { min: 1, max: FIRST_RESPONSE_MAX }) }]}
      >
        <InputNumber data-testid="sla-form-first-response" style={{ width: 220 }} addonAfter={t('setMinutesUnit')} />
      </Form.Item>
      <Form.Item label={t('setResolution')} required>
        <Space.Compact>
          <Form.Item
            name="resolution"
            noStyle
            dependencies={['unit']}
            rules={[
              { required: true, message: t('setResolutionRequired') },
              ({ getFieldValue }) => {
                const hours = getFieldValue('unit') === 'hours';
                const max = hours ? RESOLUTION_MAX / HOUR : RESOLUTION_MAX;
                return { type: 'integer', min: 1, max, message: fill(t('setRange'), { min: 1, max }) };
              },
            ]}
          >
            <InputNumber data-testid="sla-form-resolution" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="unit" noStyle>
            <Select
              data-testid="sla-form-unit"
              style={{ width: 100 }}
              options={[
                { value: 'hours', label: t('setHours') },
                { value: 'minutes', label: t('setMinutesUnit') },
              ]}
            />
          </Form.Item>
        </Space.Compact>
      </Form.Item>
      <Form.Item name="businessHoursOnly" valuePropName="checked">
        <Checkbox data-testid="sla-form-business-hours">{t('setBusinessHoursOnly')}</Checkbox>
      </Form.Item>
    </FormModal>
  );
}
