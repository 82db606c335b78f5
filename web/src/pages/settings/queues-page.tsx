/**
 * 队列与技能 (#/settings/queues): queues, skills and agents' skills, loaded together (each tab names the
 * others: a queue's skill, a skill's queues and agents) and reloaded after any change. Admins create
 * queues and skills; supervisors and admins edit queues and set agents' skills.
 */
import { Alert, Tabs } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { hasRole } from '../../core';
import { useLanguage } from '../../language';
import { QueuesTab } from './queues';
import { type AgentSkills, type Queue, settingsApi, type Skill } from './service';
import { AgentSkillsTab, SkillsTab } from './skills';

export function QueuesPage() {
  const { t } = useLanguage();
  const [queues, setQueues] = useState<Queue[] | null>(null);
  const [skills, setSkills] = useState<Skill[] | null>(null);
  const [agents, setAgents] = useState<AgentSkills[] | null>(null);
  const [error, setError] = useState('');
  const admin = hasRole('admin');
  const load = useCallback(async () => {
    try {
      const [q, s, a] = await Promise.all([settingsApi.queues(), settingsApi.skills(), settingsApi.agentSkills()]);
      setQueues(q);
      setSkills(s);
      setAgents(a);
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => void load(), [load]);
  const changed = () => void load();
  return (
    <>
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
      <Tabs
        data-testid="settings-queues-page"
        items={[
          {
            key: 'queues',
            label: <span data-testid="settings-tab-queues">{t('setQueues')}</span>,
            children: <QueuesTab queues={queues} skills={skills ?? []} canCreate={admin} canEdit onChanged={changed} />,
          },
          {
            key: 'skills',
            label: <span data-testid="settings-tab-skills">{t('setSkills')}</span>,
            children: <SkillsTab skills={skills} queues={queues ?? []} agents={agents ?? []} canEdit={admin} onChanged={changed} />,
          },
          {
            key: 'agents',
            label: <span data-testid="settings-tab-agent-skills">{t('setAgentSkills')}</span>,
            children: <AgentSkillsTab agents={agents} skills={skills ?? []} onChanged={changed} />,
          },
        ]}
      />
    </>
  );
}
