/**
 * Beside the offer and the call: the queue's script (话术) in the page's language — the greeting while it
 * rings, every situation once connected — and the knowledge articles suggested for the call's queue and
 * the work order's category (GET /knowledge/suggestions), each opened in place.
 */
import { BookOutlined } from '@ant-design/icons';
import { Card, Collapse, Empty, Flex, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { NativeSelect } from '../../../components/native-select';
import { useLanguage } from '../../../language';
import { type ArticleSummary, type CallScript, knowledgeApi, scriptLanguage, scriptText, SITUATIONS, situationKey } from '../../knowledge/service';
import type { Cause } from '../data';

interface KnowledgePanelProps {
  queue: string;
  /** Ringing: only the greeting is shown. */
  ringing: boolean;
  causes: Cause[];
  causeLabel: (code: string) => string;
  /** The category picked on the call's work order: the suggestions follow it (the agent can pick another here). */
  orderCategory: string;
}

export function KnowledgePanel({ queue, ringing, causes, causeLabel, orderCategory }: KnowledgePanelProps) {
  const { lang, t } = useLanguage();
  const [scripts, setScripts] = useState<CallScript[]>([]);
  const [category, setCategory] = useState(orderCategory);
  useEffect(() => setCategory(orderCategory), [orderCategory]);
  const [suggestions, setSuggestions] = useState<ArticleSummary[] | null>(null);
  const [bodies, setBodies] = useState<Record<number, string>>({});

  useEffect(() => {
    knowledgeApi
      .scripts({ queue, language: scriptLanguage() })
      .then(setScripts)
      .catch(() => setScripts([]));
  }, [queue, lang]);
  useEffect(() => {
    knowledgeApi
      .suggestions({ queue, category: category || null })
      .then(setSuggestions)
      .catch(() => setSuggestions([]));
  }, [queue, category]);

  const open = (keys: string[]) => {
    for (const key of keys) {
      const id = Number(key);
      if (bodies[id] === undefined)
        void knowledgeApi
          .get(id)
          .then((a) => setBodies((b) => ({ ...b, [id]: a.body })))
          .catch((e: Error) => setBodies((b) => ({ ...b, [id]: e.message })));
    }
  };
  const say = (situation: string) => scripts.find((s) => s.situation === situation);

  return (
    <Card size="small" title={`${t('spScript')} · ${t('spKnowledge')}`} data-testid="sp-knowledge">
      <Flex vertical gap={12}>
        {ringing ? (
          <Typography.Paragraph data-testid="sp-script-greeting" style={{ margin: 0 }}>
            {say('greeting') ? scriptText(say('greeting')!.text) : '—'}
          </Typography.Paragraph>
        ) : (
          <Tabs
            size="small"
            data-testid="sp-script"
            items={SITUATIONS.filter((s) => say(s)).map((s) => ({
              key: s,
              label: <span data-testid={`sp-script-tab-${s}`}>{t(situationKey(s))}</span>,
              children: (
                <Typography.Paragraph data-testid={`sp-script-${s}`} style={{ margin: 0 }}>
                  {scriptText(say(s)!.text)}
                </Typography.Paragraph>
              ),
            }))}
          />
        )}
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text strong>
            <BookOutlined /> {t('spKnowledge')}
          </Typography.Text>
          <NativeSelect
            testid="sp-knowledge-category"
            value={category}
            onChange={setCategory}
            aria-label={t('spKnowledgeFor')}
            options={[
              { value: '', label: `${t('spKnowledgeFor')} ${t('spKnowledgeAnyCategory')}` },
              ...causes.map((c) => ({ value: c.code, label: causeLabel(c.code) })),
            ]}
          />
        </Flex>
        {suggestions && suggestions.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('spNoSuggestions')} />
        ) : (
          <Collapse
            size="small"
            data-testid="sp-suggestions"
            onChange={(keys) => open(keys)}
            items={(suggestions ?? []).map((a) => ({
              key: String(a.id),
              label: (
                <span data-testid="sp-suggestion" translate="no">
                  {a.title}
                </span>
              ),
              children: (
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid={`sp-suggestion-body-${a.id}`} translate="no">
                  {bodies[a.id] ?? a.excerpt}
                </Typography.Paragraph>
              ),
            }))}
          />
        )}
      </Flex>
    </Card>
  );
}
