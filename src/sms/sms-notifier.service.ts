import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { merge, Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { ConfigVariables } from '../../config/config-variables';
import { EventBus } from '../events/event-bus';
import type { OrderChangeEvent } from '../orders/deliveries/order-change-event';
import { SalesOrder } from '../orders/sales-order.entity';
import type { CallbackVisitScheduled } from '../quality/callbacks/callback-visit-events';
import type { WorkOrderChanged } from '../work-orders/work-order-events.service';
import { WorkOrder } from '../work-orders/work-order.entity';
import { deliveryNoticeFor } from './delivery-change-notice';
import { SmsDispatchService } from './sms-dispatch.service';
import { languageForPhone, siteTimeText, TemplateKind } from './sms-templates';

/** A delivery's new booking, for its SMS (from the deliveries module's `order-change` event; delivery-change-notice.ts). */
export interface DeliveryChangeNotice {
  customerPhone: string;
  customerId?: number | null;
  orderNumber: string;
  deliveryDate: string;
  deliveryWindow: string;
  /** Unique per change (e.g. the delivery's id and version). */
  changeKey: string;
  workOrderId?: number | null;
  workOrderNumber?: string | null;
}

/** Which work-order changes the customer hears of by SMS. */
const ON_ACTION: Partial<Record<string, TemplateKind>> = {
  create: 'work_order_created',
  'propose-solution': 'solution_proposed',
  close: 'work_order_closed',
};

/**
 * Turns what happens into SMS to the customer: a work order created (its number), a solution
 * proposed, a close, a callback visit (回访) scheduled, a delivery changed. Each from an event
 * published after its change committed; each message keyed by its cause, so none is sent twice.
 */
@Injectable()
export class SmsNotifierService implements OnApplicationBootstrap, OnModuleDestroy {
  private subscription?: Subscription;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly bus: EventBus,
    @InjectDataSource() private readonly db: DataSource,
    private readonly dispatch: SmsDispatchService,
    private readonly config: ConfigVariables,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('sms');
  }

  onApplicationBootstrap(): void {
    this.subscription = merge(this.bus.on('work-order'), this.bus.on('callback-visit-scheduled'), this.bus.on('order-change')).subscribe((event) => {
      if ('visitId' in event) return this.track(this.callbackInvitation(event));
      if ('bookingReference' in event) return this.track(this.bookingChanged(event));
      if (event.type === 'changed' && ON_ACTION[event.action]) this.track(this.workOrderChanged(event, ON_ACTION[event.action]!));
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.settled();
  }

  /** Resolves once the messages for every event received so far are written (tests). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  async deliveryChanged(notice: DeliveryChangeNotice): Promise<void> {
    await this.dispatch.enqueue({
      kind: 'delivery_changed',
      phone: notice.customerPhone,
      customerId: notice.customerId,
      workOrderId: notice.workOrderId,
      workOrderNumber: notice.workOrderNumber,
      values: { orderNumber: notice.orderNumber, deliveryDate: notice.deliveryDate, deliveryWindow: notice.deliveryWindow },
      dedupeKey: `delivery_changed:${notice.changeKey}`,
    });
  }

  /** A reschedule or re-delivery the hotline made: the order's customer hears the new day and window. */
  private async bookingChanged(event: OrderChangeEvent): Promise<void> {
    const order = await this.db.getRepository(SalesOrder).findOneBy({ number: event.orderNumber });
    const notice = order ? deliveryNoticeFor(event, order.customerPhone) : null;
    if (notice) await this.deliveryChanged(notice);
  }

  private async workOrderChanged(event: WorkOrderChanged, kind: TemplateKind): Promise<void> {
    const order = await this.db.getRepository(WorkOrder).findOneBy({ number: event.workOrderNumber });
    if (!order) return;
    const language = languageForPhone(order.customerPhone);
    const when = (at: Date | null) => (at ? siteTimeText(at, this.config.SITE_UTC_OFFSET_MINUTES, language) : '');
    // A solution can be proposed again after a rejection, an order closed again after a reopen: one message each.
    const cause = kind === 'solution_proposed' ? order.solutionProposedAt?.getTime() : kind === 'work_order_closed' ? order.closedAt?.getTime() : undefined;
    await this.dispatch.enqueue({
      kind,
      phone: order.customerPhone,
      customerId: order.customerId,
      workOrderId: order.id,
      workOrderNumber: order.number,
      values: { workOrderNumber: order.number, dueDate: when(order.dueAt), solution: order.solution ?? '' },
      dedupeKey: [kind, order.number, cause].filter((part) => part !== undefined).join(':'),
    });
  }

  private async callbackInvitation(visit: CallbackVisitScheduled): Promise<void> {
    const order = await this.db.getRepository(WorkOrder).findOneBy({ id: visit.workOrderId });
    if (!order) return;
    await this.dispatch.enqueue({
      kind: 'callback_invitation',
      phone: order.customerPhone,
      customerId: order.customerId,
      workOrderId: order.id,
      workOrderNumber: order.number,
      values: {
        workOrderNumber: order.number,
        visitDate: siteTimeText(visit.dueAt, this.config.SITE_UTC_OFFSET_MINUTES, languageForPhone(order.customerPhone)),
      },
      dedupeKey: `callback_invitation:${visit.visitId}`,
    });
  }

  private track(work: Promise<unknown>): void {
    const tracked = work
      .catch((err: unknown) => this.logger.error({ err }, 'could not write the SMS for an event'))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }
}
