import type { Provider } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { EventBus, EventChannel } from '../events/event-bus';

/** Live work-order notifications; the softphone gateway forwards them to supervisors' sockets. */
export type WorkOrderEvent =
  | { type: 'escalated'; workOrderNumber: string; reason: string; at: Date; notificationId: number }
  | { type: 'major-complaint'; workOrderNumber: string; channel: string; reason: string; at: Date; notificationId: number }
  /** A work order closed (after commit); quality schedules its callback visit (回访) from it. */
  | { type: 'closed'; workOrderNumber: string; workOrderId: number; at: Date }
  /** A work order created from a call (after commit); the softphone refreshes that call's screen pop. */
  | { type: 'created'; workOrderNumber: string; callSid: string; customerPhone: string; at: Date }
  /** Any change of an order (created, an action, a remark, a claim, a photo), after commit: the inbox and detail pages refresh from it. */
  | WorkOrderChanged;

/** Who may see the order (for delivering the change only to them: `work-order-access.ts`) and what changed. */
export interface WorkOrderChanged {
  type: 'changed';
  workOrderNumber: string;
  /** create, assign, start, propose-solution, accept, reject, close, reopen, escalate, cannot-handle, update, remark, claim-…, attachment, escalate-overdue */
  action: string;
  status: string;
  at: Date;
  createdById: number;
  agentId: number | null;
  unitId: number | null;
}

/** The bus's work-order events (`'work-order'`): published after the notification's transaction commits. */
export abstract class WorkOrderEvents implements EventChannel<WorkOrderEvent> {
  abstract readonly events$: Observable<WorkOrderEvent>;
  abstract publish(event: WorkOrderEvent): void;
}

export const workOrderEventsProvider: Provider = { provide: WorkOrderEvents, useFactory: (bus: EventBus) => bus.channel('work-order'), inject: [EventBus] };

/** The change event of `order` (its fields after the change). */
export function changedEvent(
  order: { number: string; status: string; createdById: number; agentId: number | null; unitId: number | null },
  action: string,
  at: Date,
): WorkOrderChanged {
  return {
    type: 'changed',
    workOrderNumber: order.number,
    action,
    status: order.status,
    at,
    createdById: order.createdById,
    agentId: order.agentId,
    unitId: order.unitId,
  };
}
