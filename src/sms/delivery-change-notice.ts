import type { OrderChangeKind } from '../orders/order-kinds';
import type { DeliveryChangeNotice } from './sms-notifier.service';

/** A booking change as the deliveries module announces it (its `order-change` event on the bus, orders17), the fields an SMS needs. */
export interface BookingChange {
  changeId: number;
  kind: OrderChangeKind;
  orderNumber: string;
  before: { day: string; timeWindow: string };
  after: { day: string; timeWindow: string };
  workOrderNumber: string | null;
}

/**
 * The SMS a booking change sends, or null when the customer's delivery time did not move (an
 * address fixed alone is told on the call, not by SMS). A re-delivery is a new time too.
 */
export function deliveryNoticeFor(change: BookingChange, customerPhone: string): DeliveryChangeNotice | null {
  const moved = change.before.day !== change.after.day || change.before.timeWindow !== change.after.timeWindow;
  if (!moved && change.kind !== 'redelivery') return null;
  return {
    customerPhone,
    orderNumber: change.orderNumber,
    deliveryDate: change.after.day,
    deliveryWindow: change.after.timeWindow,
    changeKey: `order-change:${change.changeId}`,
    workOrderNumber: change.workOrderNumber,
  };
}
