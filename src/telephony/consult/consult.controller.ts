import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../../auth/auth.decorators';
import { CallControlService } from '../call-control.service';
import { ConsultService } from './consult.service';
import { ConsultCallDto, ConsultDoneView, ConsultView, consultTarget } from './dtos/consult.dto';

/**
 * Consult (warm) transfer and three-way calls (咨询转接, 三方通话) on the call's conference: consult,
 * then complete the transfer, join all three, or cancel. The call's agent (or a supervisor) only.
 */
@ApiTags('calls')
@ApiBearerAuth()
@Controller('calls')
export class ConsultController {
  constructor(
    private readonly control: CallControlService,
    private readonly consults: ConsultService,
  ) {}

  /**
   * Holds the caller and calls a colleague `{ agent }` or an outside number `{ to }` (a store, a
   * logistics centre, a manufacturer) into the call, from the hotline number. 409 unless the call is
   * connected with no consult going on, or for a colleague who is not ready or not ready; 404 for an
   * unknown colleague; 422 for a number that cannot be called (none, or China without the BYOC trunk).
   */
  @Roles('agent', 'supervisor')
  @ApiCreatedResponse({ type: ConsultView })
  @Post(':callSid/consult')
  async consult(@Param('callSid') callSid: string, @Body() body: ConsultCallDto, @CurrentStaff() caller: StaffPrincipal): Promise<ConsultView> {
    const record = await this.control.agentsCall(callSid, caller);
    const done = await this.consults.consult(record, caller, consultTarget(body));
    return { callSid, ...done, status: 'held' };
  }

  /** Completes the transfer: the caller stays with the consulted party and the agent's leg leaves (wrap-up). 409 with no consult going on. */
  @Roles('agent', 'supervisor')
  @ApiCreatedResponse({ type: ConsultDoneView })
  @Post(':callSid/consult/complete')
  async complete(@Param('callSid') callSid: string, @CurrentStaff() caller: StaffPrincipal): Promise<ConsultDoneView> {
    const { agentJobNumber } = await this.consults.complete(await this.control.agentsCall(callSid, caller), caller);
    return { callSid, event: 'transfer-completed', agentJobNumber };
  }

  /** Joins all three (三方通话): the caller comes off hold; the agent may drop later and leave the other two talking. */
  @Roles('agent', 'supervisor')
  @ApiCreatedResponse({ type: ConsultDoneView })
  @Post(':callSid/consult/three-way')
  async threeWay(@Param('callSid') callSid: string, @CurrentStaff() caller: StaffPrincipal): Promise<ConsultDoneView> {
    const record = await this.control.agentsCall(callSid, caller);
    await this.consults.threeWay(record, caller);
    return { callSid, event: 'three-way', agentJobNumber: record.agentJobNumber };
  }

  /** Drops the consulted party; the caller comes back to the agent. */
  @Roles('agent', 'supervisor')
  @ApiCreatedResponse({ type: ConsultDoneView })
  @Post(':callSid/consult/cancel')
  async cancel(@Param('callSid') callSid: string, @CurrentStaff() caller: StaffPrincipal): Promise<ConsultDoneView> {
    const record = await this.control.agentsCall(callSid, caller);
    await this.consults.cancel(record, caller);
    return { callSid, event: 'consult-cancelled', agentJobNumber: record.agentJobNumber };
  }
}
