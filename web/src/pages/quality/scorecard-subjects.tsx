/**
 * The subjects a monitor can score (GET /quality/scorecard-subjects), newest first, paged by cursor and
 * filtered by agent: calls the agents talked on (queue, caller masked for monitors, recording) or work
 * orders agents created (category, status). A click picks one for the scorecard.
 */
import { Button, Input, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { api, query, type TextKey } from '../../core';
import { useLanguage } from '../../language';
import { displayPhone, useCauses } from '../work-orders/service';
import { dateTime } from './format';
import type { Page } from './types';

export interface ScorecardSubject {
  subjectType: 'call' | 'work_order';
  subjectId: string;
  agentJobNumber: string;
  at: string;
  queueCode: string | null;
  caller: string | null;
  category: string | null;
  status: string | null;
  recordingUrl: string | null;
  evaluations: number;
}

const PAGE_SIZE = 10;
const JOB_NUMBER = /^[A-Za-z0-9]{1,16}$/;

export function ScorecardSubjects({
  subjectType,
  picked,
  onPick,
}: {
  subjectType: 'call' | 'work_order';
  picked: ScorecardSubject | null;
  onPick: (s: ScorecardSubject) => void;
}) {
  const { t } = useLanguage();
  const { categoryLabel } = useCauses();
  const [agent, setAgent] = useState('');
  const [rows, setRows] = useState<ScorecardSubject[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState('');
  const agentFilter = JOB_NUMBER.test(agent.trim()) ? agent.trim() : '';

  const loadPage = useCallback(
    async (after: string | null) => {
      try {
        const page = await api<Page<ScorecardSubject>>(
          'GET',
          `/quality/scorecard-subjects${query({ subjectType, agent: agentFilter, limit: PAGE_SIZE, cursor: after })}`,
        );
        setRows((shown) => (after ? [...shown, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setError('');
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [subjectType, agentFilter],
  );
  useEffect(() => void loadPage(null), [loadPage]);

  const columns: ColumnsType<ScorecardSubject> = [
    { title: subjectType === 'call' ? t('qCallSid') : t('qWorkOrder'), dataIndex: 'subjectId', render: (id: string) => <span translate="no">{id}</span> },
    { title: t('qAgent'), dataIndex: 'agentJobNumber' },
    { title: t('qSubjectAt'), key: 'at', render: (_, s) => dateTime(s.at) },
    {
      title: t('qSubjectAbout'),
      key: 'about',
      render: (_, s) =>
        s.subjectType === 'call' ? (
          <>
            <span translate="no">{s.queueCode ?? '—'}</span> · {s.caller ? displayPhone(s.caller) : '—'}
            {s.recordingUrl ? <Tag style={{ marginLeft: 8 }}>{t('qRecorded')}</Tag> : null}
          </>
        ) : (
          `${categoryLabel(s.category ?? '')} · ${t(`status_${s.status}` as TextKey)}`
        ),
    },
    { title: t('qEvaluationsCount'), dataIndex: 'evaluations' },
  ];
  return (
    <div style={{ marginTop: 12 }}>
      <Space style={{ marginBottom: 8 }}>
        <Input
          data-testid="scorecard-subjects-agent"
          placeholder={t('qAgentFilter')}
          value={agent}
          onChange={(e) => setAgent(e.target.value)}
          allowClear
          style={{ width: 160 }}
        />
        <Typography.Text type="danger">{error}</Typography.Text>
      </Space>
      <Table<ScorecardSubject>
        data-testid="scorecard-subjects"
        rowKey="subjectId"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={columns}
        rowSelection={{ type: 'radio', selectedRowKeys: picked ? [picked.subjectId] : [], onChange: (_, [s]) => s && onPick(s) }}
        onRow={(s) => ({ 'data-testid': `scorecard-subject-row-${s.subjectId}`, onClick: () => onPick(s), style: { cursor: 'pointer' } }) as never}
      />
      {cursor ? (
        <Button size="small" data-testid="scorecard-subjects-more" onClick={() => void loadPage(cursor)} style={{ marginTop: 8 }}>
          {t('qMore')}
        </Button>
      ) : null}
    </div>
  );
}
