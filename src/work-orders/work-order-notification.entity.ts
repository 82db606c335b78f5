import { Column, Entity, Index } from 'typeorm';
import { BelongsToWorkOrder } from './belongs-to-work-order';

export const NOTIFICATION_TYPES = ['escalated', 'major-complaint'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** Escalations go to the supervisors; major complaints (重大投诉) to management (上报总经办). */
export type NotificationAudience = 'supervisor' | 'management';

/** A notification kept so supervisors have a list, not only a live event. */
@Entity('work_order_notification')
@Index('IDX_work_order_notification_open', ['acknowledgedAt', 'id'])
export class WorkOrderNotification extends BelongsToWorkOrder {
  @Column({ type: 'varchar', length: 24 })
  type: NotificationType;

  @Column({ type: 'varchar', length: 16 })
  audience: NotificationAudience;

  @Column({ type: 'varchar', length: 24 })
  workOrderNumber: string;

  /** overdue, cannot-handle, manual, major-complaint… */
  @Column({ type: 'varchar', length: 24 })
  reason: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  acknowledgedById: number | null;
}
