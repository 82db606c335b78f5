import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxService } from '../../outbox/outbox.service';
import type { OrderChangeEvent } from './order-change-event';

/** The hotline's booking changes for the order system: `order.delivery.rescheduled`, `.address-changed`, `.redelivery`. */
export const ORDER_CHANGE_TOPICS = {
  reschedule: 'order.delivery.rescheduled',
  address: 'order.delivery.address-changed',
  redelivery: 'order.delivery.redelivery',
} as const;

/**
 * A booking change into the transactional outbox (src/outbox), in the change's own transaction: the
 * booking, its audit row and the message commit together or not at all, and the outbox delivers it
 * to the order system's webhook at least once. Keyed by order number, so one order's changes go out
 * in order; the idempotency key is the audit row's id, so the OMS drops a repeat.
 */
@Injectable()
export class OrderChangeOutbox {
  constructor(private readonly outbox: OutboxService) {}

  async enqueue(tx: EntityManager, change: OrderChangeEvent): Promise<void> {
    await this.outbox.enqueue(tx, {
      topic: ORDER_CHANGE_TOPICS[change.kind],
      key: change.orderNumber,
      idempotencyKey: `order-change:${change.changeId}`,
      payload: change,
    });
  }
}
