import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';

/** Live work-order notifications; the softphone gateway forwards them to supervisors' sockets. */
export type WorkOrderEvent =
  | { type: 'escalated'; workOrderNumber: string; reason: string; at: Date; notificationId: number }
  | { type: 'major-complaint'; workOrderNumber: string; channel: string; reason: string; at: Date; notificationId: number }
  /** A work order closed (after commit); quality schedules its callback visit (回访) from it. */
  | { type: 'closed'; workOrderNumber: string; workOrderId: number; at: Date };

@Injectable()
export class WorkOrderEvents implements OnModuleDestroy {
  private readonly subject = new Subject<WorkOrderEvent>();
  readonly events$: Observable<WorkOrderEvent> = this.subject.asObservable();

  /** Called after the notification's transaction commits, so no event announces a rolled-back change. */
  publish(event: WorkOrderEvent): void {
    this.subject.next(event);
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }
}
