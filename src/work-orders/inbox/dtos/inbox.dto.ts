import { IsIn, IsString, Length, Matches } from 'class-validator';
import { CursorPageQuery } from '../../../http/cursor-page.dto';
import { Optional } from '../../../http/validation';
import { TERMINALS, Terminal } from '../../../organisation/terminals';
import { CATEGORY, CATEGORY_MESSAGE } from '../../dtos/work-order.dto';
import { SEVERITIES, Severity, WORK_ORDER_STATUSES } from '../../work-order.entity';
import { INBOX_SORTS, INBOX_TABS, InboxSort, InboxTab } from '../inbox-tabs';

export class InboxQuery extends CursorPageQuery {
  /** The tab (one of the viewer's; default their first): mine, follow_ups, unit, unit_overdue, all, overdue, escalated, major, cannot_handle, audit, closed. */
  @Optional()
  @IsIn(INBOX_TABS)
  tab?: InboxTab;

  /** newest (default), oldest, due (soonest deadline first; default for unit, unit_overdue, overdue) or updated. */
  @Optional()
  @IsIn(INBOX_SORTS)
  sort?: InboxSort;

  /** One status or several, comma-separated. */
  @Optional()
  @Matches(new RegExp(`^(${WORK_ORDER_STATUSES.join('|')})(,(${WORK_ORDER_STATUSES.join('|')}))*$`), {
    message: `status must be one or more of ${WORK_ORDER_STATUSES.join(', ')}, comma-separated`,
  })
  status?: string;

  @Optional()
  @Matches(CATEGORY, { message: CATEGORY_MESSAGE })
  category?: string;

  @Optional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @Optional()
  @IsIn(TERMINALS)
  terminal?: Terminal;

  /** A unit's code. */
  @Optional()
  @IsString()
  @Length(1, 32)
  unit?: string;

  /** Search: a work-order number (or its start), a phone number, or words of the description. */
  @Optional()
  @IsString()
  @Length(2, 100)
  q?: string;
}
