import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import type { AccessRevoked } from '../auth/staff-access-events';
import type { QualityAlertPush } from '../quality/alerts/quality-alert-view';
import type { CallbackVisitScheduled } from '../quality/callbacks/callback-visit-events';
import type { WorkOrderEvent } from '../work-orders/work-order-events.service';
import type { OrderChangeEvent } from '../orders/deliveries/order-change-event';

/**
 * The events inside the server, by name, and what each carries (as Immich's `EventMap`). Each is
 * published after the transaction of the change it announces commits, so none announces a rolled-back change.
 */
export interface ServerEventMap {
  /** Work-order notifications (escalations, major complaints) and closes; the gateway forwards the notifications, quality schedules callback visits. */
  'work-order': WorkOrderEvent;
  /** Quality alerts raised or escalated; the gateway pushes them to supervisors and quality monitors. */
  'quality-alert': QualityAlertPush;
  /** A member of staff's access withdrawn (after commit); the gateway closes their sockets. */
  'staff-access-revoked': AccessRevoked;
  /** A callback visit (回访) scheduled after a close (after commit); SMS invites the customer. */
  'callback-visit-scheduled': CallbackVisitScheduled;
  /** The hotline's change to an order's booking (reschedule, address, re-delivery), after commit; for the order system. */
  'order-change': OrderChangeEvent;
}

export type ServerEventName = keyof ServerEventMap;

/** One kind of event of the bus, for a module that publishes or reads only that kind. */
export interface EventChannel<E> {
  readonly events$: Observable<E>;
  publish(event: E): void;
}

/** The one bus for events inside the server: typed by ServerEventMap, synchronous, in-process. */
@Injectable()
export class EventBus implements OnModuleDestroy {
  private readonly subjects = new Map<ServerEventName, Subject<unknown>>();

  publish<K extends ServerEventName>(name: K, event: ServerEventMap[K]): void {
    this.subject(name).next(event);
  }

  on<K extends ServerEventName>(name: K): Observable<ServerEventMap[K]> {
    return this.subject(name).asObservable() as Observable<ServerEventMap[K]>;
  }

  channel<K extends ServerEventName>(name: K): EventChannel<ServerEventMap[K]> {
    return { events$: this.on(name), publish: (event) => this.publish(name, event) };
  }

  onModuleDestroy(): void {
    for (const subject of this.subjects.values()) subject.complete();
  }

  private subject(name: ServerEventName): Subject<unknown> {
    let subject = this.subjects.get(name);
    if (!subject) this.subjects.set(name, (subject = new Subject<unknown>()));
    return subject;
  }
}
