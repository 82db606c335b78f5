import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/auth.decorators';
import { NotificationsQuery } from './dtos/work-order.dto';
import { WorkOrderNotificationsService } from './work-order-notifications.service';

@ApiTags('work-orders')
@ApiBearerAuth()
@Controller('work-orders/notifications')
export class WorkOrderNotificationsController {
  constructor(private readonly notifications: WorkOrderNotificationsService) {}

  /** Escalations (to supervisors) and major complaints (to management), newest first; ?open=true for unacknowledged. */
  @Roles('supervisor', 'quality')
  @Get()
  list(@Query() query: NotificationsQuery) {
    return this.notifications.list(query.open, query.limit);
  }

  @Roles('supervisor')
  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(@Param('id', ParseIntPipe) id: number, @CurrentStaff() staff: StaffPrincipal) {
    return this.notifications.acknowledge(id, staff);
  }
}
