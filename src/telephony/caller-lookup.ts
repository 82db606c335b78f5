import type { EntityManager } from 'typeorm';

/**
 * Who is calling, for priority: VIPs and repeat callers with an open work order go ahead of the
 * queue (the green channel, 绿色通道). The customers module provides the real lookup.
 */
export interface CallerStanding {
  vip: boolean;
  openWorkOrders: number;
}

export interface CallerLookup {
  lookup(phone: string): Promise<CallerStanding | null>;
  /** In the order asked; `tx`: read inside that transaction (on its connection). */
  lookupMany(phones: readonly string[], tx?: EntityManager): Promise<Array<CallerStanding | null>>;
}

export const CALLER_LOOKUP = Symbol('CALLER_LOOKUP');

export const PRIORITY = { normal: 0, repeatCaller: 10, vip: 20 } as const;

export function priorityOf(standing: CallerStanding | null): number {
  if (!standing) return PRIORITY.normal;
  if (standing.vip) return PRIORITY.vip;
  return standing.openWorkOrders > 0 ? PRIORITY.repeatCaller : PRIORITY.normal;
}
