import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { StaffPrincipal } from '../auth/auth.decorators';
import type { Twilio } from 'twilio';
import { StaffService } from '../auth/staff.service';
import { RoutingConfigService } from '../routing/routing-config.service';
import { RoutingEngineService } from '../routing/routing-engine.service';
import { CallConferenceService, PARTICIPANT } from './call-conference.service';
import { CallOutPresenceService } from './call-out-presence.service';
import { CallEventsService } from './call-events/call-events.service';
import { CallRecord, CallStatus } from './call-record.entity';
import { CallDispositionDto, TransferTarget } from './calls/dtos/calls.dto';
import { CallRecordsService } from './call-records.service';
import { outboundRoute, OutboundRoute, OutboundRouteError } from './outbound-route';
import { TelephonySettings } from './telephony-settings';
import { TWILIO_CLIENT } from './twilio-client.provider';
import { engineCallId } from './call-identities';

/** An outbound call: to whom, which staff member's softphone takes it, and why. */
export type OutboundPurpose = 'callback' | 'callback-visit' | 'agent-dial';

/** The call record's direction for each kind of call out. */
const OUTBOUND_DIRECTION: Record<OutboundPurpose, CallRecord['direction']> = {
  callback: 'outbound-callback',
  'callback-visit': 'outbound-visit',
  'agent-dial': 'outbound-agent',
};

export interface OutboundCall {
  /** E.164. */
  to: string;
  /** Job number (工号) whose softphone is rung when the callee picks up. */
  agent: string;
  /** callback 回电 (a caller who asked to be called back; give `origin`) · callback-visit 回访 (after a work order closed) · agent-dial (click-to-call). */
  purpose: OutboundPurpose;
  origin?: { engineCallId: string; callSid: string; queueCode: string | null };
}

/**
 * What an agent (or supervisor) does to a live call — transfer, hold, resume, hang up — carried out
 * on Twilio's side: hold and resume in the call's conference, a transfer by redirecting the caller's
 * leg. One place for the REST API and the softphone.
 */
@Injectable()
export class CallControlService {
  constructor(
    private readonly records: CallRecordsService,
    private readonly engine: RoutingEngineService,
    private readonly routing: RoutingConfigService,
    private readonly settings: TelephonySettings,
    private readonly staff: StaffService,
    private readonly conference: CallConferenceService,
    private readonly events: CallEventsService,
    private readonly callOutPresence: CallOutPresenceService,
    @Inject(TWILIO_CLIENT) private readonly twilio: Twilio,
  ) {}

  /**
   * Transfers a call (转接): the agent's leg ends (wrap-up) and the caller becomes a new leg for the
   * engine — waiting in the given queue for anyone, or, to a named agent, a targeted call in the
   * call's own queue: that agent is rung at once if ready, else the caller waits for them alone
   * (a miss or decline sends the caller to the head of that queue for anyone; see libs/acd).
   * Refused before anything changes: an unknown queue or job number (404), the call's own agent or
   * an agent who is signed out (409).
   */
  async transfer(callSid: string, caller: StaffPrincipal, target: TransferTarget): Promise<{ queue: string; agent?: string; agentState?: string }> {
    const record = await this.agentsCall(callSid, caller);
    if (record.endedAt) throw new NotFoundException(`Call ${callSid} has ended`);
    // A call out is no call of the routing engine's: queued again it would have nobody to end it there.
    if (record.direction !== 'inbound')
      throw new ConflictException(
        `Call ${callSid} is a call out (${record.direction}); it cannot be transferred to a queue or an agent — consult a colleague and complete the transfer instead`,
      );
    let queueCode: string;
    let agentState: string | undefined;
    if ('agent' in target) {
      const staff = await this.staff.get(target.agent);
      if (!staff || !staff.active || !staff.roles.includes('agent')) throw new NotFoundException(`No agent with job number ${target.agent}`);
      if (target.agent === record.agentJobNumber)
        throw new ConflictException(`Agent ${target.agent} is already on call ${record.callSid}; transfer it to another agent or a queue`);
      agentState = this.engine.agentState(target.agent).state;
      if (agentState === 'offline') throw new ConflictException(`Agent ${target.agent} is offline (signed out); transfer to a signed-in agent or to a queue`);
      queueCode = record.queueCode ?? this.settings.entryQueue;
    } else {
      await this.routing.getQueue(target.queue);
      queueCode = target.queue;
    }
    await this.engine.callEnded(engineCallId(record));
    await this.records.update(record.callSid, { segment: record.segment + 1, queueCode, status: 'queued' });
    await this.redirect(record.callSid, '/twilio/voice/transferred', 'agent' in target ? { agent: target.agent } : {});
    return 'agent' in target ? { queue: queueCode, agent: target.agent, agentState } : { queue: queueCode };
  }

  /**
   * Puts a connected call on hold (保持): participant hold in the call's conference — the caller hears
   * the hold music and is not heard, the agent stays in the room. No leg changes, so no offer.
   */
  async hold(callSid: string, caller: StaffPrincipal): Promise<CallRecord> {
    const record = await this.agentsCall(callSid, caller, ['connected']);
    const room = await this.conference.roomSid(record);
    await this.conference.hold(room, PARTICIPANT.customer, true);
    await this.records.update(callSid, { status: 'held' });
    await this.events.record(callSid, 'hold', caller.jobNumber);
    return record;
  }

  /** Takes a held call back (participant unhold): the two talk again — no new ring, no new answer. */
  async resume(callSid: string, caller: StaffPrincipal): Promise<CallRecord> {
    const record = await this.agentsCall(callSid, caller, ['held']);
    const room = await this.conference.roomSid(record);
    if (await this.conference.find(room, PARTICIPANT.consult))
      throw new ConflictException(`Call ${callSid} has a consult going on; complete the transfer, join all three, or cancel the consult`);
    await this.conference.hold(room, PARTICIPANT.customer, false);
    await this.records.update(callSid, { status: 'connected' });
    await this.events.record(callSid, 'resume', caller.jobNumber);
    return record;
  }

  /** Records the wrap-up disposition (小结) of a call the agent took — during the call, in wrap-up or later; a new one replaces the last. */
  async dispose(callSid: string, caller: StaffPrincipal, disposition: CallDispositionDto): Promise<CallRecord> {
    const record = await this.agentsCall(callSid, caller);
    if (!record.connectedAt) throw new ConflictException(`Call ${callSid} never reached an agent; only answered calls take a disposition`);
    const changes = { dispositionCode: disposition.code, dispositionNote: disposition.note ?? null, dispositionAt: this.records.now() };
    await this.records.setDisposition(callSid, changes);
    return { ...record, ...changes };
  }

  /** The call, if `caller` is its agent (or a supervisor) and it is in one of `states` (any, when not given). */
  async agentsCall(callSid: string, caller: StaffPrincipal, states?: CallStatus[]): Promise<CallRecord> {
    const record = await this.records.get(callSid);
    if (!caller.roles.includes('supervisor') && record.agentJobNumber !== caller.jobNumber)
      throw new ForbiddenException('Only the agent on the call (or a supervisor) may do this');
    if (states && !states.includes(record.status)) throw new ConflictException(`Call ${callSid} is ${record.status}; this needs it ${states.join(' or ')}`);
    return record;
  }

  /** Ends the caller's leg; the dial result moves the agent to wrap-up. */
  async hangUp(callSid: string): Promise<void> {
    await this.twilio.calls(callSid).update({ status: 'completed' });
  }

  /**
   * Calls a waiting caller back (回电) from the hotline number and connects them to `agent` when
   * they pick up; the outbound call gets its own record.
   */
  async callBack(originEngineCallId: string, agent: string): Promise<string> {
    const originSid = originEngineCallId.split('#')[0];
    const origin = await this.records.get(originSid);
    return this.placeOutbound({
      to: origin.fromNumber,
      agent,
      purpose: 'callback',
      origin: { engineCallId: originEngineCallId, callSid: originSid, queueCode: origin.queueCode },
    });
  }

  /**
   * The one outbound path: calls `to` (through the BYOC trunk for mainland China, see
   * outboundRoute) and, when they pick up, rings the softphone of `agent` (job number) and connects
   * them. For callbacks to waiting callers (回电, with the call they were waiting on) and callback
   * visits (回访) after a work order closes. Returns the new call's CallSid; the call gets its own
   * record. A number that cannot be called (none, or China without a trunk): 422, nothing placed.
   */
  async placeOutbound(call: OutboundCall): Promise<string> {
    const origin = call.origin?.engineCallId;
    let route: OutboundRoute;
    try {
      route = outboundRoute(call.to, this.settings);
    } catch (error) {
      if (error instanceof OutboundRouteError) throw new UnprocessableEntityException(error.message);
      throw error;
    }
    const created = await this.twilio.calls.create({
      to: route.to,
      from: route.from,
      ...(route.byoc ? { byoc: route.byoc } : {}),
      url: this.settings.url('/twilio/voice/callback-connect', origin ? { agent: call.agent, origin } : { agent: call.agent, purpose: call.purpose }),
      method: 'POST',
      statusCallback: this.settings.url('/twilio/voice/callback-status', origin ? { origin } : {}),
      statusCallbackMethod: 'POST',
      statusCallbackEvent: ['completed'],
    });
    await this.records.open({
      callSid: created.sid,
      direction: OUTBOUND_DIRECTION[call.purpose],
      fromNumber: route.from,
      toNumber: route.to,
      queueCode: call.origin?.queueCode ?? null,
      agentJobNumber: call.agent,
      originCallSid: call.origin?.callSid ?? null,
    });
    // A callback (回电) is the engine's call (its agent is reserved for it); any other call out is not: the agent goes not ready `outbound`.
    if (!origin) await this.callOutPresence.begin(call.agent, created.sid);
    return created.sid;
  }

  private async redirect(callSid: string, path: string, query: Record<string, string> = {}): Promise<void> {
    await this.twilio.calls(callSid).update({ url: this.settings.url(path, query), method: 'POST' });
  }
}
