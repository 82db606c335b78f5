/**
 * One article: read it, rate it (有帮助 / 没帮助), suggest a correction; supervisors also see the waiting
 * draft, edit (a new version), publish, withdraw, and the versions with what changed in each.
 */
import { DislikeOutlined, LikeOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Flex, Input, List, message, Space, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { dateTimeText, download } from '../../core';
import { useLanguage } from '../../language';
import { type Article, type ArticleVersion, categoryKey, knowledgeApi, type VersionDiff } from './service';

interface ArticleDrawerProps {
  id: number;
  editor: boolean;
  onEdit: (article: Article) => void;
  onChanged: () => void;
  onClose: () => void;
}

const FIELD_LABELS = {
  title: 'kbTitle',
  category: 'kbCategory',
  tags: 'kbTags',
  queues: 'kbQueues',
  workOrderCategories: 'kbWoCategories',
  validFrom: 'kbValidFrom',
  validUntil: 'kbValidUntil',
} as const;

export const validityText = (from: string | null, until: string | null, always: string) =>
  from || until ? `${from ? dateTimeText(from) : '…'} – ${until ? dateTimeText(until) : '…'}` : always;

export function ArticleDrawer({ id, editor, onEdit, onChanged, onClose }: ArticleDrawerProps) {
  const { t } = useLanguage();
  const [article, setArticle] = useState<Article | null>(null);
  const [error, setError] = useState('');
  const [correction, setCorrection] = useState('');
  const load = useCallback(() => {
    knowledgeApi
      .get(id)
      .then(setArticle)
      .catch((e: Error) => setError(e.message));
  }, [id]);
  useEffect(load, [load]);

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      load();
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const rate = (helpful: boolean) => act(() => knowledgeApi.rate(id, helpful));
  const suggest = () =>
    act(async () => {
      await knowledgeApi.suggestCorrection(id, correction.trim());
      setCorrection('');
      void message.success(t('kbSuggestSent'));
    });

  const reading = article && (
    <Flex vertical gap={12}>
      {editor && article.draft && (
        <Alert
          type="warning"
          data-testid="kb-draft-pending"
          title={t('kbDraftPending').replace('{v}', String(article.latestVersion))}
          action={
            <Button size="small" type="primary" data-testid="kb-publish" onClick={() => void act(() => knowledgeApi.publish(id))}>
              {t('kbPublish')}
            </Button>
          }
        />
      )}
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('kbCategory')}>{t(categoryKey(article.category))}</Descriptions.Item>
        <Descriptions.Item label={t('kbTags')}>
          <span translate="no">
            {article.tags.map((tag) => (
              <Tag key={tag}>{tag}</Tag>
            ))}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('kbValidity')}>
          <span data-testid="kb-validity">{validityText(article.validFrom as string | null, article.validUntil as string | null, t('kbAlways'))}</span>
        </Descriptions.Item>
        {editor && (
          <Descriptions.Item label={t('kbStatus')}>
            <Tag color={article.live ? 'green' : 'default'} data-testid="kb-status">
              {t(`kbstatus_${article.status}` as never)} · {article.live ? t('kbLive') : t('kbNotLive')}
            </Tag>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="kb-body" translate="no">
        {article.body}
      </Typography.Paragraph>
      {article.attachments.length > 0 && (
        <List
          size="small"
          header={t('kbAttachments')}
          dataSource={article.attachments}
          renderItem={(f) => (
            <List.Item>
              <Button type="link" icon={<PaperClipOutlined />} onClick={() => void download(`/knowledge/articles/${id}/attachments/${f.id}`, f.fileName)}>
                {f.fileName}
              </Button>
            </List.Item>
          )}
        />
      )}
      <Flex gap={8} align="center" wrap>
        <Button icon={<LikeOutlined />} type={article.myRating === true ? 'primary' : 'default'} data-testid="kb-helpful" onClick={() => void rate(true)}>
          {t('kbHelpful')}
        </Button>
        <Button
          icon={<DislikeOutlined />}
          type={article.myRating === false ? 'primary' : 'default'}
          data-testid="kb-not-helpful"
          onClick={() => void rate(false)}
        >
          {t('kbNotHelpful')}
        </Button>
        <Typography.Text type="secondary" data-testid="kb-ratings">
          {t('kbRatings').replace('{up}', String(article.helpfulCount)).replace('{down}', String(article.notHelpfulCount))}
        </Typography.Text>
      </Flex>
      <Space.Compact style={{ width: '100%' }}>
        <Input.TextArea
          rows={2}
          value={correction}
          maxLength={2000}
          placeholder={t('kbSuggestPlaceholder')}
          data-testid="kb-correction-text"
          onChange={(e) => setCorrection(e.target.value)}
        />
        <Button data-testid="kb-correction-send" disabled={!correction.trim()} onClick={() => void suggest()}>
          {t('kbSuggest')}
        </Button>
      </Space.Compact>
    </Flex>
  );

  return (
    <Drawer
      open
      size="large"
      onClose={onClose}
      title={
        <span data-testid="kb-article-title" translate="no">
          {article?.title ?? ''}
        </span>
      }
      extra={
        editor &&
        article && (
          <Space>
            <Button data-testid="kb-edit" onClick={() => onEdit(article)}>
              {t('kbEdit')}
            </Button>
            {article.status === 'published' && (
              <Button danger data-testid="kb-archive" onClick={() => void act(() => knowledgeApi.archive(id))}>
                {t('kbArchive')}
              </Button>
            )}
          </Space>
        )
      }
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      {editor ? (
        <Tabs
          items={[
            { key: 'read', label: t('kbOpen'), children: reading },
            {
              key: 'versions',
              label: <span data-testid="kb-tab-versions">{t('kbVersions')}</span>,
              children: article && <Versions id={id} onPublished={() => void act(() => Promise.resolve())} key={article.latestVersion} />,
            },
          ]}
        />
      ) : (
        reading
      )}
    </Drawer>
  );
}

/** Every version with who changed it and why; a version's changes against the one before, and publishing it. */
function Versions({ id, onPublished }: { id: number; onPublished: () => void }) {
  const { t } = useLanguage();
  const [versions, setVersions] = useState<ArticleVersion[]>([]);
  const [diff, setDiff] = useState<VersionDiff | null>(null);
  const load = useCallback(() => void knowledgeApi.versions(id).then(setVersions), [id]);
  useEffect(load, [load]);
  return (
    <Flex vertical gap={12}>
      <List
        size="small"
        dataSource={versions}
        data-testid="kb-versions"
        renderItem={(v) => (
          <List.Item
            data-testid={`kb-version-${v.version}`}
            actions={[
              v.version > 1 && (
                <Button size="small" key="diff" data-testid={`kb-diff-${v.version}`} onClick={() => void knowledgeApi.diff(id, v.version).then(setDiff)}>
                  {t('kbCompare')}
                </Button>
              ),
              !v.current && (
                <Button
                  size="small"
                  key="publish"
                  data-testid={`kb-publish-${v.version}`}
                  onClick={() =>
                    void knowledgeApi.publish(id, v.version).then(() => {
                      load();
                      onPublished();
                    })
                  }
                >
                  {t('kbPublishVersion')}
                </Button>
              ),
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={
                <Space>
                  {t('kbVersion')} {v.version}
                  {v.current && <Tag color="green">{t('kbCurrent')}</Tag>}
                  {v.publishedAt && !v.current && <Tag>{t('kbPublished')}</Tag>}
                </Space>
              }
              description={`${t('kbChangedBy')} ${v.changedBy} · ${dateTimeText(v.createdAt)}${v.changeNote ? ` · ${v.changeNote}` : ''}`}
            />
          </List.Item>
        )}
      />
      {diff && (
        <Flex vertical gap={8} data-testid="kb-diff">
          <Typography.Text strong>
            {t('kbVersion')} {diff.from} → {diff.to}
          </Typography.Text>
          <Typography.Text type="secondary">{t('kbDiffFields')}</Typography.Text>
          {diff.fields.length === 0 && <Typography.Text>{t('kbNoChange')}</Typography.Text>}
          {diff.fields.map((f) => (
            <div key={f.field}>
              <Tag>{t(FIELD_LABELS[f.field])}</Tag>{' '}
              <span translate="no">
                <del>{f.before || '—'}</del> → <ins>{f.after || '—'}</ins>
              </span>
            </div>
          ))}
          <Typography.Text type="secondary">{t('kbDiffBody')}</Typography.Text>
          <pre className="kb-diff-body" translate="no">
            {diff.body.map((part, i) => (
              <span key={i} className={`kb-diff-${part.change}`}>
                {part.text
                  .replace(/\n$/, '')
                  .split('\n')
                  .map((line) => `${part.change === 'added' ? '+ ' : part.change === 'removed' ? '- ' : '  '}${line}`)
                  .join('\n')}
                {'\n'}
              </span>
            ))}
          </pre>
        </Flex>
      )}
    </Flex>
  );
}
