import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/auth.decorators';
import { maskPhone, masksPhonesFor } from '../customers/phone-masking';
import { SetSmsOptOutDto } from './dtos/sms.dto';
import { SmsOptOutDto } from './dtos/sms-view.dto';
import { phoneParam } from './sms-messages.service';
import { SmsOptOutsService } from './sms-opt-outs.service';

/** A customer's SMS opt-out (回复TD退订), per number: read by the desk, set by an agent on the customer's word. */
@ApiTags('sms')
@ApiBearerAuth()
@Controller('sms/opt-outs')
export class SmsOptOutsController {
  constructor(private readonly optOuts: SmsOptOutsService) {}

  @Get(':phone')
  @Roles('agent', 'supervisor', 'quality', 'terminal')
  @ApiOkResponse({ type: SmsOptOutDto })
  async get(@Param('phone') phone: string, @CurrentStaff() staff: StaffPrincipal): Promise<SmsOptOutDto> {
    const state = await this.optOuts.get(phoneParam(phone));
    return { ...state, phone: masksPhonesFor(staff.roles) ? maskPhone(state.phone) : state.phone };
  }

  @Put(':phone')
  @Roles('agent', 'supervisor')
  @ApiOkResponse({ type: SmsOptOutDto })
  set(@Param('phone') phone: string, @Body() body: SetSmsOptOutDto, @CurrentStaff() staff: StaffPrincipal): Promise<SmsOptOutDto> {
    return this.optOuts.set(phoneParam(phone), body.optedOut, 'agent', staff.jobNumber);
  }
}
