/** The supervisor's article editor: every field of a version; saving makes a new version (a draft until published). */
import { Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useLanguage } from '../../language';
import { type Article, type ArticleContent, CATEGORIES, categoryKey, knowledgeApi } from './service';

interface EditorValues {
  title: string;
  category: ArticleContent['category'];
  body: string;
  tags: string[];
  queues: string[];
  workOrderCategories: string[];
  validFrom: string;
  validUntil: string;
  changeNote: string;
}

/** An instant as the browser's datetime-local input holds it (local time, minutes). */
const localInput = (at: string | null | undefined): string => {
  if (!at) return '';
  const d = new Date(at);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const instant = (local: string): string | null => (local ? new Date(local).toISOString() : null);

interface ArticleEditorProps {
  /** The article edited (its draft if any, else what is published); null: a new article. */
  article: Article | null;
  queues: { code: string; name: string }[];
  onClose: (saved: Article | null) => void;
}

export function ArticleEditor({ article, queues, onClose }: ArticleEditorProps) {
  const { t } = useLanguage();
  const [form] = Form.useForm<EditorValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => {
    const source = article?.draft ?? article;
    form.setFieldsValue({
      title: source?.title ?? '',
      category: source?.category ?? 'promotion',
      body: source?.body ?? '',
      tags: source?.tags ?? [],
      queues: source?.queues ?? [],
      workOrderCategories: source?.workOrderCategories ?? [],
      validFrom: localInput(source?.validFrom as string | null),
      validUntil: localInput(source?.validUntil as string | null),
      changeNote: '',
    });
  }, [article, form]);

  const save = async () => {
    const v = await form.validateFields();
    const body: ArticleContent = {
      title: v.title,
      category: v.category,
      body: v.body,
      tags: v.tags,
      queues: v.queues,
      workOrderCategories: v.workOrderCategories,
      validFrom: instant(v.validFrom),
      validUntil: instant(v.validUntil),
      changeNote: v.changeNote || undefined,
    };
    setBusy(true);
    try {
      onClose(article ? await knowledgeApi.revise(article.id, { ...body, baseVersion: article.latestVersion }) : await knowledgeApi.create(body));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={720}
      title={article ? t('kbEdit') : t('kbNew')}
      okText={t('kbSaveDraft')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => void save()}
      onCancel={() => onClose(null)}
      okButtonProps={{ 'data-testid': 'kb-editor-save' } as never}
    >
      <Form form={form} layout="vertical" data-testid="kb-editor">
        <Form.Item name="title" label={t('kbTitle')} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="kb-field-title" />
        </Form.Item>
        <Form.Item name="category" label={t('kbCategory')} rules={[{ required: true }]}>
          <Select data-testid="kb-field-category" options={CATEGORIES.map((c) => ({ value: c, label: t(categoryKey(c)) }))} />
        </Form.Item>
        <Form.Item name="body" label={t('kbBody')} rules={[{ required: true }]}>
          <Input.TextArea rows={8} data-testid="kb-field-body" />
        </Form.Item>
        <Form.Item name="tags" label={t('kbTags')}>
          <Select mode="tags" data-testid="kb-field-tags" tokenSeparators={[' ']} />
        </Form.Item>
        <Form.Item name="queues" label={t('kbQueues')}>
          <Select mode="multiple" data-testid="kb-field-queues" options={queues.map((q) => ({ value: q.code, label: q.name }))} />
        </Form.Item>
        <Form.Item name="workOrderCategories" label={t('kbWoCategories')}>
          <Select mode="tags" data-testid="kb-field-wo-categories" />
        </Form.Item>
        <Form.Item label={t('kbValidity')} style={{ marginBottom: 0 }}>
          <Form.Item name="validFrom" label={t('kbValidFrom')} style={{ display: 'inline-block', width: 'calc(50% - 8px)' }}>
            <Input type="datetime-local" data-testid="kb-field-valid-from" />
          </Form.Item>
          <Form.Item name="validUntil" label={t('kbValidUntil')} style={{ display: 'inline-block', width: 'calc(50% - 8px)', marginLeft: 16 }}>
            <Input type="datetime-local" data-testid="kb-field-valid-until" />
          </Form.Item>
        </Form.Item>
        <Form.Item name="changeNote" label={t('kbChangeNote')}>
          <Input data-testid="kb-field-change-note" maxLength={500} />
        </Form.Item>
        {error && (
          <div className="ant-form-item-explain-error" data-testid="kb-editor-error">
            {error}
          </div>
        )}
      </Form>
    </Modal>
  );
}
