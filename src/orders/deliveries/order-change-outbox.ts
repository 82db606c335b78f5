import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrderChangeEvent } from './order-change-event';

/** The outbox topic of the hotline's booking changes, keyed by order number (one order's changes go out in order). */
export const ORDER_CHANGE_TOPIC = 'oms.order-change';

/**
 * THE SEAM to the transactional outbox (src/outbox, issue 17 item 3). `enqueue` is called inside the
 * change's own transaction, so a change and its message commit together or not at all. Until the
 * outbox is on main this writes nothing: the change is announced on the event bus ('order-change')
 * after commit — at-most-once, lost on a crash between commit and delivery. When the outbox lands,
 * this body becomes its enqueue(tx, { topic: ORDER_CHANGE_TOPIC, key: orderNumber,
 * idempotencyKey: `order-change:${changeId}`, payload: change }).
 */
@Injectable()
export class OrderChangeOutbox {
  readonly durable = false;

  enqueue(_tx: EntityManager, _change: OrderChangeEvent): Promise<void> {
    return Promise.resolve();
  }
}
