import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../../auth/auth.decorators';
import { ON_ORDERS } from '../work-order-access';
import { WorkOrderTimelineService } from './work-order-timeline.service';

@ApiTags('work-orders')
@ApiBearerAuth()
@Controller('work-orders')
export class WorkOrderTimelineController {
  constructor(private readonly timelines: WorkOrderTimelineService) {}

  /** The order's history in one list, oldest first: actions (audit), remarks, calls, claims, photos, notifications. */
  @Roles(...ON_ORDERS)
  @Get(':number/timeline')
  timeline(@Param('number') number: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.timelines.timeline(number, staff);
  }
}
