import type { SelectQueryBuilder } from 'typeorm';
import type { StaffPrincipal } from '../auth/auth.decorators';
import type { WorkOrder } from './work-order.entity';

/**
 * Who sees and acts on which work orders: supervisors (客服主管) and quality monitors (质量监督组) on
 * all; agents on those they created or follow up; terminal staff on their unit's (and those they
 * created, e.g. a store walk-in). Out of scope reads as not found.
 */
/** Everyone who works on orders; what each sees is narrowed by `inScope`. */
export const ON_ORDERS = ['agent', 'supervisor', 'quality', 'terminal'] as const;

export function seesAll(principal: StaffPrincipal): boolean {
  return principal.roles.includes('supervisor') || principal.roles.includes('quality');
}

export function inScope(principal: StaffPrincipal, order: Pick<WorkOrder, 'createdById' | 'agentId' | 'unitId'>): boolean {
  if (seesAll(principal)) return true;
  if (order.createdById === principal.staffId) return true;
  if (principal.roles.includes('agent') && order.agentId === principal.staffId) return true;
  if (principal.roles.includes('terminal') && principal.unitId !== null && order.unitId === principal.unitId) return true;
  return false;
}

/** Narrows a work-order query (alias `o`) to the principal's scope. */
export function applyScope(qb: SelectQueryBuilder<WorkOrder>, principal: StaffPrincipal): void {
  if (seesAll(principal)) return;
  const clauses = ['o.createdById = :scopeStaff'];
  if (principal.roles.includes('agent')) clauses.push('o.agentId = :scopeStaff');
  if (principal.roles.includes('terminal') && principal.unitId !== null) clauses.push('o.unitId = :scopeUnit');
  qb.andWhere(`(${clauses.join(' OR ')})`, { scopeStaff: principal.staffId, scopeUnit: principal.unitId });
}
