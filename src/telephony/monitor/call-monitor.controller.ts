import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../../auth/auth.decorators';
import { CallMonitorService } from './call-monitor.service';
import { CallRecordsService } from '../call-records.service';
import { MonitorCallDto, MonitorView } from '../consult/dtos/consult.dto';

/** Supervisors (客服主管) on a busy agent's call: listen (监听), whisper (耳语), barge (强插). */
@ApiTags('calls')
@ApiBearerAuth()
@Controller('calls')
export class CallMonitorController {
  constructor(
    private readonly records: CallRecordsService,
    private readonly monitor: CallMonitorService,
  ) {}

  /**
   * The supervisor's softphone joins the call's conference — muted (`listen`), heard by the agent
   * only (`whisper`), or by everyone (`barge`); again with another mode switches it. 409 unless the
   * call is connected (or held) with its agent in the conference.
   */
  @Roles('supervisor')
  @ApiCreatedResponse({ type: MonitorView })
  @Post(':callSid/monitor')
  async start(@Param('callSid') callSid: string, @Body() body: MonitorCallDto, @CurrentStaff() supervisor: StaffPrincipal): Promise<MonitorView> {
    const done = await this.monitor.monitor(await this.records.get(callSid), supervisor, body.mode);
    return { callSid, ...done };
  }

  /** The supervisor leaves the call. */
  @Roles('supervisor')
  @HttpCode(204)
  @Delete(':callSid/monitor')
  async stop(@Param('callSid') callSid: string, @CurrentStaff() supervisor: StaffPrincipal): Promise<void> {
    await this.monitor.stop(await this.records.get(callSid), supervisor);
  }
}
