/**
 * A caller the hotline has no customer record for may still be known to the order system: whoever
 * bought on that number. Their name and address are those of their newest order — the name the
 * newest order that has one gives, the address its newest booking's (an order without a delivery or
 * installation gives none; an older one's is taken then).
 */
export interface OrderCustomer {
  name: string | null;
  address: string | null;
  /** The newest order, the one the pop names them from. */
  orderNumber: string;
}

/** An order as read for this: its bookings newest day first. */
export interface OrderOfCaller {
  number: string;
  customerName: string | null;
  bookings: { address: string }[];
}

/** `orders`: the number's orders, newest first. Null when there are none (a new caller, 新客户). */
export function customerFromOrders(orders: readonly OrderOfCaller[]): OrderCustomer | null {
  if (orders.length === 0) return null;
  const name = orders.map((o) => o.customerName?.trim()).find((n) => !!n) ?? null;
  const address = orders.map((o) => o.bookings[0]?.address.trim()).find((a) => !!a) ?? null;
  return { name, address, orderNumber: orders[0].number };
}
