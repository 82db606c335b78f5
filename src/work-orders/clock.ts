/** The work-order module's clock; tests substitute their own (and the SLA scan takes `now` directly). */
export const WORK_ORDER_CLOCK = Symbol('WORK_ORDER_CLOCK');
export interface WorkOrderClock {
  now(): Date;
}
export const systemWorkOrderClock: WorkOrderClock = { now: () => new Date() };
