/**
 * 技能 and 坐席技能 (#/settings/queues, second and third tabs): the skills queues ask for (admins create
 * and rename them; the code stays), and every agent's skills with their levels (1 = best), set by
 * supervisors and admins (PUT /agents/:jobNumber/skills, used by routing at once).
 */
import { Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { fill } from '../../core';
import { useLanguage } from '../../language';
import { FormModal } from '../../components/form-modal';
import { editColumns } from './edit-column';
import { Named, withNames } from './named';
import { type AgentSkill, type AgentSkills, CODE, type Queue, settingsApi, type Skill } from './service';

export function SkillsTab({
  skills,
  queues,
  agents,
  canEdit,
  onChanged,
}: {
  skills: Skill[] | null;
  queues: Queue[];
  agents: AgentSkills[];
  canEdit: boolean;
  onChanged: () => void;
}) {
  const { t } = useLanguage();
  const [editing, setEditing] = useState<{ skill: Skill | null } | null>(null);
  return (
    <Card
      data-testid="settings-skills"
      data-loaded={skills ? 'true' : 'false'}
      title={t('setSkills')}
      extra={
        canEdit && (
          <Button type="primary" data-testid="skill-create" onClick={() => setEditing({ skill: null })}>
            {t('setSkillCreate')}
          </Button>
        )
      }
    >
      <Table<Skill>
        rowKey="code"
        size="small"
        data-testid="skill-table"
        loading={!skills}
        dataSource={skills ?? []}
        pagination={false}
        onRow={(s) => ({ 'data-testid': 'skill-row', 'data-code': s.code }) as never}
        columns={[
          { title: t('setCode'), dataIndex: 'code', width: 140, render: (code: string) => <span translate="no">{code}</span> },
          { title: t('setName'), dataIndex: 'name', render: (name: string) => <Named>{name}</Named> },
          {
            title: t('setSkillQueues'),
            render: (_: unknown, s) =>
              queues
                .filter((q) => q.skillCode === s.code)
                .map((q) => (
                  <Tag key={q.code}>
                    <Named>{q.name}</Named>
                  </Tag>
                )),
          },
          {
            title: t('setSkillAgents'),
            width: 100,
            align: 'right',
            render: (_: unknown, s) => agents.filter((a) => a.skills.some((x) => x.skillCode === s.code)).length,
          },
          ...editColumns<Skill>(canEdit, t, 'skill-edit', (s) => setEditing({ skill: s })),
        ]}
      />
      {editing && (
        <SkillModal
          skill={editing.skill}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

function SkillModal({ skill, onClose, onDone }: { skill: Skill | null; onClose: () => void; onDone: () => void }) {
  const { t } = useLanguage();
  return (
    <FormModal<{ code: string; name: string }, Skill>
      testId="skill"
      title={skill ? withNames(t('setSkillEdit'), { code: skill.code }) : t('setSkillCreate')}
      initialValues={skill ?? {}}
      save={({ code, name }) => (skill ? settingsApi.renameSkill(skill.code, name.trim()) : settingsApi.createSkill({ code, name: name.trim() }))}
      savedMessage={(saved) => (skill ? t('setSaved') : withNames(t('setSkillCreated'), { code: saved.code }))}
      onClose={onClose}
      onDone={onDone}
    >
      <Form.Item name="code" label={t('setCode')} extra={t('setCodeFixed')} rules={[{ required: true, pattern: CODE, message: t('setCodeRule') }]}>
        <Input data-testid="skill-form-code" disabled={!!skill} autoComplete="off" maxLength={32} translate="no" />
      </Form.Item>
      <Form.Item name="name" label={t('setName')} rules={[{ required: true, whitespace: true, message: t('setNameRequired') }]}>
        <Input data-testid="skill-form-name" maxLength={64} autoComplete="off" translate="no" />
      </Form.Item>
    </FormModal>
  );
}

export function AgentSkillsTab({ agents, skills, onChanged }: { agents: AgentSkills[] | null; skills: Skill[]; onChanged: () => void }) {
  const { t } = useLanguage();
  const [editing, setEditing] = useState<AgentSkills | null>(null);
  const [filters, setFilters] = useState<{ q?: string; skill?: string }>({});
  const skillName = (code: string) => skills.find((s) => s.code === code)?.name ?? code;
  const shown = useMemo(() => {
    const q = filters.q?.toLowerCase();
    return (agents ?? []).filter(
      (a) => (!q || a.jobNumber.includes(q) || a.name.toLowerCase().includes(q)) && (!filters.skill || a.skills.some((s) => s.skillCode === filters.skill)),
    );
  }, [agents, filters]);
  return (
    <Card data-testid="settings-agent-skills" data-loaded={agents ? 'true' : 'false'} title={t('setAgentSkills')}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('setSearchAgent')}
          style={{ width: 220 }}
          data-testid="agent-skills-search"
          onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim() || undefined }))}
          onChange={(e) => !e.target.value && setFilters((f) => ({ ...f, q: undefined }))}
        />
        <Select
          allowClear
          placeholder={t('setFilterSkill')}
          style={{ width: 240 }}
          data-testid="agent-skills-filter"
          value={filters.skill}
          options={skills.map((s) => ({ value: s.code, label: <Named>{s.name}</Named> }))}
          onChange={(skill) => setFilters((f) => ({ ...f, skill }))}
        />
      </Space>
      <Table<AgentSkills>
        rowKey="jobNumber"
        size="small"
        data-testid="agent-skills-table"
        loading={!agents}
        dataSource={shown}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(a) => ({ 'data-testid': 'agent-skills-row', 'data-job-number': a.jobNumber }) as never}
        columns={[
          { title: t('jobNumber'), dataIndex: 'jobNumber', width: 100 },
          {
            title: t('setAgent'),
            dataIndex: 'name',
            render: (name: string, a) => (
              <span>
                <Named>{name}</Named>
                {!a.active && <Tag style={{ marginLeft: 8 }}>{t('setAgentInactive')}</Tag>}
              </span>
            ),
          },
          {
            title: t('setSkills'),
            dataIndex: 'skills',
            render: (list: AgentSkill[], a) => (
              <span data-testid="agent-skills-list" data-skills={list.map((s) => `${s.skillCode}:${s.level}`).join(',')}>
                {list.map((s) => (
                  <Tag key={s.skillCode} color={s.level === 1 ? 'blue' : undefined} data-job-number={a.jobNumber}>
                    <Named>{skillName(s.skillCode)}</Named> · {t('setLevel')} {s.level}
                  </Tag>
                ))}
              </span>
            ),
          },
          {
            title: t('setActions'),
            width: 90,
            render: (_: unknown, a) => (
              <Button size="small" data-testid="agent-skills-edit" onClick={() => setEditing(a)}>
                {t('setEdit')}
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <AgentSkillsModal
          agent={editing}
          skills={skills}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

function AgentSkillsModal({ agent, skills, onClose, onDone }: { agent: AgentSkills; skills: Skill[]; onClose: () => void; onDone: () => void }) {
  const { t } = useLanguage();
  return (
    <FormModal<{ skills?: AgentSkill[] }, AgentSkill[]>
      testId="agent-skills"
      title={withNames(t('setAgentSkillsEdit'), { name: agent.name, jobNumber: agent.jobNumber })}
      intro={<Typography.Paragraph type="secondary">{t('setAgentSkillsText')}</Typography.Paragraph>}
      vertical={false}
      initialValues={{ skills: agent.skills }}
      save={({ skills: chosen }) => settingsApi.setAgentSkills(agent.jobNumber, chosen ?? [])}
      savedMessage={() => fill(t('setAgentSkillsSaved'), { jobNumber: agent.jobNumber })}
      onClose={onClose}
      onDone={onDone}
    >
      <Form.List name="skills">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Space key={field.key} align="baseline" data-testid="agent-skill-line">
                <Form.Item
                  name={[field.name, 'skillCode']}
                  rules={[
                    { required: true, message: t('setSkillRequired') },
                    ({ getFieldValue }) => ({
                      validator: (_, code?: string) =>
                        code && (getFieldValue('skills') as AgentSkill[]).filter((s) => s?.skillCode === code).length > 1
                          ? Promise.reject(new Error(t('setSkillTwice')))
                          : Promise.resolve(),
                    }),
                  ]}
                >
                  <Select
                    style={{ width: 260 }}
                    data-testid="agent-skill-select"
                    placeholder={t('setSkills')}
                    options={skills.map((s) => ({ value: s.code, label: <Named>{s.name}</Named> }))}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'level']} rules={[{ required: true, type: 'integer', min: 1, max: 5, message: t('setLevelRule') }]}>
                  <InputNumber data-testid="agent-skill-level" addonBefore={t('setLevel')} style={{ width: 140 }} />
                </Form.Item>
                <Button type="text" danger onClick={() => remove(field.name)} aria-label={t('setRemove')} data-testid="agent-skill-remove">
                  ✕
                </Button>
              </Space>
            ))}
            <Button type="dashed" block data-testid="agent-skill-add" onClick={() => add({ level: 2 })}>
              + {t('setAgentSkillAdd')}
            </Button>
          </>
        )}
      </Form.List>
    </FormModal>
  );
}
