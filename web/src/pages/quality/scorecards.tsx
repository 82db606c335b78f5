/**
 * Scorecards (质检评分): pick a form and a subject — a call or a work order from the list the server gives
 * (GET /quality/scorecard-subjects), never a typed CallSid — score each item (checked as it is typed;
 * critical-fail items marked) and see the total as the server will compute it: the same pure function,
 * src/quality/scorecards/scorecard-scoring.ts. The form's criteria and weights are edited in a drawer
 * (scorecard-editor.tsx). Below: recent evaluations, and calibration (校准) of subjects scored by two or more monitors.
 */
import { Button, Card, Form, Input, InputNumber, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { scoreEvaluation, scoreProblems } from '../../../../src/quality/scorecards/scorecard-scoring';
import { api, query, type TextKey } from '../../core';
import { useLanguage } from '../../language';
import { CalibrationCard } from './calibration';
import { dateTime, pct } from './format';
import { ScorecardEditor } from './scorecard-editor';
import { ScorecardSubjects, type ScorecardSubject } from './scorecard-subjects';
import type { Evaluation, ScorecardFormDetail, ScorecardFormView } from './types';

type SubjectType = 'call' | 'work_order';
interface ScoreValues {
  points: Record<string, number | null | undefined>;
  notes: Record<string, string | undefined>;
  comment?: string;
}

export function ScorecardsPage() {
  const { t } = useLanguage();
  const [forms, setForms] = useState<ScorecardFormView[]>([]);
  const [form, setForm] = useState<ScorecardFormDetail | null>(null);
  const [subjectType, setSubjectType] = useState<SubjectType>('call');
  const [subject, setSubject] = useState<ScorecardSubject | null>(null);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState<Evaluation | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<ScorecardFormDetail | 'new' | null>(null);
  const [listsVersion, setListsVersion] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [scoreForm] = Form.useForm<ScoreValues>();
  const values = Form.useWatch([], scoreForm);

  const openForm = useCallback(
    async (id: number) => {
      try {
        const detail = await api<ScorecardFormDetail>('GET', `/quality/scorecards/${id}`);
        setForm(detail);
        setSubjectType((type) => (detail.subjectTypes.includes(type) ? type : detail.subjectTypes[0]));
        scoreForm.resetFields();
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [scoreForm],
  );
  const loadForms = useCallback(
    async (show?: number) => {
      try {
        const list = await api<ScorecardFormView[]>('GET', '/quality/scorecards');
        setForms(list);
        const id = show ?? list[0]?.id;
        if (id !== undefined) await openForm(id);
        setLoaded(true);
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [openForm],
  );
  useEffect(() => void loadForms(), [loadForms]);

  const items = useMemo(() => form?.sections.flatMap((s) => s.items) ?? [], [form]);
  const scores = (v: ScoreValues | undefined) =>
    items
      .filter((i) => typeof v?.points?.[i.code] === 'number')
      .map((i) => ({ item: i.code, points: v!.points[i.code]!, ...(v?.notes?.[i.code]?.trim() ? { comment: v.notes[i.code]!.trim() } : {}) }));
  const current = scores(values);
  const complete = !!form && scoreProblems(form.sections, current).length === 0;
  const score = complete ? scoreEvaluation(form.sections, current) : null;

  const submit = async (v: ScoreValues) => {
    if (!form || !subject) return;
    setBusy(true);
    setError('');
    try {
      const evaluation = await api<Evaluation>('POST', '/quality/evaluations', {
        formId: form.id,
        subjectType: subject.subjectType,
        subjectId: subject.subjectId,
        scores: scores(v),
        ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}),
      });
      setSaved(evaluation);
      setListsVersion((n) => n + 1);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const pointsRules = (item: (typeof items)[number]) => [
    { required: true, message: t('qPointsRequired').replace('{max}', String(item.maxPoints)) },
    { type: 'integer' as const, min: 0, max: item.maxPoints, message: t('qPointsRequired').replace('{max}', String(item.maxPoints)) },
  ];
  const noteRules = (code: string) => [
    ({ getFieldValue }: { getFieldValue: (name: (string | number)[]) => unknown }) => ({
      validator: (_: unknown, note: string | undefined) =>
        getFieldValue(['points', code]) === 0 && !note?.trim() ? Promise.reject(new Error(t('qCriticalNeedsComment'))) : Promise.resolve(),
    }),
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="quality-page-scorecards" data-loaded={loaded ? 'true' : undefined}>
      <Card
        title={t('qScorecard')}
        extra={
          <Space>
            <Button data-testid="scorecard-edit" disabled={!form} onClick={() => setEditing(form)}>
              {t('qEditForm')}
            </Button>
            <Button data-testid="scorecard-new" onClick={() => setEditing('new')}>
              {t('qNewForm')}
            </Button>
          </Space>
        }
      >
        <Space wrap size={24}>
          <Space>
            <span>{t('qForm')}</span>
            <Select
              data-testid="scorecard-form"
              value={form?.id}
              onChange={(id: number) => void openForm(id)}
              style={{ width: 320 }}
              options={forms.map((f) => ({ value: f.id, label: <span translate="no">{`${f.name} (v${f.currentVersion})`}</span> }))}
              notFoundContent={t('qNoForms')}
            />
          </Space>
          <Space>
            <span>{t('qSubjectType')}</span>
            <Radio.Group
              data-testid="scorecard-subject-type"
              optionType="button"
              value={subjectType}
              onChange={(e) => {
                setSubjectType(e.target.value as SubjectType);
                setSubject(null);
              }}
              options={(form?.subjectTypes ?? ['call', 'work_order']).map((s) => ({ value: s, label: t(`qSubject_${s}` as TextKey) }))}
            />
          </Space>
        </Space>
        <ScorecardSubjects subjectType={subjectType} picked={subject} onPick={setSubject} />
        <div style={{ margin: '8px 0' }}>
          {t('qSubject')}: <b data-testid="scorecard-subject">{subject ? subject.subjectId : t('qPickSubject')}</b>
          {subject ? <span className="muted">{` · ${t('qAgent')} ${subject.agentJobNumber}`}</span> : null}
        </div>
        <Form form={scoreForm} layout="vertical" onFinish={(v) => void submit(v)} data-testid="scorecard-items">
          {form?.sections.map((section, s) => (
            <Card key={s} size="small" type="inner" title={<span translate="no">{section.title}</span>} style={{ marginBottom: 8 }}>
              {section.items.map((item) => (
                <Space key={item.code} align="start" wrap className="scorecard-item">
                  <div style={{ minWidth: 220, paddingTop: 4 }}>
                    <span translate="no">{item.label}</span>{' '}
                    {item.criticalFail ? (
                      <Tag color="red" data-testid={`scorecard-critical-${item.code}`}>
                        {t('qCriticalItem')}
                      </Tag>
                    ) : null}
                  </div>
                  <Form.Item name={['points', item.code]} rules={pointsRules(item)} style={{ marginBottom: 8 }}>
                    <InputNumber data-testid={`scorecard-item-${item.code}`} style={{ width: 80 }} />
                  </Form.Item>
                  <span className="muted" style={{ display: 'inline-block', paddingTop: 4 }}>{`/ ${item.maxPoints} · ${t('qWeight')} ${item.weight}`}</span>
                  <Form.Item
                    name={['notes', item.code]}
                    dependencies={[['points', item.code]]}
                    rules={item.criticalFail ? noteRules(item.code) : []}
                    style={{ marginBottom: 8 }}
                  >
                    <Input data-testid={`scorecard-item-comment-${item.code}`} placeholder={t('qComments')} maxLength={1000} style={{ width: 240 }} />
                  </Form.Item>
                </Space>
              ))}
            </Card>
          ))}
          <div className="total" style={{ margin: '8px 0', fontSize: 16 }}>
            {t('qTotalScore')} <b data-testid="scorecard-total">{score ? pct(score.scorePct) : '—'}</b>{' '}
            <Typography.Text type="secondary" data-testid="scorecard-total-note">
              {!score
                ? t('qScoreIncomplete')
                : score.criticalFailed.length
                  ? `${t('qCriticalFailed')}: ${score.criticalFailed.join(', ')} (${t('qItemsAlone')} ${pct(score.itemsPct)})`
                  : ''}
            </Typography.Text>
          </div>
          <Form.Item name="comment" label={t('qComments')}>
            <Input.TextArea data-testid="scorecard-comment" rows={2} maxLength={2000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="scorecard-submit" loading={busy} disabled={!complete || !subject}>
            {t('qSubmitEvaluation')}
          </Button>
        </Form>
        <div data-testid="scorecard-result" style={{ marginTop: 8 }}>
          <Typography.Text type="danger" data-testid="scorecard-error">
            {error}
          </Typography.Text>
          {saved ? (
            <Typography.Text type="success" data-testid="scorecard-saved">
              {`${t('qSaved')} #${saved.id} · ${t('qAgent')} ${saved.agentJobNumber} · ${pct(saved.scorePct)}`}
            </Typography.Text>
          ) : null}
        </div>
      </Card>
      <EvaluationsCard version={listsVersion} />
      <CalibrationCard version={listsVersion} />
      <ScorecardEditor
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={(detail) => {
          setEditing(null);
          void loadForms(detail.id);
        }}
      />
    </Space>
  );
}

/** The latest evaluations (GET /quality/evaluations), filtered by agent, paged on the page. */
function EvaluationsCard({ version }: { version: number }) {
  const { t } = useLanguage();
  const [agent, setAgent] = useState('');
  const [rows, setRows] = useState<Evaluation[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    const agentFilter = /^[A-Za-z0-9]{1,16}$/.test(agent.trim()) ? agent.trim() : '';
    api<Evaluation[]>('GET', `/quality/evaluations${query({ limit: 200, agent: agentFilter })}`).then(setRows, (e: Error) => setError(e.message));
  }, [version, agent]);
  const columns: ColumnsType<Evaluation> = [
    { title: t('qEvaluatedAt'), key: 'at', render: (_, e) => dateTime(e.evaluatedAt) },
    { title: t('qForm'), key: 'form', render: (_, e) => <span translate="no">{`${e.form.name} v${e.form.version}`}</span> },
    { title: t('qSubject'), key: 'subject', render: (_, e) => `${t(`qSubject_${e.subjectType}` as TextKey)} ${e.subjectId}` },
    { title: t('qAgent'), dataIndex: 'agentJobNumber' },
    { title: t('qMonitor'), dataIndex: 'monitorJobNumber' },
    {
      title: t('qTotalScore'),
      key: 'score',
      render: (_, e) => (e.criticalFailed ? <Typography.Text type="danger">{pct(e.scorePct)}</Typography.Text> : pct(e.scorePct)),
      onCell: () => ({ 'data-testid': 'score' }) as never,
    },
  ];
  return (
    <Card
      title={t('qEvaluations')}
      extra={
        <Input
          data-testid="evaluations-agent"
          placeholder={t('qAgentFilter')}
          value={agent}
          onChange={(e) => setAgent(e.target.value)}
          allowClear
          style={{ width: 160 }}
        />
      }
    >
      <Typography.Text type="danger">{error}</Typography.Text>
      <Table<Evaluation>
        data-testid="evaluations-table"
        rowKey="id"
        size="small"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={rows}
        columns={columns}
        onRow={(e) => ({ 'data-testid': `evaluation-row-${e.id}` }) as never}
      />
    </Card>
  );
}
