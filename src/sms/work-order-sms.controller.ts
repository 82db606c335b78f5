import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/auth.decorators';
import { ON_ORDERS } from '../work-orders/work-order-access';
import { SmsMessageList } from './dtos/sms-view.dto';
import { SmsMessagesService } from './sms-messages.service';

@ApiTags('sms')
@ApiBearerAuth()
@Controller('work-orders')
export class WorkOrderSmsController {
  constructor(private readonly messages: SmsMessagesService) {}

  /** The SMS sent to the customer about this work order, newest first, with their delivery status. */
  @Roles(...ON_ORDERS)
  @Get(':number/sms')
  @ApiOkResponse({ type: SmsMessageList })
  list(@Param('number') number: string, @CurrentStaff() staff: StaffPrincipal): Promise<SmsMessageList> {
    return this.messages.forWorkOrder(number, staff);
  }
}
