import type { Role } from '../../auth/role';

/**
 * The work-order inbox's tabs (saved views) for each role: an agent works on theirs and follows up
 * those waiting on the customer; terminal staff on their unit's, soonest deadline first; supervisors
 * on everything open, the overdue, escalations, major complaints (重大投诉) and 无法处理; quality
 * monitors audit every order (numbers masked).
 */
export const INBOX_TABS = ['mine', 'follow_ups', 'unit', 'unit_overdue', 'all', 'overdue', 'escalated', 'major', 'cannot_handle', 'audit', 'closed'] as const;
export type InboxTab = (typeof INBOX_TABS)[number];

/** `relevance`: a text search's best matches first (its default). */
export const INBOX_SORTS = ['newest', 'oldest', 'due', 'updated', 'relevance'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

const TABS_OF_ROLE: Partial<Record<Role, InboxTab[]>> = {
  agent: ['mine', 'follow_ups'],
  terminal: ['unit', 'unit_overdue'],
  supervisor: ['all', 'overdue', 'escalated', 'major', 'cannot_handle'],
  quality: ['audit', 'closed'],
};

/** Tabs whose work is against the clock list the soonest deadline first. */
const DUE_FIRST: readonly InboxTab[] = ['unit', 'unit_overdue', 'overdue'];

/** The tabs a person sees, in their roles' order, without repeats. */
export function tabsFor(roles: readonly Role[]): InboxTab[] {
  return [...new Set(roles.flatMap((role) => TABS_OF_ROLE[role] ?? []))];
}

export function defaultSort(tab: InboxTab): InboxSort {
  return DUE_FIRST.includes(tab) ? 'due' : 'newest';
}

/**
 * A tab's condition on a work-order query (alias `o`), with its parameters; the viewer's scope
 * (`work-order-access.ts`) is applied besides. `me` is the viewer's staff id, `unit` their unit.
 */
export function tabCondition(tab: InboxTab, me: number, unit: number | null, now: Date): { where: string; params: Record<string, unknown> } {
  // Open orders followed up or created by me: each side of the OR a whole range of its own index
  // (IDX_work_order_agent_open, IDX_work_order_created_by_open), so both engines read the two ranges and
  // put them together (MariaDB's index merge, SQLite's multi-index OR) instead of walking every order
  // of the agent to test closedAt (bench:pages, 1 M orders).
  const mineOpen = '((o.agentId = :inboxMe AND o.closedAt IS NULL) OR (o.createdById = :inboxMe AND o.closedAt IS NULL))';
  const params = { inboxMe: me, inboxUnit: unit ?? -1, inboxNow: now };
  switch (tab) {
    case 'mine':
      return { where: mineOpen, params };
    // Waiting on the customer: a solution to put to them, or an order they sent back (both open).
    case 'follow_ups':
      return { where: `o.status IN ('solution_proposed', 'reopened') AND ${mineOpen}`, params };
    case 'unit':
      return { where: 'o.closedAt IS NULL AND o.unitId = :inboxUnit', params };
    case 'unit_overdue':
      return { where: 'o.closedAt IS NULL AND o.unitId = :inboxUnit AND o.dueAt < :inboxNow', params };
    case 'all':
      return { where: 'o.closedAt IS NULL', params };
    case 'overdue':
      return { where: 'o.closedAt IS NULL AND o.dueAt < :inboxNow', params };
    case 'escalated':
      return { where: "o.status = 'escalated'", params };
    case 'major':
      return { where: "o.closedAt IS NULL AND o.severity = 'major'", params };
    case 'cannot_handle':
      return { where: "o.status = 'escalated' AND o.escalationReason = 'cannot-handle'", params };
    case 'audit':
      return { where: '1 = 1', params };
    case 'closed':
      return { where: "o.status = 'closed'", params };
  }
}
