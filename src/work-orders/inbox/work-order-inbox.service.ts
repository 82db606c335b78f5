import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import type { StaffPrincipal } from '../../auth/auth.decorators';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { decodeCursor, encodeCursor } from '../../http/cursor';
import { DomainError } from '../../http/errors/domain-error';
import { applyScope } from '../work-order-access';
import type { SearchMatch } from '../../search/search-highlight';
import { TextSearch, WorkOrderSearchService } from '../work-order-search.service';
import { workOrderView, WorkOrderView } from '../work-order-view';
import { WorkOrder } from '../work-order.entity';
import { maskedForViewer, WorkOrdersService } from '../work-orders.service';
import { InboxQuery } from './dtos/inbox.dto';
import { defaultSort, InboxSort, InboxTab, tabCondition, tabsFor } from './inbox-tabs';

export interface InboxPage {
  tab: InboxTab;
  sort: InboxSort;
  /** The server's time: pages count SLA deadlines (`dueAt`) down from it, whatever the browser's clock says. */
  now: Date;
  /** The viewer's tabs with how many orders each holds (before filters and search). */
  tabs: { key: InboxTab; count: number }[];
  items: WorkOrderView[];
  nextCursor: string | null;
}

/** The order and cursor of each sort: keyset paging on (key, id), so a page costs the same at any depth. */
const SORTS: Record<InboxSort, { prefix: string; column: 'id' | 'dueAt' | 'updatedAt'; direction: 'ASC' | 'DESC' }> = {
  newest: { prefix: 'in', column: 'id', direction: 'DESC' },
  oldest: { prefix: 'io', column: 'id', direction: 'ASC' },
  due: { prefix: 'id', column: 'dueAt', direction: 'ASC' },
  updated: { prefix: 'iu', column: 'updatedAt', direction: 'DESC' },
  relevance: { prefix: 'ir', column: 'id', direction: 'DESC' },
};

/** The work-order inbox: the viewer's tabs with counts, one tab's page filtered, searched and sorted. */
@Injectable()
export class WorkOrderInboxService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workOrders: WorkOrdersService,
    private readonly search: WorkOrderSearchService,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async page(query: InboxQuery, principal: StaffPrincipal): Promise<InboxPage> {
    const tabs = tabsFor(principal.roles);
    if (tabs.length === 0) throw new DomainError('auth.forbidden', {}, 'No work-order inbox for your roles');
    const tab = query.tab ?? tabs[0];
    if (!tabs.includes(tab))
      throw new DomainError('validation.field_invalid', { field: 'tab', tab, allowed: tabs }, `tab ${tab} is not one of yours: ${tabs.join(', ')}`);
    const limit = query.limit ?? 20;
    const now = new Date(this.clock.now());

    const qb = this.scoped(tab, principal, now)
      .select('o.id', 'id')
      .limit(limit + 1);
    const text = await this.applyFilters(qb, query);
    const sort = query.sort ?? (text ? 'relevance' : defaultSort(tab));
    const ranked = sort === 'relevance' && text?.ranked === true;
    const { prefix, column, direction } = SORTS[sort];
    if (sort === 'relevance') {
      // Best matches first where the search could score them (SearchPlan), else the newest; the cursor holds (score, id) either way.
      if (ranked) qb.addSelect('s.score', 'score').orderBy('s.score', 'DESC').addOrderBy('o.id', 'DESC');
      else qb.orderBy('o.id', 'DESC');
      if (query.cursor) {
        const [score, id] = decodeCursor(prefix, query.cursor, 2);
        if (ranked) qb.andWhere('(s.score < :cursorScore OR (s.score = :cursorScore AND o.id < :cursorId))', { cursorScore: score, cursorId: id });
        else qb.andWhere('o.id < :cursorId', { cursorId: id });
      }
    } else if (column === 'id') {
      qb.orderBy('o.id', direction);
      if (query.cursor) qb.andWhere(`o.id ${direction === 'DESC' ? '<' : '>'} :cursorId`, { cursorId: decodeCursor(prefix, query.cursor, 1)[0] });
    } else {
      qb.orderBy(`o.${column}`, direction).addOrderBy('o.id', direction);
      if (query.cursor) {
        const [ms, id] = decodeCursor(prefix, query.cursor, 2);
        const op = direction === 'DESC' ? '<' : '>';
        qb.andWhere(`(o.${column} ${op} :cursorAt OR (o.${column} = :cursorAt AND o.id ${op} :cursorId))`, { cursorAt: new Date(ms), cursorId: id });
      }
    }
    const raw = await qb.getRawMany<{ id: number | string; score?: number | string }>();
    const scores = new Map(raw.map((r) => [Number(r.id), Number(r.score ?? 0)]));
    const ordered = await this.workOrders.findInOrder(raw.map((r) => Number(r.id)));
    const page = ordered.slice(0, limit);
    const last = page[page.length - 1];
    const jobNumbers = await this.workOrders.jobNumbers(page);
    const matches = text ? await this.search.matches(page, text.q) : new Map<number, SearchMatch | null>();
    return {
      tab,
      sort,
      now,
      tabs: await this.counts(tabs, principal, now),
      items: page.map((o) =>
        maskedForViewer(
          { view: { ...workOrderView(o, now, jobNumbers, o.unit, { roles: principal.roles }), ...(text ? { match: matches.get(o.id) ?? null } : {}) } },
          principal,
        ),
      ),
      nextCursor:
        ordered.length > limit
          ? sort === 'relevance'
            ? encodeCursor(prefix, scores.get(last.id)!, last.id)
            : column === 'id'
              ? encodeCursor(prefix, last.id)
              : encodeCursor(prefix, last[column].getTime(), last.id)
          : null,
    };
  }

  /** Every tab's count in one go — each an index walk within the viewer's scope. */
  private counts(tabs: InboxTab[], principal: StaffPrincipal, now: Date): Promise<{ key: InboxTab; count: number }[]> {
    return Promise.all(tabs.map(async (key) => ({ key, count: await this.scoped(key, principal, now).getCount() })));
  }

  private scoped(tab: InboxTab, principal: StaffPrincipal, now: Date): SelectQueryBuilder<WorkOrder> {
    const qb = this.db.getRepository(WorkOrder).createQueryBuilder('o');
    applyScope(qb, principal);
    const { where, params } = tabCondition(tab, principal.staffId, principal.unitId, now);
    qb.andWhere(where, params);
    return qb;
  }

  /** The filters and the search; the text search if `q` was one. */
  private async applyFilters(qb: SelectQueryBuilder<WorkOrder>, query: InboxQuery): Promise<TextSearch | null> {
    if (query.status) qb.andWhere('o.status IN (:...filterStatuses)', { filterStatuses: query.status.split(',') });
    if (query.category) qb.andWhere('o.category = :filterCategory', { filterCategory: query.category });
    if (query.severity) qb.andWhere('o.severity = :filterSeverity', { filterSeverity: query.severity });
    if (query.terminal) qb.andWhere('o.terminal = :filterTerminal', { filterTerminal: query.terminal });
    if (query.unit) qb.andWhere('o.unitId = :filterUnit', { filterUnit: (await this.workOrders.unitOrThrow(query.unit, 'unit')).id });
    return query.q ? this.search.applySearch(qb, query.q.trim(), true) : null;
  }
}
