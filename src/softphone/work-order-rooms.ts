import type { StaffPrincipal } from '../auth/auth.decorators';
import type { WorkOrderChanged } from '../work-orders/work-order-events.service';
import { roleRoom } from './softphone.service';

/**
 * Rooms that deliver a work order's changes to exactly those who can see it — the rule of
 * `work-order-access.ts` (inScope) as socket.io rooms: supervisors and quality monitors all; an
 * agent the orders they created or follow up; terminal staff their unit's and those they created.
 */
export function workOrderRooms(principal: StaffPrincipal): string[] {
  const rooms = [staffRoom(principal.staffId)];
  if (principal.roles.includes('terminal') && principal.unitId !== null) rooms.push(unitRoom(principal.unitId));
  return rooms;
}

export function workOrderAudience(order: Pick<WorkOrderChanged, 'createdById' | 'agentId' | 'unitId'>): string[] {
  const rooms = [roleRoom('supervisor'), roleRoom('quality'), staffRoom(order.createdById)];
  if (order.agentId !== null) rooms.push(staffRoom(order.agentId)); // the agent room of inScope: agents follow up their orders
  if (order.unitId !== null) rooms.push(unitRoom(order.unitId));
  return rooms;
}

function staffRoom(staffId: number): string {
  return `staff:${staffId}`;
}

function unitRoom(unitId: number): string {
  return `unit:${unitId}`;
}
