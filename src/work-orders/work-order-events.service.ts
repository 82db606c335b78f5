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
  | { type: 'created'; workOrderNumber: string; callSid: string; customerPhone: string; at: Date };

/** The bus's work-order events (`'work-order'`): published after the notification's transaction commits. */
export abstract class WorkOrderEvents implements EventChannel<WorkOrderEvent> {
  abstract readonly events$: Observable<WorkOrderEvent>;
  abstract publish(event: WorkOrderEvent): void;
}

export const workOrderEventsProvider: Provider = { provide: WorkOrderEvents, useFactory: (bus: EventBus) => bus.channel('work-order'), inject: [EventBus] };
