import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { TransactionRunner } from '../database/transaction-runner';
import { WorkOrderEvent, WorkOrderEvents } from './work-order-events.service';
import { NotificationAudience, NotificationType, WorkOrderNotification } from './work-order-notification.entity';
import type { WorkOrder } from './work-order.entity';

export interface NotificationDraft {
  type: NotificationType;
  audience: NotificationAudience;
  reason: string;
}

/**
 * Escalation and major-complaint notifications: written in the same transaction as the change
 * that causes them (so the list never misses one nor holds a rolled-back one), published live after commit.
 */
@Injectable()
export class WorkOrderNotificationsService {
  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: WorkOrderEvents,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  /** Inside the caller's transaction; returns the event to publish once it commits. */
  async record(tx: EntityManager, order: Pick<WorkOrder, 'id' | 'number' | 'channel'>, draft: NotificationDraft, at: Date): Promise<WorkOrderEvent> {
    const saved = await tx.save(
      WorkOrderNotification,
      tx.create(WorkOrderNotification, {
        ...draft,
        workOrderId: order.id,
        workOrderNumber: order.number,
        createdAt: at,
        acknowledgedAt: null,
        acknowledgedById: null,
      }),
    );
    return draft.type === 'escalated'
      ? { type: 'escalated', workOrderNumber: order.number, reason: draft.reason, at, notificationId: saved.id }
      : { type: 'major-complaint', workOrderNumber: order.number, channel: order.channel, reason: draft.reason, at, notificationId: saved.id };
  }

  publish(events: WorkOrderEvent[]): void {
    for (const event of events) this.events.publish(event);
  }

  list(open: boolean | undefined, limit = 50): Promise<WorkOrderNotification[]> {
    const qb = this.db.getRepository(WorkOrderNotification).createQueryBuilder('n').orderBy('n.id', 'DESC').take(limit);
    if (open === true) qb.where('n.acknowledgedAt IS NULL');
    if (open === false) qb.where('n.acknowledgedAt IS NOT NULL');
    return qb.getMany();
  }

  async acknowledge(id: number, principal: StaffPrincipal): Promise<WorkOrderNotification> {
    const now = new Date(this.clock.now());
    return this.tx.run(async (tx) => {
      const row = await tx.findOneBy(WorkOrderNotification, { id });
      if (!row) throw new NotFoundException(`No notification ${id}`);
      if (!row.acknowledgedAt) {
        row.acknowledgedAt = now;
        row.acknowledgedById = principal.staffId;
        await tx.save(WorkOrderNotification, row);
      }
      return row;
    });
  }
}
