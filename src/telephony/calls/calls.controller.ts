import { Body, Controller, ForbiddenException, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../../auth/auth.decorators';
import { maskPhone, masksPhonesFor } from '../../customers/phone-masking';
import { WorkOrdersService } from '../../work-orders/work-orders.service';
import { CallEventsService } from '../call-events/call-events.service';
import { CallRecord } from '../call-record.entity';
import { CallControlService } from '../call-control.service';
import { CallRecordsService } from '../call-records.service';
import { AgentDialService } from '../agent-dial.service';
import { CallDispositionDto, DialCallDto, dialTarget, ListCallsQuery, TransferCallDto, transferTarget } from './dtos/calls.dto';
import { CallDetailDto, CallPageDto, CallViewDto } from './dtos/call-view.dto';

/**
 * A call as the API shows it, with its ring time: arrival to the first answer (agent or IVR). `masked`:
 * the customer's number — the caller's, or the one called back — as quality monitors see it (138****5678);
 * they see it in full only by opening one of the call's work orders, which is audited.
 */
export function toCallView(record: CallRecord, masked = false): CallViewDto {
  const inbound = record.direction === 'inbound';
  return {
    callSid: record.callSid,
    direction: record.direction,
    from: masked && inbound ? maskPhone(record.fromNumber) : record.fromNumber,
    to: masked && !inbound ? maskPhone(record.toNumber) : record.toNumber,
    arrivedAt: record.arrivedAt.toISOString(),
    answeredAt: record.answeredAt?.toISOString() ?? null,
    answeredBy: record.answeredBy,
    ringSeconds: record.answeredAt ? (record.answeredAt.getTime() - record.arrivedAt.getTime()) / 1000 : null,
    connectedAt: record.connectedAt?.toISOString() ?? null,
    agentJobNumber: record.agentJobNumber,
    queue: record.queueCode,
    priority: record.priority,
    status: record.status,
    outcome: record.outcome,
    waitSeconds: record.waitSeconds,
    endedAt: record.endedAt?.toISOString() ?? null,
    recordingUrl: record.recordingUrl,
    originCallSid: record.originCallSid,
    disposition: record.dispositionCode
      ? { code: record.dispositionCode, note: record.dispositionNote, at: record.dispositionAt?.toISOString() ?? null }
      : null,
  };
}

@ApiTags('calls')
@ApiBearerAuth()
@Controller('calls')
export class CallsController {
  constructor(
    private readonly records: CallRecordsService,
    private readonly control: CallControlService,
    private readonly workOrders: WorkOrdersService,
    private readonly dialer: AgentDialService,
    private readonly events: CallEventsService,
  ) {}

  /**
   * The agent places a call (外呼, click-to-call) to a number `{ to }` or to a work order's customer
   * `{ workOrderNumber }` (linked to the order): from the hotline number, through the one outbound
   * path; their softphone rings when the customer picks up. 409 unless the agent is not ready or in
   * wrap-up; 422 for a number that cannot be called.
   */
  @Roles('agent')
  @Post('outbound')
  async dial(@Body() body: DialCallDto, @CurrentStaff() agent: StaffPrincipal) {
    return this.dialer.dial(agent, dialTarget(body));
  }

  /**
   * Call records, newest first, filtered by date range, queue, agent and outcome; paged by cursor
   * (`nextCursor`, null on the last page). Quality monitors see customers' numbers masked. An agent
   * lists their own calls only (the softphone's call history): `agent` is theirs, another's is a 403.
   */
  @Roles('supervisor', 'quality', 'admin', 'agent')
  @Get()
  @ApiOkResponse({ type: CallPageDto })
  async list(@Query() query: ListCallsQuery, @CurrentStaff() staff: StaffPrincipal): Promise<CallPageDto> {
    if (!staff.roles.some((r) => r === 'supervisor' || r === 'quality' || r === 'admin')) {
      if (query.agent !== undefined && query.agent !== staff.jobNumber) throw new ForbiddenException('Agents list their own calls only');
      query.agent = staff.jobNumber;
    }
    const { items, nextCursor } = await this.records.list(query);
    const masked = masksPhonesFor(staff.roles);
    return { items: items.map((record) => toCallView(record, masked)), nextCursor };
  }

  /** One call with its work orders, offers and events (hold, consult, transfer, monitoring…); quality monitors see the customer's number masked. */
  @Roles('agent', 'supervisor', 'quality', 'admin')
  @Get(':callSid')
  @ApiOkResponse({ type: CallDetailDto })
  async get(@Param('callSid') callSid: string, @CurrentStaff() staff: StaffPrincipal): Promise<CallDetailDto> {
    const record = await this.records.get(callSid);
    const [offers, workOrders, events] = await Promise.all([
      this.records.offersFor(callSid),
      this.workOrders.listForCall(callSid),
      this.events.forCall(callSid),
    ]);
    return {
      ...toCallView(record, masksPhonesFor(staff.roles)),
      workOrders: workOrders.map((w) => ({ number: w.number, status: w.status, category: w.category, linkedAt: w.linkedAt })),
      offers: offers.map((o) => ({
        agentJobNumber: o.agentJobNumber,
        offeredAt: o.offeredAt.toISOString(),
        result: o.result,
        resultAt: o.resultAt?.toISOString() ?? null,
      })),
      // Hold, resume, consult, transfer, monitoring: events of the call, never offers.
      events: events.map((e) => ({ type: e.type, at: e.at.toISOString(), by: e.byJobNumber, target: e.target })),
    };
  }

  /**
   * Put a connected call on hold (participant hold in the call's conference): the caller hears music, the agent stays on the call. No offer.
   * Its own agent's (a quality monitor's on their callback visit 回访 too) or a supervisor's.
   */
  @Roles('agent', 'supervisor', 'quality')
  @Post(':callSid/hold')
  async hold(@Param('callSid') callSid: string, @CurrentStaff() caller: StaffPrincipal) {
    const record = await this.control.hold(callSid, caller);
    return { callSid, status: 'held', agentJobNumber: record.agentJobNumber };
  }

  /** Take a held call back (participant unhold): the two talk again — no new ring, no new answer. 409 while a consult goes on. */
  @Roles('agent', 'supervisor', 'quality')
  @Post(':callSid/resume')
  async resume(@Param('callSid') callSid: string, @CurrentStaff() caller: StaffPrincipal) {
    const record = await this.control.resume(callSid, caller);
    return { callSid, status: 'connected', agentJobNumber: record.agentJobNumber };
  }

  /** The agent's wrap-up disposition (小结) of a call they took: a code and an optional note. */
  @Roles('agent', 'supervisor')
  @Post(':callSid/disposition')
  @ApiCreatedResponse({ type: CallViewDto })
  async disposition(@Param('callSid') callSid: string, @Body() body: CallDispositionDto, @CurrentStaff() caller: StaffPrincipal) {
    return toCallView(await this.control.dispose(callSid, caller, body));
  }

  /**
   * Transfer a connected call (转接) to a queue `{ queue }` or to a named agent `{ agent }` (exactly
   * one): the agent's leg ends (wrap-up) and the caller waits there — for a named agent, in the
   * call's queue, rung to them alone. 409 for the call's own agent or one who is signed out.
   */
  @Roles('agent', 'supervisor')
  @Post(':callSid/transfer')
  async transfer(@Param('callSid') callSid: string, @Body() body: TransferCallDto, @CurrentStaff() caller: StaffPrincipal) {
    const done = await this.control.transfer(callSid, caller, transferTarget(body));
    return { callSid, ...done, transferredBy: caller.jobNumber };
  }
}
