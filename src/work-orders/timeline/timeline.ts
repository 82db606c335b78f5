import type { WorkOrderAttachment } from '../work-order-attachment.entity';
import type { WorkOrderAudit } from '../work-order-audit.entity';
import type { WorkOrderCall } from '../work-order-call.entity';
import type { WorkOrderClaim } from '../work-order-claim.entity';
import type { WorkOrderNotification } from '../work-order-notification.entity';
import { REMARK_FLAG_COLOURS, WorkOrderRemark } from '../work-order-remark.entity';
import type { SmsMessage } from '../../sms/sms-message.entity';

/** One event of a work order's history, for the detail page's timeline. */
export type TimelineEntry = { at: Date; by: string | null } & (
  | { kind: 'action'; action: string; note: string | null; before: Record<string, unknown> | null; after: Record<string, unknown> | null }
  | { kind: 'remark'; remarkId: number; flag: string | null; colour: string | null; reason: string }
  | { kind: 'call'; callSid: string }
  | { kind: 'claim'; claimId: number; status: string; responsibleParty: string; amount: number }
  | { kind: 'attachment'; attachmentId: number; fileName: string; contentType: string; sizeBytes: number; href: string }
  | { kind: 'notification'; notificationId: number; type: string; audience: string; reason: string; acknowledgedAt: Date | null }
  | { kind: 'sms'; smsId: number; smsKind: string; body: string; status: string; errorCode: number | null }
);

export interface TimelineSources {
  number: string;
  audits: WorkOrderAudit[];
  remarks: WorkOrderRemark[];
  calls: WorkOrderCall[];
  claims: WorkOrderClaim[];
  attachments: WorkOrderAttachment[];
  notifications: WorkOrderNotification[];
  /** SMS to the customer about the order (when written; their status is the latest). */
  sms?: SmsMessage[];
  /** Job numbers by staff id. */
  jobNumbers: Map<number, string>;
}

/**
 * Audit entries that a richer row of their own stands for (the remark, the call, the claim, the
 * photo): the timeline shows that row instead, so nothing appears twice.
 */
const SHOWN_BY_THEIR_ROW = new Set(['remark', 'attach', 'link-call', 'claim-request']);

/** Every source of a work order's history merged into one list, oldest first (ties in the order things happen: the action, then what it made). */
export function mergeTimeline(s: TimelineSources): TimelineEntry[] {
  const who = (id: number | null) => (id === null ? null : (s.jobNumbers.get(id) ?? null));
  const entries: TimelineEntry[] = [
    ...s.audits
      .filter((a) => !SHOWN_BY_THEIR_ROW.has(a.action))
      .map((a): TimelineEntry => ({
        kind: 'action',
        at: a.at,
        by: a.actorJobNumber ?? 'system',
        action: a.action,
        note: a.note,
        before: a.before,
        after: a.after,
      })),
    ...s.remarks.map((r): TimelineEntry => ({
      kind: 'remark',
      at: r.createdAt,
      by: r.authorJobNumber,
      remarkId: r.id,
      flag: r.flag,
      colour: r.flag ? REMARK_FLAG_COLOURS[r.flag] : null,
      reason: r.reason,
    })),
    ...s.calls.map((c): TimelineEntry => ({ kind: 'call', at: c.linkedAt, by: who(c.linkedById), callSid: c.callSid })),
    ...s.claims.map((c): TimelineEntry => ({
      kind: 'claim',
      at: c.requestedAt,
      by: who(c.requestedById),
      claimId: c.id,
      status: c.status,
      responsibleParty: c.responsibleParty,
      amount: Number(c.amount),
    })),
    ...s.attachments.map((a): TimelineEntry => ({
      kind: 'attachment',
      at: a.uploadedAt,
      by: who(a.uploadedById),
      attachmentId: a.id,
      fileName: a.originalName,
      contentType: a.contentType,
      sizeBytes: a.sizeBytes,
      href: `/work-orders/${s.number}/attachments/${a.id}`,
    })),
    ...s.notifications.map((n): TimelineEntry => ({
      kind: 'notification',
      at: n.createdAt,
      by: null,
      notificationId: n.id,
      type: n.type,
      audience: n.audience,
      reason: n.reason,
      acknowledgedAt: n.acknowledgedAt,
    })),
    ...(s.sms ?? []).map((m): TimelineEntry => ({
      kind: 'sms',
      at: m.createdAt,
      by: null,
      smsId: m.id,
      smsKind: m.kind,
      body: m.body,
      status: m.status,
      errorCode: m.errorCode,
    })),
  ];
  // A stable sort: within one instant, the action (listed first above) precedes what it made.
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}
