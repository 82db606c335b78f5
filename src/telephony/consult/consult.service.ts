import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { StaffPrincipal } from '../../auth/auth.decorators';
import { StaffService } from '../../auth/staff.service';
import { RoutingEngineService } from '../../routing/routing-engine.service';
import { CallConferenceService, PARTICIPANT } from '../call-conference.service';
import { CallEventsService } from '../call-events/call-events.service';
import { CallRecord } from '../call-record.entity';
import { CallRecordsService } from '../call-records.service';
import { outboundRoute, OutboundRouteError } from '../outbound-route';
import { TelephonySettings } from '../telephony-settings';
import { agentIdentity, engineCallId } from '../voice-flow.service';

/** Whom an agent consults: a colleague by job number (工号), or an outside number (a store, logistics centre, manufacturer). */
export type ConsultTarget = { agent: string } | { to: string };

/** The not-ready reason of a colleague while they are consulted: no call is offered to them meanwhile. */
export const CONSULT_REASON = 'consult';

/**
 * Consult (warm) transfer and three-way calls (咨询转接, 三方通话) in the call's conference: the caller is
 * held while the agent talks to the third party, then the agent completes the transfer (the agent
 * leaves, the caller stays with the third party), joins all three, or cancels. Events of the call,
 * never offers: the colleague is rung through the Participants API, outside the routing engine.
 */
@Injectable()
export class ConsultService {
  constructor(
    private readonly records: CallRecordsService,
    private readonly events: CallEventsService,
    private readonly conference: CallConferenceService,
    private readonly engine: RoutingEngineService,
    private readonly staff: StaffService,
    private readonly settings: TelephonySettings,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('consult');
  }

  /**
   * Holds the caller and calls the third party into the room (caller ID the hotline number; an outside
   * number through the one outbound path: E.164, BYOC for +86). The agent's leg may now drop alone.
   * 409 unless the call is connected in its conference with no consult going on; 404 for an unknown
   * colleague, 409 for one who is not free (ready or not ready); 422 for a number that cannot be called.
   */
  async consult(record: CallRecord, by: StaffPrincipal, target: ConsultTarget): Promise<{ consultCallSid: string; target: string }> {
    if (record.status !== 'connected') throw new ConflictException(`Call ${record.callSid} is ${record.status}; consulting needs it connected`);
    const room = await this.conference.roomSid(record);
    if (await this.conference.find(room, PARTICIPANT.consult)) throw new ConflictException(`Call ${record.callSid} already has a consult going on`);
    const { to, from, byoc, label } = 'agent' in target ? await this.colleague(record, target.agent) : this.outside(target.to);
    await this.conference.hold(room, PARTICIPANT.customer, true);
    await this.records.update(record.callSid, { status: 'held' });
    await this.conference.update(room, PARTICIPANT.agent, { endConferenceOnExit: false });
    let consultCallSid: string;
    try {
      consultCallSid = await this.conference.add(room, {
        from,
        to,
        label: PARTICIPANT.consult,
        ...(byoc ? { byoc } : {}),
        startConferenceOnEnter: true,
        endConferenceOnExit: false,
        timeout: 30,
        statusCallback: this.settings.url('/twilio/voice/consult-leg', { callSid: record.callSid, target: label }),
        statusCallbackEvent: ['answered', 'completed'],
        statusCallbackMethod: 'POST',
      });
    } catch (error) {
      await this.backToTwoWay(record, room);
      if ('agent' in target) await this.freeColleague(target.agent);
      // Twilio refuses to place the call (geo permissions, a number it cannot dial): the caller is back with the agent.
      const refused = error as { status?: number; code?: number; message?: string };
      if (refused.status === 400 || refused.status === 404)
        throw new UnprocessableEntityException(`Twilio refused to call ${label}: ${refused.message ?? refused.code}`);
      throw error;
    }
    await this.events.record(record.callSid, 'consult', by.jobNumber, label);
    return { consultCallSid, target: label };
  }

  /** Completes the transfer: the caller comes off hold with the third party and the agent's leg leaves (wrap-up follows). */
  async complete(record: CallRecord, by: StaffPrincipal): Promise<{ agentJobNumber: string | null }> {
    const room = await this.consultRoom(record);
    await this.conference.update(room, PARTICIPANT.consult, { endConferenceOnExit: true });
    await this.conference.hold(room, PARTICIPANT.customer, false);
    const target = await this.consultTarget(record);
    // A colleague takes the call over: it is theirs from now on (their history, their disposition).
    const colleague = target && /^\d+$/.test(target) ? target : null;
    await this.records.update(record.callSid, { status: 'connected', ...(colleague ? { agentJobNumber: colleague } : {}) });
    // And the routing engine's: the agent wraps up now, the colleague is on the call (offered nothing) and wraps up after it.
    if (colleague) await this.engine.callHandedOver(engineCallId(record), colleague);
    await this.events.record(record.callSid, 'transfer-completed', by.jobNumber, target);
    await this.conference.remove(room, PARTICIPANT.agent);
    return { agentJobNumber: colleague ?? record.agentJobNumber };
  }

  /** Joins all three (三方通话): the caller comes off hold; the agent may later drop and leave the other two talking. */
  async threeWay(record: CallRecord, by: StaffPrincipal): Promise<void> {
    const room = await this.consultRoom(record);
    await this.conference.hold(room, PARTICIPANT.customer, false);
    await this.records.update(record.callSid, { status: 'connected' });
    await this.events.record(record.callSid, 'three-way', by.jobNumber, await this.consultTarget(record));
  }

  /** Ends the consult: the third party is dropped and the caller comes back to the agent. */
  async cancel(record: CallRecord, by: StaffPrincipal): Promise<void> {
    const room = await this.consultRoom(record);
    // Back to two-way first, so the consulted leg's end (its status callback) finds no consult going on.
    await this.backToTwoWay(record, room);
    await this.events.record(record.callSid, 'consult-cancelled', by.jobNumber, await this.consultTarget(record));
    await this.conference.remove(room, PARTICIPANT.consult);
  }

  /**
   * The consulted party's leg changed (Participants create statusCallback). When it is over — not
   * answered, or hung up — a consult still going on is cancelled (the caller is not left on hold), a
   * three-way is two-way again; a colleague consulted goes back to ready.
   */
  async consultLegEnded(callSid: string, target: string): Promise<void> {
    if (/^\d+$/.test(target)) await this.freeColleague(target);
    const record = await this.records.find(callSid);
    if (!record || record.endedAt || !record.conferenceName) return;
    const room = await this.conference.roomSid(record).catch(() => null);
    if (!room || !(await this.conference.find(room, PARTICIPANT.agent))) return; // transferred: the room ended with them
    await this.backToTwoWay(record, room);
    // Still consulting (the caller on hold): the consult is over by itself. After a cancel or a three-way, nothing to record.
    if (record.status === 'held') await this.events.record(callSid, 'consult-cancelled', null, target);
  }

  /**
   * The agent's leg left the room (hung up, or kicked by a completed transfer): they go to wrap-up if
   * the engine still has them on this call. If a third party is still there the call goes on with
   * them, and now ends when they leave; a colleague left with the caller takes the call over.
   */
  async agentLegEnded(record: CallRecord, agent: string): Promise<void> {
    const state = this.engine.agentState(agent);
    const onThisCall = state.state === 'on-call' && state.callId === engineCallId(record);
    const room = record.endedAt || !record.conferenceName ? null : await this.conference.roomSid(record).catch(() => null);
    const consultIn = !!room && !!(await this.conference.find(room, PARTICIPANT.consult));
    const consulted = consultIn ? await this.consultTarget(record) : null;
    // The call's agent left a colleague with the caller (a three-way they dropped out of): the call is the colleague's now, as after a completed transfer.
    const colleague = consulted && /^\d+$/.test(consulted) && record.agentJobNumber === agent ? consulted : null;
    if (colleague) {
      await this.records.update(record.callSid, { agentJobNumber: colleague });
      await this.engine.callHandedOver(engineCallId(record), colleague);
    } else if (onThisCall) await this.engine.callEnded(engineCallId(record));
    if (!room) return;
    if (!consultIn) {
      // The agent's leg ended before it joined (the room did not end with it): the caller is not left alone in it.
      if (!(await this.conference.find(room, PARTICIPANT.agent))) await this.conference.remove(room, PARTICIPANT.customer);
      return;
    }
    await this.conference.update(room, PARTICIPANT.consult, { endConferenceOnExit: true });
    const customer = await this.conference.find(room, PARTICIPANT.customer);
    if (customer?.hold) await this.conference.hold(room, PARTICIPANT.customer, false);
    const last = (await this.events.forCall(record.callSid)).at(-1);
    // Not after a completed transfer: that is the agent leaving already.
    if (record.agentJobNumber === agent && last?.type !== 'transfer-completed') await this.events.record(record.callSid, 'agent-left', agent, consulted);
  }

  private async backToTwoWay(record: CallRecord, room: string): Promise<void> {
    await this.conference.update(room, PARTICIPANT.agent, { endConferenceOnExit: true }).catch(() => undefined);
    await this.conference.hold(room, PARTICIPANT.customer, false).catch(() => undefined);
    await this.records.update(record.callSid, { status: 'connected' });
  }

  private async consultRoom(record: CallRecord): Promise<string> {
    const room = await this.conference.roomSid(record);
    if (!(await this.conference.find(room, PARTICIPANT.consult))) throw new ConflictException(`Call ${record.callSid} has no consult going on`);
    return room;
  }

  /** The last consult's target, from the call's events. */
  private async consultTarget(record: CallRecord): Promise<string | null> {
    const consults = (await this.events.forCall(record.callSid)).filter((e) => e.type === 'consult');
    return consults.at(-1)?.target ?? null;
  }

  private async colleague(record: CallRecord, jobNumber: string) {
    const staff = await this.staff.get(jobNumber);
    if (!staff || !staff.active || !staff.roles.includes('agent')) throw new NotFoundException(`No agent with job number ${jobNumber}`);
    if (jobNumber === record.agentJobNumber) throw new ConflictException(`Agent ${jobNumber} is already on call ${record.callSid}`);
    const { state } = this.engine.agentState(jobNumber);
    if (state !== 'ready' && state !== 'not-ready')
      throw new ConflictException(`Agent ${jobNumber} is ${state}; consult a colleague who is ready or not ready`);
    // Ready colleagues are taken out of the queues while consulted (not-ready `consult`), so no offer rings them meanwhile.
    if (state === 'ready') await this.engine.setAgentState(jobNumber, {}, 'not-ready', CONSULT_REASON);
    return { to: `client:${agentIdentity(jobNumber)}`, from: this.settings.hotlineNumber, byoc: undefined, label: jobNumber };
  }

  private outside(number: string) {
    try {
      const route = outboundRoute(number, this.settings);
      return { to: route.to, from: route.from, byoc: route.byoc, label: route.to };
    } catch (error) {
      if (error instanceof OutboundRouteError) throw new UnprocessableEntityException(error.message);
      throw error;
    }
  }

  /** A colleague whose consult is over is ready again, if being consulted is what made them not ready. */
  private async freeColleague(jobNumber: string): Promise<void> {
    const view = this.engine.agentState(jobNumber);
    if (view.state === 'not-ready' && view.reason === CONSULT_REASON) await this.engine.setAgentState(jobNumber, {}, 'ready');
  }
}
