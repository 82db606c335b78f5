import { Column, Entity, Index } from 'typeorm';
import type { CallbackStatus } from './callback-policy';
import { BelongsToWorkOrder } from '../../work-orders/belongs-to-work-order';

/**
 * A callback visit (回访): after a work order closes, the customer is called to ask whether the
 * problem is really solved and how satisfied they are. One per close of the order — the unique key
 * on the close audit entry makes scheduling idempotent across processes; a reopened order that
 * closes again gets a new visit.
 */
@Entity('callback_visit')
@Index('IDX_callback_visit_status_due', ['status', 'dueAt', 'id'])
@Index('IDX_callback_visit_order', ['workOrderId', 'id'])
// Reports read the results recorded in a period (satisfaction by terminal, unit and cause).
@Index('IDX_callback_visit_completed', ['completedAt'])
export class CallbackVisit extends BelongsToWorkOrder {
  /** The `close` entry of the work order's audit trail this visit follows. */
  @Index('UQ_callback_visit_close_audit', { unique: true })
  @Column({ type: 'int' })
  closeAuditId: number;

  @Column({ type: 'varchar', length: 24 })
  workOrderNumber: string;

  @Column({ type: 'datetime', precision: 3 })
  closedAt: Date;

  /** When the next attempt is due (the close + CALLBACK_DELAY_MINUTES, then + CALLBACK_RETRY_MINUTES after each unreachable one); kept once finished. */
  @Column({ type: 'datetime', precision: 3 })
  dueAt: Date;

  @Column({ type: 'varchar', length: 16 })
  status: CallbackStatus;

  /** Attempts made so far (each placed call or unreachable try). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastAttemptAt: Date | null;

  /** The result (final): satisfaction 1–5, whether the problem is really solved, comments. */
  @Column({ type: 'int', nullable: true })
  satisfaction: number | null;

  @Column({ type: 'boolean', nullable: true })
  solved: boolean | null;

  /** Satisfaction 1–2 (不满意): listed for follow-up even when solved. */
  @Column({ type: 'boolean', default: false })
  dissatisfied: boolean;

  @Column({ type: 'text', nullable: true })
  comments: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  resultCallSid: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  completedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  completedById: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  completedByJobNumber: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
