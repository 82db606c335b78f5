/**
 * The scorecard editor (评分表编辑): a form's name, subjects, sections and their items — code, label,
 * maximum points, weight, critical-fail — checked as they are typed by the rules the server applies
 * (src/quality/scorecards/dtos/scorecard.dto.ts and formDefinitionProblems), each item's share of the
 * total shown live. Saving a form already scored on makes a new version on the server; its evaluations keep theirs.
 */
import { Alert, Button, Card, Checkbox, Drawer, Form, Input, InputNumber, Space, Switch, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import { api, type TextKey } from '../../core';
import { useLanguage } from '../../language';
import type { ScorecardFormDetail } from './types';

/** As ITEM_CODE in the server's DTO. */
const ITEM_CODE = /^[a-z][a-z0-9_]{1,31}$/;

interface ItemValues {
  code?: string;
  label?: string;
  maxPoints?: number | null;
  weight?: number | null;
  criticalFail?: boolean;
}
interface EditorValues {
  name?: string;
  description?: string;
  subjectTypes?: ('call' | 'work_order')[];
  sections?: { title?: string; items?: ItemValues[] }[];
}

const EMPTY: EditorValues = {
  name: '',
  subjectTypes: ['call', 'work_order'],
  sections: [{ title: '', items: [{ code: '', label: '', maxPoints: 10, weight: null, criticalFail: false }] }],
};

/** An item's weight as the server takes it: its maxPoints when left empty. */
const weightOf = (i: ItemValues | undefined) => (typeof i?.weight === 'number' ? i.weight : typeof i?.maxPoints === 'number' ? i.maxPoints : 0);

export function ScorecardEditor({
  editing,
  onClose,
  onSaved,
}: {
  editing: ScorecardFormDetail | 'new' | null;
  onClose: () => void;
  onSaved: (detail: ScorecardFormDetail) => void;
}) {
  const { t } = useLanguage();
  const [form] = Form.useForm<EditorValues>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const sections = Form.useWatch('sections', form);
  const existing = editing && editing !== 'new' ? editing : null;

  useEffect(() => {
    if (!editing) return;
    setError('');
    form.setFieldsValue(
      existing
        ? { name: existing.name, description: existing.description ?? '', subjectTypes: existing.subjectTypes, sections: existing.sections }
        : structuredClone(EMPTY),
    );
  }, [editing]); // eslint-disable-line react-hooks/exhaustive-deps -- filled once per opening

  const totalWeight = (sections ?? []).flatMap((s) => s?.items ?? []).reduce((n, i) => n + weightOf(i), 0);
  const scored = existing?.versions?.some((v) => v.version === existing.currentVersion && v.evaluations > 0) ?? false;

  const save = async (v: EditorValues) => {
    setBusy(true);
    setError('');
    const body = {
      name: v.name!.trim(),
      ...(v.description?.trim() ? { description: v.description.trim() } : {}),
      subjectTypes: v.subjectTypes,
      sections: (v.sections ?? []).map((s) => ({
        title: s.title!.trim(),
        items: (s.items ?? []).map((i) => ({
          code: i.code!,
          label: i.label!.trim(),
          maxPoints: i.maxPoints!,
          ...(typeof i.weight === 'number' ? { weight: i.weight } : {}),
          criticalFail: !!i.criticalFail,
        })),
      })),
    };
    try {
      onSaved(
        existing
          ? await api<ScorecardFormDetail>('PUT', `/quality/scorecards/${existing.id}`, body)
          : await api<ScorecardFormDetail>('POST', '/quality/scorecards', body),
      );
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={!!editing}
      onClose={onClose}
      width={880}
      title={existing ? <span translate="no">{`${t('qEditForm')} · ${existing.name} (v${existing.currentVersion})`}</span> : t('qNewForm')}
      extra={
        <Button type="primary" data-testid="editor-save" loading={busy} onClick={() => form.submit()}>
          {t('qSaveForm')}
        </Button>
      }
    >
      <div data-testid="scorecard-editor">
        {scored ? <Alert type="info" showIcon message={t('qNewVersionNote')} style={{ marginBottom: 12 }} data-testid="editor-version-note" /> : null}
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item name="name" label={t('qFormName')} rules={[{ required: true, whitespace: true, max: 100, message: t('qFormNameRequired') }]}>
            <Input data-testid="editor-name" maxLength={100} />
          </Form.Item>
          <Form.Item name="description" label={t('qFormDescription')}>
            <Input.TextArea data-testid="editor-description" rows={2} maxLength={1000} translate="no" />
          </Form.Item>
          <Form.Item name="subjectTypes" label={t('qSubjectType')} rules={[{ required: true, type: 'array', min: 1, message: t('qSubjectTypesRequired') }]}>
            <Checkbox.Group
              data-testid="editor-subject-types"
              options={(['call', 'work_order'] as const).map((s) => ({ value: s, label: t(`qSubject_${s}` as TextKey) }))}
            />
          </Form.Item>
          <Form.List
            name="sections"
            rules={[{ validator: (_, v?: unknown[]) => (v?.length ? Promise.resolve() : Promise.reject(new Error(t('qItemsRequired')))) }]}
          >
            {(sectionFields, { add: addSection, remove: removeSection }, { errors }) => (
              <>
                {sectionFields.map((section, s) => (
                  <Card
                    key={section.key}
                    size="small"
                    style={{ marginBottom: 12 }}
                    title={
                      <Form.Item
                        name={[section.name, 'title']}
                        rules={[{ required: true, whitespace: true, max: 100, message: t('qSectionTitleRequired') }]}
                        style={{ margin: '8px 0' }}
                      >
                        <Input data-testid={`editor-section-${s}-title`} placeholder={t('qSectionTitle')} maxLength={100} />
                      </Form.Item>
                    }
                    extra={
                      <Button
                        size="small"
                        danger
                        data-testid={`editor-remove-section-${s}`}
                        disabled={sectionFields.length < 2}
                        onClick={() => removeSection(section.name)}
                      >
                        {t('qRemove')}
                      </Button>
                    }
                  >
                    <ItemsList form={form} section={section.name} s={s} totalWeight={totalWeight} />
                  </Card>
                ))}
                <Form.ErrorList errors={errors} />
                <Button
                  data-testid="editor-add-section"
                  onClick={() => addSection({ title: '', items: [{ code: '', label: '', maxPoints: 10, weight: null, criticalFail: false }] })}
                >
                  {t('qAddSection')}
                </Button>
              </>
            )}
          </Form.List>
          <div style={{ marginTop: 12 }}>
            {t('qTotalWeight')}: <b data-testid="editor-total-weight">{totalWeight}</b>
          </div>
        </Form>
        <Typography.Text type="danger" data-testid="editor-error">
          {error}
        </Typography.Text>
      </div>
    </Drawer>
  );
}

/** A section's items: one line each, with its share of the total weight. */
function ItemsList({ form, section, s, totalWeight }: { form: FormInstance<EditorValues>; section: number; s: number; totalWeight: number }) {
  const { t } = useLanguage();
  const allCodes = () => (form.getFieldValue('sections') as EditorValues['sections'])?.flatMap((x) => x?.items ?? []).map((i) => i?.code) ?? [];
  return (
    <Form.List name={[section, 'items']}>
      {(itemFields, { add, remove }) => (
        <>
          <Space className="muted" style={{ display: 'flex', marginBottom: 4 }}>
            <span style={{ display: 'inline-block', width: 150 }}>{t('qItemCode')}</span>
            <span style={{ display: 'inline-block', width: 200 }}>{t('qItemLabel')}</span>
            <span style={{ display: 'inline-block', width: 90 }}>{t('qMaxPoints')}</span>
            <span style={{ display: 'inline-block', width: 90 }}>{t('qWeight')}</span>
            <span style={{ display: 'inline-block', width: 80 }} />
            <span>{t('qShareOfTotal')}</span>
          </Space>
          {itemFields.map((item, i) => {
            const id = `editor-item-${s}-${i}`;
            const values = form.getFieldValue(['sections', section, 'items', item.name]) as ItemValues | undefined;
            const share = totalWeight > 0 ? Math.round((1000 * weightOf(values)) / totalWeight) / 10 : 0;
            return (
              <Space key={item.key} align="start" wrap style={{ display: 'flex' }}>
                <Form.Item
                  name={[item.name, 'code']}
                  rules={[
                    { required: true, pattern: ITEM_CODE, message: t('qItemCodeRule') },
                    {
                      validator: (_, code?: string) =>
                        code && allCodes().filter((c) => c === code).length > 1 ? Promise.reject(new Error(t('qItemCodeTaken'))) : Promise.resolve(),
                    },
                  ]}
                >
                  <Input data-testid={`${id}-code`} placeholder={t('qItemCode')} style={{ width: 150 }} translate="no" />
                </Form.Item>
                <Form.Item name={[item.name, 'label']} rules={[{ required: true, whitespace: true, max: 100, message: t('qItemLabelRequired') }]}>
                  <Input data-testid={`${id}-label`} placeholder={t('qItemLabel')} style={{ width: 200 }} maxLength={100} />
                </Form.Item>
                <Form.Item name={[item.name, 'maxPoints']} rules={[{ required: true, type: 'integer', min: 1, max: 100, message: t('qMaxPointsRule') }]}>
                  <InputNumber data-testid={`${id}-max`} placeholder={t('qMaxPoints')} style={{ width: 90 }} />
                </Form.Item>
                <Form.Item
                  name={[item.name, 'weight']}
                  dependencies={[['sections', section, 'items', item.name, 'criticalFail']]}
                  rules={[
                    { type: 'number', min: 0, max: 1000, message: t('qWeightRule') },
                    {
                      validator: (_, weight?: number | null) =>
                        weight === 0 && !form.getFieldValue(['sections', section, 'items', item.name, 'criticalFail'])
                          ? Promise.reject(new Error(t('qWeightZeroRule')))
                          : Promise.resolve(),
                    },
                  ]}
                >
                  <InputNumber data-testid={`${id}-weight`} placeholder={t('qWeight')} style={{ width: 90 }} />
                </Form.Item>
                <Form.Item name={[item.name, 'criticalFail']} valuePropName="checked" label={null}>
                  <Switch data-testid={`${id}-critical`} checkedChildren={t('qCriticalItem')} unCheckedChildren={t('qCriticalItem')} />
                </Form.Item>
                <span className="muted" data-testid={`${id}-share`} style={{ display: 'inline-block', paddingTop: 5, minWidth: 60 }}>{`${share}%`}</span>
                <Button size="small" data-testid={`${id}-remove`} disabled={itemFields.length < 2} onClick={() => remove(item.name)}>
                  {t('qRemove')}
                </Button>
              </Space>
            );
          })}
          <Button
            size="small"
            data-testid={`editor-add-item-${s}`}
            onClick={() => add({ code: '', label: '', maxPoints: 10, weight: null, criticalFail: false })}
          >
            {t('qAddItem')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
