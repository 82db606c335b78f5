/** What the /softphone socket and the REST API give the softphone page; the socket's own events are the server's declarations. */

import type { CallEvent, OfferEvent } from '../../../../src/softphone/softphone-event';
import type { SalesOrder } from '../orders/data';

export type { AgentStateEvent, CallEvent, OfferEvent, SnapshotEvent } from '../../../../src/softphone/softphone-event';

/** The offer as the page keeps it: when it started ringing here (wall time), for the ring count. */
export type RingingOffer = OfferEvent & { receivedAt: number };
/** The connected call as the page keeps it: since when it is counted (wall time). */
export type ActiveCall = CallEvent & { since: number };

export interface Ack {
  ok: boolean;
  error?: { message: string; code?: string; params?: Record<string, string | number> };
}

/** GET /customers/by-phone/:phone and the `screen-pop` event. */
export interface PopHistory {
  customer: { name: string | null; vip: boolean; memberNumber: string | null; addresses?: { label?: string; address: string }[] } | null;
  /** No customer record, but orders on the number: a known customer named from the newest order. */
  orderCustomer?: { name: string | null; address: string | null; orderNumber: string } | null;
  openWorkOrders: number;
  workOrders: { number: string; status: string; category: string; description: string; closedAt: string | null; callSids?: string[] }[];
  previousCalls: { callSid: string; arrivedAt: string; outcome: string | null }[];
  /** The caller's sales orders with their deliveries (the `screen-pop` event only; the REST history has none). */
  salesOrders?: SalesOrder[];
}

/** The screen pop of one call: loading (history null), shown, or failed. */
export interface ScreenPopView {
  phone: string;
  callSid: string;
  history: PopHistory | null;
  error?: string;
}

/** GET /queues (the fields the softphone uses). */
export interface QueueInfo {
  code: string;
  name: string;
  skillCode: string;
  wrapUpSeconds: number;
}

/** GET /agents, as an agent sees colleagues (transfer targets). */
export interface Colleague {
  jobNumber: string;
  name: string;
  state: string;
}

/** GET /calls: one of the agent's own calls. */
export interface MyCall {
  callSid: string;
  direction: string;
  from: string;
  to: string;
  arrivedAt: string;
  outcome: string | null;
  queue: string | null;
}

/** GET /quality/causes: the managed complaint-cause list (投诉原因). */
export interface Cause {
  code: string;
  labelZh: string;
  labelEn: string;
}
