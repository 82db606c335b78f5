import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { Staff } from '../auth/staff.entity';
import { CustomersService } from '../customers/customers.service';
import { normalisePhone } from '../customers/phone-number';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { ListWorkOrdersQuery } from './dtos/work-order.dto';
import { applyScope } from './work-order-access';
import { workOrderView, WorkOrderView } from './work-order-view';
import { WorkOrder } from './work-order.entity';
import { maskedForViewer, WorkOrdersService } from './work-orders.service';
import { DomainError } from '../http/errors/domain-error';

export interface WorkOrderPage {
  items: WorkOrderView[];
  nextCursor: string | null;
}

const NUMBER_LIKE = /^WO\d{1,8}(-\d{0,7})?$/i;

/** Lists of work orders: filters, search by number, phone or description, cursor paging (newest first). */
@Injectable()
export class WorkOrderSearchService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workOrders: WorkOrdersService,
    private readonly customers: CustomersService,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async list(query: ListWorkOrdersQuery, principal: StaffPrincipal): Promise<WorkOrderPage> {
    const limit = query.limit ?? 20;
    const now = new Date(this.clock.now());
    // The page's ids first, then its rows (a deferred join): the filters walk an index alone — the
    // overdue list reads its deadlines from IDX_work_order_open — instead of fetching every row they skip.
    const qb = this.db
      .getRepository(WorkOrder)
      .createQueryBuilder('o')
      .select('o.id', 'id')
      .orderBy('o.id', 'DESC')
      .limit(limit + 1);
    applyScope(qb, principal);
    if (query.status) qb.andWhere('o.status IN (:...statuses)', { statuses: query.status.split(',') });
    if (query.category) qb.andWhere('o.category = :category', { category: query.category });
    if (query.terminal) qb.andWhere('o.terminal = :terminal', { terminal: query.terminal });
    if (query.severity) qb.andWhere('o.severity = :severity', { severity: query.severity });
    if (query.unit) qb.andWhere('o.unitId = :unitId', { unitId: (await this.workOrders.unitOrThrow(query.unit, 'unit')).id });
    if (query.agent) {
      const agent = await this.db.getRepository(Staff).findOneBy({ jobNumber: query.agent });
      if (!agent) throw new DomainError('staff.unknown', { field: 'agent', jobNumber: query.agent }, `agent ${query.agent} is not a known job number`);
      qb.andWhere('o.agentId = :agentId', { agentId: agent.id });
    }
    if (query.phone) {
      const customerId = await this.customers.customerIdFor(CustomersService.phoneOrThrow(query.phone, 'phone'));
      qb.andWhere('o.customerId = :customerId', { customerId: customerId ?? -1 });
    }
    if (query.callSid) {
      qb.andWhere('o.id IN (SELECT c.workOrderId FROM work_order_call c WHERE c.callSid = :callSid)', { callSid: query.callSid });
    }
    if (query.overdue === true) qb.andWhere('o.closedAt IS NULL AND o.dueAt < :now', { now });
    if (query.overdue === false) qb.andWhere('(o.closedAt IS NOT NULL OR o.dueAt >= :now)', { now });
    if (query.createdFrom) qb.andWhere('o.createdAt >= :from', { from: new Date(query.createdFrom) });
    if (query.createdTo) qb.andWhere('o.createdAt < :to', { to: new Date(query.createdTo) });
    if (query.q) await this.applySearch(qb, query.q.trim());
    if (query.cursor) qb.andWhere('o.id < :cursor', { cursor: decodeCursor('o', query.cursor, 1)[0] });
    const ids = (await qb.getRawMany<{ id: number | string }>()).map((r) => Number(r.id));
    const rows = await this.workOrders.findInOrder(ids);
    const page = rows.slice(0, limit);
    const jobNumbers = await this.workOrders.jobNumbers(page);
    return {
      items: page.map((o) => maskedForViewer({ view: workOrderView(o, now, jobNumbers, o.unit, { roles: principal.roles }) }, principal)),
      nextCursor: rows.length > limit ? encodeCursor('o', page[page.length - 1].id) : null,
    };
  }

  /** Search: a work-order number (or its start), a phone number, or text of the description. */
  async applySearch(qb: ReturnType<DataSource['createQueryBuilder']>, q: string): Promise<void> {
    if (NUMBER_LIKE.test(q)) {
      qb.andWhere('o.number LIKE :numberPrefix', { numberPrefix: `${q.toUpperCase()}%` });
      return;
    }
    const phone = /^[+0-9][0-9 ()\-.]+$/.test(q) ? normalisePhone(q) : null;
    if (phone) {
      const customerId = await this.customers.customerIdFor(phone);
      qb.andWhere(new Brackets((w) => w.where('o.customerPhone = :phone', { phone }).orWhere('o.customerId = :customerId', { customerId: customerId ?? -1 })));
      return;
    }
    qb.andWhere("o.description LIKE :text ESCAPE '!'", { text: `%${q.replace(/[!%_]/g, (c) => `!${c}`)}%` });
  }
}
