import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../../auth/auth.decorators';
import { ON_ORDERS } from '../work-order-access';
import { InboxQuery } from './dtos/inbox.dto';
import { WorkOrderInboxService } from './work-order-inbox.service';

@ApiTags('work-orders')
@ApiBearerAuth()
@Controller('work-orders/inbox')
export class WorkOrderInboxController {
  constructor(private readonly inbox: WorkOrderInboxService) {}

  /**
   * The viewer's inbox: their tabs with counts, and one tab's page (filters, search, sort, cursor);
   * each row with its `dueAt` and the server's `now` for a live SLA countdown. Live changes arrive on
   * the /softphone socket as `work-order-changed`.
   */
  @Roles(...ON_ORDERS)
  @Get()
  page(@Query() query: InboxQuery, @CurrentStaff() staff: StaffPrincipal) {
    return this.inbox.page(query, staff);
  }
}
