/** 话术管理 (#/call-scripts): the supervisor's scripts per queue and situation, Chinese and English side by side. */
import { Alert, Button, Flex, Input, Modal, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../core';
import { NativeSelect } from '../../components/native-select';
import { useLanguage } from '../../language';
import { type CallScript, knowledgeApi, type Situation, SITUATIONS, situationKey } from '../knowledge/service';

interface Row {
  situation: Situation;
  zh: CallScript | undefined;
  en: CallScript | undefined;
}

export function CallScriptsPage() {
  const { t } = useLanguage();
  const [queues, setQueues] = useState<{ code: string; name: string }[]>([]);
  const [queue, setQueue] = useState('');
  const [scripts, setScripts] = useState<CallScript[]>([]);
  const [editing, setEditing] = useState<{ situation: Situation; zh: string; en: string } | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api<{ code: string; name: string }[]>('GET', '/queues')
      .then((list) => {
        setQueues(list);
        setQueue((q) => q || list[0]?.code || '');
      })
      .catch((e: Error) => setError(e.message));
  }, []);
  const load = useCallback(() => {
    if (queue)
      knowledgeApi
        .scripts({ queue })
        .then(setScripts)
        .catch((e: Error) => setError(e.message));
  }, [queue]);
  useEffect(load, [load]);

  const rows: Row[] = SITUATIONS.map((situation) => ({
    situation,
    zh: scripts.find((s) => s.situation === situation && s.language === 'zh-CN'),
    en: scripts.find((s) => s.situation === situation && s.language === 'en-US'),
  }));
  const save = async () => {
    if (!editing) return;
    try {
      for (const [language, text] of [
        ['zh-CN', editing.zh],
        ['en-US', editing.en],
      ] as const)
        if (text.trim()) await knowledgeApi.writeScript(queue, editing.situation, language, text.trim());
      setEditing(null);
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <Flex vertical gap={12} data-testid="scripts-page">
      {error && <Alert type="error" title={error} closable onClose={() => setError('')} />}
      <Flex gap={8} align="center">
        <Typography.Text style={{ whiteSpace: 'nowrap' }}>{t('scriptQueue')}</Typography.Text>
        <NativeSelect
          testid="scripts-queue"
          style={{ width: 280 }}
          value={queue}
          onChange={setQueue}
          translate="no"
          options={queues.map((q) => ({ value: q.code, label: q.name }))}
        />
        <Typography.Text type="secondary">
          <code translate="no">{'{agent}'}</code> {t('scriptHint')}
        </Typography.Text>
      </Flex>
      <Table<Row>
        rowKey="situation"
        size="small"
        pagination={false}
        dataSource={rows}
        data-testid="scripts-table"
        columns={[
          { title: t('scriptSituation'), width: 100, render: (_: unknown, r) => t(situationKey(r.situation)) },
          { title: t('scriptZh'), render: (_: unknown, r) => <span translate="no">{r.zh?.text ?? '—'}</span> },
          { title: t('scriptEn'), render: (_: unknown, r) => <span translate="no">{r.en?.text ?? '—'}</span> },
          { title: t('dirUpdated'), width: 90, render: (_: unknown, r) => r.zh?.updatedBy ?? r.en?.updatedBy ?? '' },
          {
            title: '',
            width: 80,
            render: (_: unknown, r) => (
              <Button
                size="small"
                data-testid={`scripts-edit-${r.situation}`}
                onClick={() => setEditing({ situation: r.situation, zh: r.zh?.text ?? '', en: r.en?.text ?? '' })}
              >
                {t('scriptEdit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing ? `${queues.find((q) => q.code === queue)?.name ?? queue} · ${t(situationKey(editing.situation))}` : ''}
        okText={t('save')}
        cancelText={t('cancel')}
        onOk={() => void save()}
        onCancel={() => setEditing(null)}
        okButtonProps={{ 'data-testid': 'scripts-save' } as never}
      >
        {editing && (
          <Flex vertical gap={8}>
            <Typography.Text>{t('scriptZh')}</Typography.Text>
            <Input.TextArea rows={3} data-testid="scripts-text-zh" value={editing.zh} onChange={(e) => setEditing({ ...editing, zh: e.target.value })} />
            <Typography.Text>{t('scriptEn')}</Typography.Text>
            <Input.TextArea rows={3} data-testid="scripts-text-en" value={editing.en} onChange={(e) => setEditing({ ...editing, en: e.target.value })} />
          </Flex>
        )}
      </Modal>
    </Flex>
  );
}
