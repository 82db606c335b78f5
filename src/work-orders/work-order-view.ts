import type { SearchMatch } from '../search/search-highlight';
import type { TerminalUnit } from '../organisation/terminal-unit.entity';
import { allowedActionsFor, WorkOrderStep } from './lifecycle';
import { REMARK_FLAG_COLOURS, RemarkFlag, WorkOrderRemark } from './work-order-remark.entity';
import type { WorkOrderCall } from './work-order-call.entity';
import type { AcceptanceMethod, WorkOrder } from './work-order.entity';

export interface RemarkView {
  id: number;
  flag: RemarkFlag | null;
  colour: string | null;
  reason: string;
  by: string;
  at: Date;
  /** "reason + agent + date" (原因+客服名/日期), as seed 000 writes remarks. */
  text: string;
}

export interface WorkOrderView {
  number: string;
  status: WorkOrder['status'];
  /** The steps the viewer may take now, named as the routes (`POST /work-orders/:number/<step>`). */
  allowedActions: WorkOrderStep[];
  channel: WorkOrder['channel'];
  type: WorkOrder['type'];
  category: string;
  terminal: WorkOrder['terminal'];
  unit: { code: string; name: string; terminal: string } | null;
  responsiblePerson: string | null;
  customer: { id: number; name: string | null; vip: boolean; phone: string };
  externalOrderNumber: string | null;
  product: string | null;
  description: string;
  severity: WorkOrder['severity'];
  solution: string | null;
  solutionProposedAt: Date | null;
  acceptance: { acceptedAt: Date; method: AcceptanceMethod; callSid: string | null; recordedBy: string | null } | null;
  dueAt: Date;
  overdue: boolean;
  firstResponseDueAt: Date | null;
  firstRespondedAt: Date | null;
  escalatedAt: Date | null;
  escalationReason: string | null;
  closedAt: Date | null;
  reopenCount: number;
  createdBy: string | null;
  agent: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  calls?: { callSid: string; linkedAt: Date }[];
  remarks?: RemarkView[];
  /** In the answer to a text search (`q`): where the order holds the words, with them marked. */
  match?: SearchMatch | null;
}

export function formatNumber(day: string, sequence: number): string {
  return `WO${day}-${String(sequence).padStart(6, '0')}`;
}

export function remarkView(remark: WorkOrderRemark, utcOffsetMinutes: number): RemarkView {
  const localDate = new Date(remark.createdAt.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' ');
  return {
    id: remark.id,
    flag: remark.flag,
    colour: remark.flag ? REMARK_FLAG_COLOURS[remark.flag] : null,
    reason: remark.reason,
    by: remark.authorJobNumber,
    at: remark.createdAt,
    text: `${remark.reason} — ${remark.authorJobNumber} ${localDate}`,
  };
}

export function workOrderView(
  o: WorkOrder,
  now: Date,
  jobNumbers: Map<number, string>,
  unit: TerminalUnit | null | undefined,
  extra: { calls?: WorkOrderCall[]; remarks?: RemarkView[]; roles?: readonly string[] } = {},
): WorkOrderView {
  return {
    number: o.number,
    status: o.status,
    allowedActions: allowedActionsFor(o, extra.roles),
    channel: o.channel,
    type: o.type,
    category: o.category,
    terminal: o.terminal,
    unit: unit ? { code: unit.code, name: unit.name, terminal: unit.terminal } : null,
    responsiblePerson: o.responsiblePerson,
    customer: { id: o.customerId, name: o.customer?.name ?? null, vip: o.customer?.vip ?? false, phone: o.customerPhone },
    externalOrderNumber: o.externalOrderNumber,
    product: o.product,
    description: o.description,
    severity: o.severity,
    solution: o.solution,
    solutionProposedAt: o.solutionProposedAt,
    acceptance: o.acceptedAt
      ? {
          acceptedAt: o.acceptedAt,
          method: o.acceptanceMethod!,
          callSid: o.acceptanceCallSid,
          recordedBy: jobNumbers.get(o.acceptanceRecordedById ?? -1) ?? null,
        }
      : null,
    dueAt: o.dueAt,
    overdue: o.closedAt === null && o.dueAt.getTime() < now.getTime(),
    firstResponseDueAt: o.firstResponseDueAt,
    firstRespondedAt: o.firstRespondedAt,
    escalatedAt: o.escalatedAt,
    escalationReason: o.escalationReason,
    closedAt: o.closedAt,
    reopenCount: o.reopenCount,
    createdBy: jobNumbers.get(o.createdById) ?? null,
    agent: o.agentId === null ? null : (jobNumbers.get(o.agentId) ?? null),
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    version: o.version,
    ...(extra.calls ? { calls: extra.calls.map((c) => ({ callSid: c.callSid, linkedAt: c.linkedAt })) } : {}),
    ...(extra.remarks ? { remarks: extra.remarks } : {}),
  };
}
