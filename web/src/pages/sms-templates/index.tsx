/** 短信模板: the supervisors' wording of every SMS customers get, per language, with the variables each may use (GET/PUT/DELETE /sms/templates). */
import { Alert, Button, Card, Input, message, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, dateTimeText } from '../../core';
import { useLanguage } from '../../language';
import type { TextKey } from '../../locales';
import type { components } from '../../services/api-types';

type Template = components['schemas']['SmsTemplateDto'];

const templatesApi = {
  list: () => api<{ items: Template[] }>('GET', '/sms/templates'),
  save: (t: Template, body: string) => api<Template>('PUT', `/sms/templates/${t.kind}/${t.language}`, { body }),
  reset: (t: Template) => api<Template>('DELETE', `/sms/templates/${t.kind}/${t.language}`),
};

export function SmsTemplatesPage() {
  const { t } = useLanguage();
  const [items, setItems] = useState<Template[]>([]);
  const [error, setError] = useState('');
  const load = useCallback(() => {
    templatesApi
      .list()
      .then((r) => setItems(r.items))
      .catch((e: Error) => setError(e.message));
  }, []);
  useEffect(load, [load]);
  const kinds = [...new Set(items.map((i) => i.kind))];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="sms-templates">
      <Typography.Title level={4}>{t('smsTemplates')}</Typography.Title>
      <Alert type="info" message={t('smsTemplatesHint')} />
      {error && <Alert type="error" message={error} data-testid="sms-template-error" />}
      {kinds.map((kind) => (
        <Card
          key={kind}
          size="small"
          title={t(`smsKind_${kind}` as TextKey)}
          data-testid="sms-template"
          data-kind={kind}
          extra={
            <Space size={4}>
              {t('smsVariables')}:
              {items
                .find((i) => i.kind === kind)!
                .variables.map((v) => (
                  <Tag key={v} translate="no">{`{${v}}`}</Tag>
                ))}
            </Space>
          }
        >
          {items
            .filter((i) => i.kind === kind)
            .map((template) => (
              <TemplateEditor
                key={`${template.language}:${template.updatedAt ?? ''}:${template.body}`}
                template={template}
                onSaved={(saved) => {
                  setItems((all) => all.map((i) => (i.kind === saved.kind && i.language === saved.language ? saved : i)));
                  setError('');
                }}
                onError={setError}
              />
            ))}
        </Card>
      ))}
    </Space>
  );
}

function TemplateEditor({ template, onSaved, onError }: { template: Template; onSaved: (t: Template) => void; onError: (m: string) => void }) {
  const { t } = useLanguage();
  const [body, setBody] = useState(template.body);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<Template>) => {
    setBusy(true);
    try {
      onSaved(await work());
      void message.success(t('smsSaved'));
    } catch (e) {
      onError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ marginBottom: 12 }} data-testid="sms-template-editor" data-language={template.language}>
      <Space style={{ marginBottom: 4 }}>
        <b>{t(`smsLang_${template.language}` as TextKey)}</b>
        {template.customised ? <Tag color="blue">{t('smsCustomised')}</Tag> : <Tag>{t('smsDefault')}</Tag>}
        {template.updatedByJobNumber && (
          <span className="muted">
            {t('smsUpdatedBy')} <span translate="no">{template.updatedByJobNumber}</span> {template.updatedAt && dateTimeText(template.updatedAt)}
          </span>
        )}
      </Space>
      <Input.TextArea
        rows={2}
        maxLength={500}
        showCount
        value={body}
        onChange={(e) => setBody(e.target.value)}
        translate="no"
        data-testid="sms-template-body"
      />
      <Space style={{ marginTop: 4 }}>
        <Button
          type="primary"
          size="small"
          loading={busy}
          disabled={body === template.body}
          onClick={() => void run(() => templatesApi.save(template, body))}
          data-testid="sms-template-save"
        >
          {t('smsSave')}
        </Button>
        {template.customised && (
          <Button size="small" disabled={busy} onClick={() => void run(() => templatesApi.reset(template))} data-testid="sms-template-reset">
            {t('smsReset')}
          </Button>
        )}
      </Space>
    </div>
  );
}
