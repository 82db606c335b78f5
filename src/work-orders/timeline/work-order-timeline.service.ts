import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { StaffPrincipal } from '../../auth/auth.decorators';
import { Staff } from '../../auth/staff.entity';
import { WorkOrderAttachment } from '../work-order-attachment.entity';
import { WorkOrderAudit } from '../work-order-audit.entity';
import { WorkOrderCall } from '../work-order-call.entity';
import { WorkOrderClaim } from '../work-order-claim.entity';
import { WorkOrderNotification } from '../work-order-notification.entity';
import { WorkOrderRemark } from '../work-order-remark.entity';
import { WorkOrdersService } from '../work-orders.service';
import { SmsMessage } from '../../sms/sms-message.entity';
import { mergeTimeline, TimelineEntry } from './timeline';

/** Loads a work order's history from its seven tables for `mergeTimeline`. */
@Injectable()
export class WorkOrderTimelineService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workOrders: WorkOrdersService,
  ) {}

  async timeline(number: string, principal: StaffPrincipal): Promise<{ number: string; items: TimelineEntry[] }> {
    const order = await this.workOrders.findVisible(this.db.manager, number, principal);
    const where = { workOrderId: order.id };
    const byId = { id: 'ASC' } as const;
    const [audits, remarks, calls, claims, attachments, notifications, sms] = await Promise.all([
      this.db.getRepository(WorkOrderAudit).find({ where, order: byId }),
      this.db.getRepository(WorkOrderRemark).find({ where, order: byId }),
      this.db.getRepository(WorkOrderCall).find({ where, order: byId }),
      this.db.getRepository(WorkOrderClaim).find({ where, order: byId }),
      this.db.getRepository(WorkOrderAttachment).find({ where, order: byId }),
      this.db.getRepository(WorkOrderNotification).find({ where, order: byId }),
      this.db.getRepository(SmsMessage).find({ where, order: byId }),
    ]);
    const staffIds = new Set<number>();
    for (const id of [...calls.map((c) => c.linkedById), ...claims.map((c) => c.requestedById), ...attachments.map((a) => a.uploadedById)])
      if (id !== null) staffIds.add(id);
    const staff =
      staffIds.size === 0 ? [] : await this.db.getRepository(Staff).find({ where: { id: In([...staffIds]) }, select: { id: true, jobNumber: true } });
    const jobNumbers = new Map(staff.map((s) => [s.id, s.jobNumber]));
    return { number, items: mergeTimeline({ number, audits, remarks, calls, claims, attachments, notifications, sms, jobNumbers }) };
  }
}
