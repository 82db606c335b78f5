/** The supervisor's work list of corrections agents suggested (纠错建议): accept (then revise the article) or reject, with a note. */
import { Button, Flex, Input, Segmented, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { dateTimeText } from '../../core';
import { useLanguage } from '../../language';
import { type Correction, knowledgeApi } from './service';

const STATUS_KEYS = { open: 'kbCorrectionOpen', accepted: 'kbCorrectionAccepted', rejected: 'kbCorrectionRejected' } as const;

export function Corrections({ onOpenArticle, onError }: { onOpenArticle: (id: number) => void; onError: (text: string) => void }) {
  const { t } = useLanguage();
  const [status, setStatus] = useState<'open' | 'accepted' | 'rejected'>('open');
  const [rows, setRows] = useState<Correction[]>([]);
  const [notes, setNotes] = useState<Record<number, string>>({});
  const load = useCallback(() => {
    knowledgeApi
      .corrections(status)
      .then((page) => setRows(page.items))
      .catch((e: Error) => onError(e.message));
  }, [status, onError]);
  useEffect(load, [load]);
  const resolve = (c: Correction, verdict: 'accepted' | 'rejected') =>
    knowledgeApi
      .resolve(c.id, verdict, notes[c.id]?.trim() || undefined)
      .then(load)
      .catch((e: Error) => onError(e.message));
  return (
    <Flex vertical gap={8}>
      <Segmented
        data-testid="kb-corrections-status"
        value={status}
        onChange={(v) => setStatus(v)}
        options={(['open', 'accepted', 'rejected'] as const).map((s) => ({ value: s, label: t(STATUS_KEYS[s]) }))}
      />
      <Table<Correction>
        rowKey="id"
        size="small"
        data-testid="kb-corrections"
        dataSource={rows}
        pagination={false}
        columns={[
          {
            title: t('kbArticle'),
            render: (_: unknown, c) => (
              <Button type="link" translate="no" onClick={() => onOpenArticle(c.articleId)}>
                {c.articleTitle}
              </Button>
            ),
          },
          { title: t('kbSuggest'), render: (_: unknown, c) => <span translate="no">{c.text}</span> },
          { title: t('kbBy'), render: (_: unknown, c) => `${c.by} · ${dateTimeText(c.createdAt)}` },
          {
            title: t('kbStatus'),
            render: (_: unknown, c) =>
              c.status === 'open' ? (
                <Space.Compact>
                  <Input
                    size="small"
                    placeholder={t('kbResolutionNote')}
                    value={notes[c.id] ?? ''}
                    onChange={(e) => setNotes((n) => ({ ...n, [c.id]: e.target.value }))}
                  />
                  <Button size="small" type="primary" data-testid={`kb-accept-${c.id}`} onClick={() => void resolve(c, 'accepted')}>
                    {t('kbAccept')}
                  </Button>
                  <Button size="small" data-testid={`kb-reject-${c.id}`} onClick={() => void resolve(c, 'rejected')}>
                    {t('kbReject')}
                  </Button>
                </Space.Compact>
              ) : (
                <span>
                  <Tag color={c.status === 'accepted' ? 'green' : 'default'}>{t(STATUS_KEYS[c.status])}</Tag>
                  <span translate="no">
                    {c.resolvedBy} {c.resolutionNote ?? ''}
                  </span>
                </span>
              ),
          },
        ]}
      />
    </Flex>
  );
}
