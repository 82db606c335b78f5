import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, SelectQueryBuilder } from 'typeorm';
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
import type { SearchMatch } from '../search/search-highlight';
import { SearchIndexService } from '../search/search-index.service';
import { WorkOrderRemark } from './work-order-remark.entity';
import { workOrderMatch } from './work-order-search-document';

export interface WorkOrderPage {
  items: WorkOrderView[];
  nextCursor: string | null;
}

/** A text search applied to a list: its words, and whether the rows are joined to their scores (`s.score`). */
export interface TextSearch {
  q: string;
  ranked: boolean;
}

const NUMBER_LIKE = /^WO\d{1,8}(-\d{0,7})?$/i;

/** Lists of work orders: filters, search by number, phone or words (ranked, with snippets), cursor paging. */
@Injectable()
export class WorkOrderSearchService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workOrders: WorkOrdersService,
    private readonly customers: CustomersService,
    private readonly searchIndex: SearchIndexService,
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
    const text = query.q ? await this.applySearch(qb, query.q.trim(), true) : null;
    // A text search lists the best matches first (their score, then the newest); otherwise the newest first.
    const ranked = text?.ranked === true;
    if (ranked) {
      qb.addSelect('s.score', 'score').orderBy('s.score', 'DESC').addOrderBy('o.id', 'DESC');
      if (query.cursor) {
        const [score, id] = decodeCursor('or', query.cursor, 2);
        qb.andWhere('(s.score < :cursorScore OR (s.score = :cursorScore AND o.id < :cursor))', { cursorScore: score, cursor: id });
      }
    } else {
      qb.orderBy('o.id', 'DESC');
      if (query.cursor) qb.andWhere('o.id < :cursor', { cursor: decodeCursor('o', query.cursor, 1)[0] });
    }
    const raw = await qb.getRawMany<{ id: number | string; score?: number | string }>();
    const scores = new Map(raw.map((r) => [Number(r.id), Number(r.score ?? 0)]));
    const rows = await this.workOrders.findInOrder(raw.map((r) => Number(r.id)));
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const jobNumbers = await this.workOrders.jobNumbers(page);
    const matches = text ? await this.matches(page, text.q) : new Map<number, SearchMatch | null>();
    return {
      items: page.map((o) =>
        maskedForViewer(
          { view: { ...workOrderView(o, now, jobNumbers, o.unit, { roles: principal.roles }), ...(text ? { match: matches.get(o.id) ?? null } : {}) } },
          principal,
        ),
      ),
      nextCursor: rows.length > limit ? (ranked ? encodeCursor('or', scores.get(last.id)!, last.id) : encodeCursor('o', last.id)) : null,
    };
  }

  /**
   * Search: a work-order number (or its start) and a phone number by their own indexes; anything
   * else by the words of the description, product, shop order number and remarks (search_posting).
   * Returns the text search, if it was one; `ranked` when the query joined the matches' scores as
   * `s.score` (asked with `rank`, and possible when the rarest word is in few orders: SearchPlan).
   */
  async applySearch(qb: SelectQueryBuilder<WorkOrder>, q: string, rank: boolean): Promise<TextSearch | null> {
    if (NUMBER_LIKE.test(q)) {
      qb.andWhere('o.number LIKE :numberPrefix', { numberPrefix: `${q.toUpperCase()}%` });
      return null;
    }
    const phone = /^[+0-9][0-9 ()\-.]+$/.test(q) ? normalisePhone(q) : null;
    if (phone) {
      const customerId = await this.customers.customerIdFor(phone);
      qb.andWhere(new Brackets((w) => w.where('o.customerPhone = :phone', { phone }).orWhere('o.customerId = :customerId', { customerId: customerId ?? -1 })));
      return null;
    }
    const plan = await this.searchIndex.plan('work_order', q);
    if (!plan || plan.mode === 'none') {
      qb.andWhere('1 = 0');
      return { q, ranked: false };
    }
    if (plan.mode === 'broad') {
      const { where, params } = this.searchIndex.holdsEveryToken(plan, 'o.id');
      qb.andWhere(where, params);
      return { q, ranked: false };
    }
    const { sql, params } = this.searchIndex.scoredDocuments(plan);
    if (rank) {
      qb.innerJoin(sql, 's', 's.docId = o.id', params);
      return { q, ranked: true };
    }
    qb.andWhere(`o.id IN (SELECT m.docId FROM ${sql} m)`, params);
    return { q, ranked: false };
  }

  /** Each found order's snippet: where it holds the words (its remarks read for the page's orders only). */
  async matches(orders: WorkOrder[], q: string): Promise<Map<number, SearchMatch | null>> {
    if (orders.length === 0) return new Map();
    const remarks = await this.db.getRepository(WorkOrderRemark).find({
      where: { workOrderId: In(orders.map((o) => o.id)) },
      select: { workOrderId: true, reason: true },
      order: { id: 'ASC' },
    });
    const reasons = new Map<number, string[]>();
    for (const r of remarks) reasons.set(r.workOrderId, [...(reasons.get(r.workOrderId) ?? []), r.reason]);
    return new Map(orders.map((o) => [o.id, workOrderMatch(o, reasons.get(o.id) ?? [], q)]));
  }
}
