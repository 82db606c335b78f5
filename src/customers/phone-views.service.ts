import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { ListPhoneViewsQuery } from './dtos/phone-view.dto';
import { PhoneViewContext, QualityPhoneView } from './quality-phone-view.entity';

export interface PhoneViewEntry {
  id: number;
  by: string;
  at: Date;
  workOrderNumber: string;
  context: PhoneViewContext;
  subjectId: number;
}

/**
 * The audit of unmasked phone numbers (quality monitors see them masked unless they open one task):
 * recorded before the number is handed out, so no unaudited view can happen; read by supervisors.
 */
@Injectable()
export class PhoneViewsService {
  constructor(
    @InjectRepository(QualityPhoneView) private readonly views: Repository<QualityPhoneView>,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async record(principal: StaffPrincipal, order: { id: number; number: string }, context: PhoneViewContext, subjectId: number): Promise<void> {
    await this.views.insert({
      staffId: principal.staffId,
      staffJobNumber: principal.jobNumber,
      workOrderId: order.id,
      workOrderNumber: order.number,
      context,
      subjectId,
      at: new Date(this.clock.now()),
    });
  }

  async list(query: ListPhoneViewsQuery): Promise<{ items: PhoneViewEntry[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const qb = this.views
      .createQueryBuilder('v')
      .orderBy('v.id', 'DESC')
      .limit(limit + 1);
    if (query.workOrder) qb.andWhere('v.workOrderNumber = :number', { number: query.workOrder });
    if (query.jobNumber) qb.andWhere('v.staffJobNumber = :job', { job: query.jobNumber });
    if (query.cursor) qb.andWhere('v.id < :before', { before: decodeCursor('v', query.cursor, 1)[0] });
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map((v) => ({ id: v.id, by: v.staffJobNumber, at: v.at, workOrderNumber: v.workOrderNumber, context: v.context, subjectId: v.subjectId })),
      nextCursor: rows.length > limit ? encodeCursor('v', page[page.length - 1].id) : null,
    };
  }
}
