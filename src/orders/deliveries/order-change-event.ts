import type { OrderChangeKind } from '../order-kinds';

/** A booking's fields as a change reports them before and after. */
export interface BookingSnapshot {
  day: string;
  timeWindow: string;
  status: string;
  address: string;
}

/**
 * One of the hotline's changes to an order's booking, for the order system (OMS): what the outbox
 * delivers, and what the event bus announces after commit. `changeId` is the idempotency key.
 */
export interface OrderChangeEvent {
  changeId: number;
  kind: OrderChangeKind;
  orderNumber: string;
  bookingReference: string;
  before: BookingSnapshot;
  after: BookingSnapshot;
  callSid: string | null;
  workOrderNumber: string | null;
  byJobNumber: string;
  /** Set when a supervisor booked a window over capacity. */
  override: { byJobNumber: string; reason: string } | null;
  at: string;
}
