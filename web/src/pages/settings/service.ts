/** The settings pages' calls to the server (bearer token, errors worded by code: core.api) and their types, generated from the OpenAPI document. */
import { api, query } from '../../core';
import type { components } from '../../services/api-types';

type Schemas = components['schemas'];
export type Queue = Schemas['QueueView'];
export type QueueInput = Schemas['CreateQueueDto'];
export type Skill = Schemas['Skill'];
export type AgentSkills = Schemas['AgentSkillsRowView'];
export type AgentSkill = Schemas['AgentSkillView'];
export type SlaPolicy = Schemas['SlaPolicyView'];
export type SlaInput = Schemas['SlaPolicyDto'];
export type Cause = Schemas['ComplaintCause'];
export type CauseInput = Schemas['PutCauseDto'];
export type Unit = Schemas['TerminalUnit'];
export type UnitInput = Schemas['CreateUnitDto'];
export type Subject = Schemas['PersonalDataSubject'];
export type PdRequest = Schemas['PersonalDataRequestView'];
export type PdPage = Schemas['PersonalDataRequestPage'];
export type PdExport = Schemas['PersonalDataExport'];
export type Terminal = Unit['terminal'];

export const STRATEGIES: Queue['strategy'][] = ['longest-idle', 'fewest-calls', 'least-talk-time', 'round-robin', 'skill-tiers', 'ring-all'];
export const TERMINALS: Terminal[] = ['store', 'logistics', 'dispatch', 'after_sales', 'manufacturer', 'invoice', 'membership', 'warranty'];
export const PD_ACTIONS: PdRequest['action'][] = ['export', 'erasure', 'retention'];

const at = (path: string, code: string) => `${path}/${encodeURIComponent(code)}`;

export const settingsApi = {
  queues: () => api<Queue[]>('GET', '/queues'),
  createQueue: (body: QueueInput) => api<Queue>('POST', '/queues', body),
  updateQueue: (code: string, body: Partial<QueueInput>) => api<Queue>('PATCH', at('/queues', code), body),
  skills: () => api<Skill[]>('GET', '/skills'),
  createSkill: (body: Schemas['CreateSkillDto']) => api<Skill>('POST', '/skills', body),
  renameSkill: (code: string, name: string) => api<Skill>('PATCH', at('/skills', code), { name }),
  agentSkills: () => api<AgentSkills[]>('GET', '/agents/skills'),
  setAgentSkills: (jobNumber: string, skills: AgentSkill[]) => api<AgentSkill[]>('PUT', `${at('/agents', jobNumber)}/skills`, { skills }),
  slaPolicies: () => api<SlaPolicy[]>('GET', '/sla-policies'),
  putSla: (category: string, body: SlaInput) => api<SlaPolicy>('PUT', at('/sla-policies', category), body),
  resetSla: (category: string) => api<SlaPolicy>('DELETE', at('/sla-policies', category)),
  causes: () => api<Cause[]>('GET', '/quality/causes?all=true'),
  putCause: (code: string, body: CauseInput) => api<Cause>('PUT', at('/quality/causes', code), body),
  units: () => api<Unit[]>('GET', '/units'),
  createUnit: (body: UnitInput) => api<Unit>('POST', '/units', body),
  updateUnit: (code: string, body: Partial<UnitInput>) => api<Unit>('PATCH', at('/units', code), body),
  subject: (phone: string) => api<Subject>('GET', `/personal-data-subjects${query({ phone })}`),
  exportData: (customerId: number, reason: string) => api<PdExport>('POST', `/customers/${customerId}/personal-data/export`, { reason }),
  erase: (customerId: number, reason: string) => api<Schemas['ErasureResult']>('POST', `/customers/${customerId}/personal-data/erasure`, { reason }),
  requests: (params: { action?: string; customerId?: number; cursor?: string }) =>
    api<PdPage>('GET', `/personal-data-requests${query({ limit: 50, ...params })}`),
};

/** A queue's or skill's code, as the server checks it (src/routing/dtos/routing.dto.ts). */
export const CODE = /^[a-z][a-z0-9_-]{1,31}$/;
/** A unit's code (src/organisation/units/dtos/terminal-unit.dto.ts). */
export const UNIT_CODE = /^[A-Z][A-Z0-9_-]{1,31}$/;
/** A cause's code: a work-order category (src/work-orders/dtos/work-order.dto.ts). */
export const CATEGORY = /^[a-z][a-z0-9_]{1,31}$/;
