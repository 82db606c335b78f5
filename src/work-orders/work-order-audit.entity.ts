import { Column, Entity, Index } from 'typeorm';
import { BelongsToWorkOrder } from './belongs-to-work-order';

/** One entry of a work order's audit trail: who did what, when, and the fields before and after. */
@Entity('work_order_audit')
@Index('IDX_work_order_audit_order', ['workOrderId', 'id'])
export class WorkOrderAudit extends BelongsToWorkOrder {
  /** create, assign, start, propose-solution, accept, reject, close, reopen, escalate, cannot-handle, update, remark, link-call, claim… */
  @Column({ type: 'varchar', length: 32 })
  action: string;

  /** Staff who did it; null for the system (the SLA scheduler). */
  @Column({ type: 'int', nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  actorJobNumber: string | null;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Column({ type: 'simple-json', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'simple-json', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
