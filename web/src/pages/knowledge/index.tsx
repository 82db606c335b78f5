/**
 * 知识库 (#/knowledge): agents browse, search, read, rate and suggest corrections; supervisors also write
 * (every save a new version), publish, withdraw, compare versions and resolve the corrections.
 */
import { DislikeOutlined, LikeOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Input, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, dateTimeText, hasRole } from '../../core';
import { NativeSelect } from '../../components/native-select';
import { useLanguage } from '../../language';
import type { TextKey } from '../../locales';
import { ArticleDrawer, validityText } from './article-drawer';
import { ArticleEditor } from './article-editor';
import { Corrections } from './corrections';
import { SearchSnippet } from '../../components/search-snippet';
import { type Article, type ArticleSummary, CATEGORIES, categoryKey, knowledgeApi } from './service';
import './knowledge.css';

export function KnowledgePage() {
  const { t } = useLanguage();
  const editor = hasRole('supervisor', 'admin');
  const [q, setQ] = useState('');
  const [category, setCategory] = useState('');
  const [all, setAll] = useState(editor);
  const [rows, setRows] = useState<ArticleSummary[]>([]);
  const [error, setError] = useState('');
  const [open, setOpen] = useState<number | null>(null);
  const [editing, setEditing] = useState<Article | 'new' | null>(null);
  const [queues, setQueues] = useState<{ code: string; name: string }[]>([]);
  const [changes, setChanges] = useState(0);

  useEffect(() => {
    knowledgeApi
      .list({ q: q.trim() || undefined, category: category || undefined, all })
      .then((page) => setRows(page.items))
      .catch((e: Error) => setError(e.message));
  }, [q, category, all, changes]);
  useEffect(() => {
    if (editor)
      api<{ code: string; name: string }[]>('GET', '/queues')
        .then(setQueues)
        .catch(() => setQueues([]));
  }, [editor]);
  const changed = useCallback(() => setChanges((n) => n + 1), []);

  const list = (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap align="center">
        <Input.Search data-testid="kb-search" allowClear placeholder={t('kbSearch')} style={{ width: 320 }} onSearch={setQ} />
        <NativeSelect
          testid="kb-category"
          style={{ width: 200 }}
          value={category}
          onChange={setCategory}
          aria-label={t('kbCategory')}
          options={[{ value: '', label: t('kbAllCategories') }, ...CATEGORIES.map((c) => ({ value: c, label: t(categoryKey(c)) }))]}
        />
        {editor && (
          <>
            <Switch data-testid="kb-all" checked={all} onChange={setAll} /> <Typography.Text>{t('kbShowAll')}</Typography.Text>
            <Button type="primary" icon={<PlusOutlined />} data-testid="kb-new" onClick={() => setEditing('new')}>
              {t('kbNew')}
            </Button>
          </>
        )}
      </Flex>
      <Table<ArticleSummary>
        rowKey="id"
        size="small"
        data-testid="kb-list"
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('kbEmpty') }}
        onRow={(a) => ({ onClick: () => setOpen(a.id), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('kbTitle'),
            render: (_: unknown, a) => (
              <Flex vertical translate="no">
                <Typography.Text strong data-testid="kb-row-title">
                  {a.title}
                </Typography.Text>
                {/* Searching: where the article holds the words, marked; else the body's first lines. */}
                {a.match ? (
                  <Typography.Text type="secondary" style={{ maxWidth: 520 }}>
                    <SearchSnippet match={a.match} label={t(`kbMatch_${a.match.field}` as TextKey)} />
                  </Typography.Text>
                ) : (
                  <Typography.Text type="secondary" ellipsis style={{ maxWidth: 520 }}>
                    {a.excerpt}
                  </Typography.Text>
                )}
              </Flex>
            ),
          },
          { title: t('kbCategory'), render: (_: unknown, a) => t(categoryKey(a.category)) },
          {
            title: t('kbTags'),
            render: (_: unknown, a) => (
              <span translate="no">
                {a.tags.map((tag) => (
                  <Tag key={tag}>{tag}</Tag>
                ))}
              </span>
            ),
          },
          { title: t('kbValidity'), render: (_: unknown, a) => validityText(a.validFrom as string | null, a.validUntil as string | null, t('kbAlways')) },
          ...(editor
            ? [
                {
                  title: t('kbStatus'),
                  render: (_: unknown, a: ArticleSummary) => (
                    <Tag color={a.live ? 'green' : a.status === 'draft' ? 'gold' : 'default'}>
                      {t(`kbstatus_${a.status}` as never)} v{a.publishedVersion ?? '-'}/{a.latestVersion}
                    </Tag>
                  ),
                },
              ]
            : []),
          {
            title: (
              <span title={`${t('kbHelpful')} / ${t('kbNotHelpful')}`}>
                <LikeOutlined /> / <DislikeOutlined />
              </span>
            ),
            render: (_: unknown, a) => `${a.helpfulCount} / ${a.notHelpfulCount}`,
          },
          { title: t('kbUpdated'), render: (_: unknown, a) => dateTimeText(a.updatedAt) },
        ]}
      />
    </Flex>
  );

  return (
    <Flex vertical gap={12} data-testid="knowledge-page">
      {error && <Alert type="error" title={error} closable onClose={() => setError('')} />}
      {editor ? (
        <Tabs
          items={[
            { key: 'articles', label: t('knowledgePage'), children: list },
            {
              key: 'corrections',
              label: <span data-testid="kb-tab-corrections">{t('kbCorrections')}</span>,
              children: <Corrections onOpenArticle={setOpen} onError={setError} />,
            },
          ]}
        />
      ) : (
        list
      )}
      {open !== null && <ArticleDrawer id={open} editor={editor} onEdit={(a) => setEditing(a)} onChanged={changed} onClose={() => setOpen(null)} />}
      {editing && (
        <ArticleEditor
          article={editing === 'new' ? null : editing}
          queues={queues}
          onClose={(saved) => {
            setEditing(null);
            if (saved) {
              changed();
              setOpen(null);
              setTimeout(() => setOpen(saved.id));
            }
          }}
        />
      )}
    </Flex>
  );
}
