import { IntersectionType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CursorPageQuery } from '../../../http/cursor-page.dto';
import { Optional } from '../../../http/validation';
import { WorkOrderFilterQuery } from '../../dtos/work-order.dto';
import { INBOX_SORTS, INBOX_TABS, InboxSort, InboxTab } from '../inbox-tabs';

export class InboxQuery extends IntersectionType(WorkOrderFilterQuery, CursorPageQuery) {
  /** The tab (one of the viewer's; default their first): mine, follow_ups, unit, unit_overdue, all, overdue, escalated, major, cannot_handle, audit, closed. */
  @Optional()
  @IsIn(INBOX_TABS)
  tab?: InboxTab;

  /**
   * newest (default), oldest, due (soonest deadline first; default for unit, unit_overdue, overdue), updated, or
   * relevance (a text search's best matches first; its default).
   */
  @Optional()
  @IsIn(INBOX_SORTS)
  sort?: InboxSort;
}
