import { AcdCommand, CallArrival } from '@hotline/acd';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import twilio, { Twilio } from 'twilio';
import { ConfigVariables } from '../../config/config-variables';
import { RoutingConfigService } from '../routing/routing-config.service';
import { RoutingEngineService } from '../routing/routing-engine.service';
import { BusinessHours, isOpen, parseBusinessHours } from './business-hours';
import { CALLER_LOOKUP, CallerLookup, priorityOf } from './caller-lookup';
import { CallConferenceService, conferenceNameOf, PARTICIPANT } from './call-conference.service';
import { agentIdentity, engineCallId } from './call-identities';
import { CallRecord } from './call-record.entity';
import { CallRecordsService } from './call-records.service';
import { CallOutPresenceService } from './call-out-presence.service';
import { ConsultService } from './consult/consult.service';
import { IVR_PROMPTS, IvrPrompts } from './ivr-prompts';
import { TelephonySettings } from './telephony-settings';
import { TWILIO_CLIENT } from './twilio-client.provider';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;

export { agentIdentity, engineCallId } from './call-identities';

/** Twilio parameters the flows read. */
export interface VoiceParams {
  CallSid: string;
  From?: string;
  To?: string;
  Digits?: string;
  CallStatus?: string;
  DialCallStatus?: string;
  DialBridged?: string;
  DialCallSid?: string;
  QueueResult?: string;
  RecordingUrl?: string;
}

/**
 * The caller's side of the hotline as TwiML: answer within three rings (an agent rung first when
 * one is ready, else the IVR at once), the menu, queue wait with position and callback, agents'
 * legs, voicemail and after-hours. Each method answers one Twilio webhook.
 */
@Injectable()
export class VoiceFlowService {
  private readonly prompts: IvrPrompts;
  private readonly hours: BusinessHours;
  private greetingAndMenuTwiml?: string;
  private afterHoursTwiml?: string;
  private openMinute?: { minute: number; open: boolean };

  constructor(
    private readonly settings: TelephonySettings,
    private readonly records: CallRecordsService,
    private readonly engine: RoutingEngineService,
    private readonly routingConfig: RoutingConfigService,
    private readonly logger: PinoLogger,
    config: ConfigVariables,
    @Inject(TWILIO_CLIENT) private readonly twilio: Twilio,
    private readonly conference: CallConferenceService,
    private readonly consults: ConsultService,
    private readonly callOutPresence: CallOutPresenceService,
    @Optional() @Inject(CALLER_LOOKUP) private readonly callers?: CallerLookup,
  ) {
    logger.setContext('voice');
    this.prompts = IVR_PROMPTS[settings.language];
    this.hours = parseBusinessHours(config.BUSINESS_HOURS, config.BUSINESS_DAYS, config.HOLIDAYS, config.SITE_UTC_OFFSET_MINUTES);
  }

  /**
   * Whether a call arriving now is answered by the IVR at once (after hours, or no agent ready in
   * the entry queue): then it writes nothing but its own record, and no routing-engine event happens.
   */
  answersAtOnce(): boolean {
    return !this.isOpenAt(this.records.now()) || !this.engine.available || this.engine.readyAgentCount(this.settings.entryQueue) === 0;
  }

  /**
   * The Voice URL when `answersAtOnce()`: the IVR's answer and the call's record, not yet written —
   * the caller writes it (with the webhook's receipt, grouped with other calls') before answering,
   * looking the caller up for priority first when `prioritise` says so. No engine event happens,
   * since the engine's listeners would read a record not yet committed.
   */
  answerAtOnce(p: VoiceParams): { record: CallRecord; prioritise: boolean; twiml: string } {
    const call = this.newCall(p);
    const now = call.arrivedAt;
    if (!this.isOpenAt(now)) {
      return {
        record: this.records.newRecord({ ...call, answeredAt: now, answeredBy: 'ivr', status: 'ivr', outcome: 'after-hours' }),
        prioritise: false,
        twiml: this.afterHoursGreeting(),
      };
    }
    return { record: this.records.newRecord({ ...call, answeredAt: now, answeredBy: 'ivr', status: 'ivr' }), prioritise: true, twiml: this.greetingAndMenu() };
  }

  /** The Voice URL otherwise: ring a ready agent first (the caller hears ringback), else queue. */
  async incoming(p: VoiceParams): Promise<string> {
    if (this.answersAtOnce()) {
      // The engine changed since `answersAtOnce()`: answer as it would have.
      const { record, prioritise, twiml } = this.answerAtOnce(p);
      if (prioritise) record.priority = await this.callerPriority(record.fromNumber);
      await this.records.open(record);
      return twiml;
    }
    const call = this.newCall(p);
    const priority = await this.callerPriority(call.fromNumber);
    const entry = this.settings.entryQueue;
    const twiml = new twilio.twiml.VoiceResponse();
    const record = await this.records.open({ ...call, priority, queueCode: entry });
    const offer = await this.arrive(p.CallSid, { callId: engineCallId(record), queueId: entry, priority });
    if (offer) return (await this.dialAgents(twiml, record, offer)).toString();
    return (await this.enqueue(twiml, record, entry)).toString();
  }

  /** Opening hours change on the minute, so each minute is looked up once (every call asks). */
  private isOpenAt(at: Date): boolean {
    const minute = Math.floor(at.getTime() / 60_000);
    if (minute !== this.openMinute?.minute) this.openMinute = { minute, open: isOpen(this.hours, at) };
    return this.openMinute.open;
  }

  private newCall(p: VoiceParams) {
    return { callSid: p.CallSid, direction: 'inbound' as const, fromNumber: p.From ?? 'anonymous', toNumber: p.To ?? '', arrivedAt: this.records.now() };
  }

  /** VIPs and repeat callers go ahead (绿色通道); a failed lookup only costs the caller their priority. */
  private async callerPriority(fromNumber: string): Promise<number> {
    return priorityOf((await this.callers?.lookup(fromNumber).catch(() => null)) ?? null);
  }

  /** The after-hours message (offers a callback or voicemail) — the same document every time. */
  private afterHoursGreeting(): string {
    if (this.afterHoursTwiml === undefined) {
      const twiml = new twilio.twiml.VoiceResponse();
      const menu = twiml.gather({ numDigits: 1, timeout: 8, action: this.settings.url('/twilio/voice/after-hours'), method: 'POST' });
      this.say(menu, this.prompts.afterHours);
      this.say(twiml, this.prompts.goodbye);
      twiml.hangup();
      this.afterHoursTwiml = twiml.toString();
    }
    return this.afterHoursTwiml;
  }

  /** The IVR's answer to a new call — the same document every time, so it is built once. */
  private greetingAndMenu(): string {
    if (this.greetingAndMenuTwiml === undefined) {
      const twiml = new twilio.twiml.VoiceResponse();
      this.say(twiml, this.prompts.greeting);
      this.menu(twiml, 1);
      this.greetingAndMenuTwiml = twiml.toString();
    }
    return this.greetingAndMenuTwiml;
  }

  /** The caller pressed a key in the menu (or pressed nothing). */
  async menuChoice(p: VoiceParams, attempt: number): Promise<string> {
    const record = await this.records.get(p.CallSid);
    const twiml = new twilio.twiml.VoiceResponse();
    let queueCode = this.settings.entryQueue;
    if (p.Digits) {
      const chosen = this.routingConfig.cachedQueues().find((q) => q.menuKey === p.Digits);
      if (!chosen && attempt < 2) {
        this.say(twiml, this.prompts.invalidChoice);
        this.menu(twiml, attempt + 1);
        return twiml.toString();
      }
      if (chosen) queueCode = chosen.code;
    }
    await this.records.update(p.CallSid, { queueCode });
    const commands: AcdCommand[] = [];
    let offer: { agentIds: string[] } | null;
    try {
      offer = await this.arrive(p.CallSid, { callId: engineCallId(record), queueId: queueCode, priority: record.priority }, commands);
    } catch (error) {
      if (this.engine.available) throw error;
      // Routing unreachable (Redis away, several processes): the caller waits in Twilio's queue all
      // the same, and the leader elected when Redis returns takes them in — not Twilio's fallback.
      this.logger.warn({ err: error, callSid: p.CallSid }, 'routing unavailable; the caller waits in the queue until it is back');
      offer = null;
    }
    if (offer) {
      this.say(twiml, this.prompts.connecting);
      return (await this.dialAgents(twiml, record, offer)).toString();
    }
    if (commands.some((c) => c.type === 'voicemail' && c.callId === engineCallId(record))) {
      this.say(twiml, this.prompts.noAgents);
      return this.voicemail(twiml).toString();
    }
    this.say(twiml, this.prompts.connecting);
    return (await this.enqueue(twiml, record, queueCode)).toString();
  }

  /** Twilio's <Dial> to the agent ended: talked and hung up, or not answered / declined. */
  async dialResult(p: VoiceParams, agents: string[], segment?: number): Promise<string> {
    const record = await this.records.get(p.CallSid);
    const twiml = new twilio.twiml.VoiceResponse();
    const callId = engineCallId(record);
    if (record.endedAt) return twiml.hangup().toString();
    if (this.interruptedByRedirect(p, record, segment)) return twiml.toString();
    const status = p.DialCallStatus ?? 'failed';
    if (status === 'canceled' || p.CallStatus === 'completed') {
      // The caller hung up while the agent was being rung: not the agent's miss.
      await this.callerGone(p.CallSid);
      return twiml.hangup().toString();
    }
    if (p.RecordingUrl) await this.records.update(p.CallSid, { recordingUrl: p.RecordingUrl });
    if ((status === 'completed' || status === 'answered') && record.conferenceName && record.status === 'connected' && p.DialBridged !== 'false') {
      // The agent's leg left the bridge for the call's conference (agentLeg): the caller joins them there —
      // unless the agent hung up instead (their leg is over), which ends the call as before.
      if (p.DialCallSid && (await this.conference.legLive(p.DialCallSid))) return this.conference.callerJoins(record, p.DialCallSid, this.recordsCalls(record));
      await this.records.update(p.CallSid, { conferenceName: null });
    }
    if (status === 'completed' || status === 'answered') {
      // The bridge happened even if the agent leg's own status callback is late or lost.
      if (agents.length === 1) {
        if (!record.connectedAt) await this.records.connected(p.CallSid, agents[0]);
        // Also when the record shows the connect: the agent leg's callback may have written it and not
        // yet told the engine, which would then take this end for an abandoned call (a repeat is a no-op).
        await this.engine.offerAnswered(callId, agents[0]);
      }
      await this.engine.callEnded(callId); // the agent goes to wrap-up
      this.say(twiml, this.prompts.goodbye);
      twiml.hangup();
      return twiml.toString();
    }
    // No pick-up within three rings, or declined: the call goes back to the head of its queue.
    const declined = status === 'busy';
    for (const agent of agents) await this.records.offerResult(p.CallSid, agent, declined ? 'declined' : 'missed');
    const firstAnswer = !record.answeredAt;
    if (firstAnswer) await this.records.answerByIvr(p.CallSid);
    // With the agents rung: a repeat of this webhook whose first delivery's process died after the
    // engine moved the call on gets that offer, rather than a miss counted against an agent never rung.
    const offer = await this.inline(p.CallSid, (inline) =>
      declined && agents.length === 1 ? this.engine.offerDeclined(callId, agents[0], inline) : this.engine.offerTimedOut(callId, inline, agents),
    );
    if (firstAnswer) this.say(twiml, this.prompts.greeting);
    this.say(twiml, this.prompts.nextAgent);
    if (offer) return (await this.dialAgents(twiml, record, offer)).toString();
    return (await this.enqueue(twiml, record, record.queueCode ?? this.settings.entryQueue)).toString();
  }

  /**
   * Whether this dial result only reports a Dial our own REST redirect cut short: Twilio requests
   * the interrupted Dial's action (DialCallStatus `completed`) before the new URL, and ignores what
   * it answers. The call has already moved on — nothing to end, nobody to wrap up:
   * - a Dial of an earlier leg: the call was transferred since (the dial belongs to `segment`);
   * - nobody had answered (DialBridged false): the offer was withdrawn while ringing, and its
   *   withdrawal already requeued the caller and settled the offer.
   */
  private interruptedByRedirect(p: VoiceParams, record: CallRecord, segment: number | undefined): boolean {
    if (segment !== undefined && segment !== record.segment) return true;
    return p.DialCallStatus === 'completed' && p.DialBridged === 'false';
  }

  /** A queued caller was pulled out of the queue (REST redirect) to be connected to agents. */
  async connect(p: VoiceParams, agents: string[]): Promise<string> {
    const record = await this.records.get(p.CallSid);
    const twiml = new twilio.twiml.VoiceResponse();
    if (!record.answeredAt) {
      // Still unanswered (a ring-first agent dropped off): the IVR answers now, inside the three
      // rings, rather than starting the next agent's rings from scratch.
      await this.records.answerByIvr(p.CallSid);
      this.say(twiml, this.prompts.greeting);
      this.say(twiml, this.prompts.nextAgent);
    }
    return (await this.dialAgents(twiml, record, { agentIds: agents })).toString();
  }

  /**
   * The agent's leg changed state. Its answer is what connects the call; an inbound call's agent leg
   * then moves into the call's conference (Twilio Flex's model), where hold, consult and monitoring
   * are participant changes. Its end is the agent's end of the call (wrap-up).
   */
  async agentLeg(p: VoiceParams, callSid: string, agent: string): Promise<void> {
    if (p.CallStatus === 'completed' || p.CallStatus === 'failed' || p.CallStatus === 'busy' || p.CallStatus === 'no-answer' || p.CallStatus === 'canceled') {
      const record = await this.records.find(callSid);
      if (record?.conferenceName) await this.consults.agentLegEnded(record, agent);
      // Left a call out that goes on without them (transferred to a colleague): their call out is over.
      if (record && record.direction !== 'inbound' && !record.originCallSid && record.agentJobNumber !== agent) await this.callOutPresence.end(agent);
      return;
    }
    if (p.CallStatus !== 'in-progress' && p.CallStatus !== 'answered') return;
    const record = await this.records.get(callSid);
    if (record.endedAt) return;
    if (record.status === 'connected' && record.connectedAt && record.agentJobNumber === agent) return; // a repeated answer
    await this.records.connected(callSid, agent);
    await this.engine.offerAnswered(engineCallId(record), agent);
    // Calls out too (callbacks, visits, click-to-call): their <Dial> action (outboundDialResult) takes the customer into the room.
    const conferenceName = conferenceNameOf(callSid);
    await this.records.update(callSid, { conferenceName });
    try {
      await this.conference.moveAgentLegIn(record, p.CallSid, agent);
    } catch (error) {
      // The leg is gone already (hung up at once): the call stays a plain bridge, as before conferences.
      this.logger.warn({ err: error, callSid, agentLeg: p.CallSid }, 'could not move the agent leg into the conference');
      await this.records.update(callSid, { conferenceName: null });
    }
  }

  /** The agent's leg, moved into the call's room. */
  async conferenceJoin(callSid: string): Promise<string> {
    const record = await this.records.find(callSid);
    return this.conference.agentJoins(callSid, !!record && this.recordsCalls(record));
  }

  /** Whether the call's queue records its calls (queue `recordCalls`): its room is recorded. */
  private recordsCalls(record: CallRecord): boolean {
    return !!record.queueCode && !!this.routingConfig.cachedQueues().find((q) => q.code === record.queueCode)?.recordCalls;
  }

  /** The call's room recording is available (<Conference recordingStatusCallback>): the call record links it. */
  async conferenceRecorded(callSid: string, recordingUrl: string): Promise<void> {
    await this.records.setRecording(callSid, recordingUrl);
  }

  /**
   * The caller is in the call's room (its <Conference> participant-join). If the agent's leg ended
   * meanwhile — after the <Dial> action found it live, before the caller joined — the room the agent
   * left ended without the caller, and the caller is alone in a new one: they are taken out, and the
   * <Dial> action says goodbye, as when the agent hangs up as they answer.
   */
  async callerJoined(callSid: string, agentLeg: string): Promise<void> {
    const record = await this.records.find(callSid);
    if (!record || record.endedAt || !record.conferenceName) return;
    if (await this.conference.legLive(agentLeg)) return; // its end, if it comes, is agentLegEnded's
    const room = await this.conference.roomSid(record).catch(() => null);
    if (room) await this.conference.remove(room, PARTICIPANT.customer);
  }

  /**
   * The caller left the call's room (its <Dial> action). The room ended with the caller still on
   * the line — the agent hung up a two-way call, or the party the call was transferred to did — so
   * the caller hears goodbye. A caller who hung up or was redirected (a transfer) needs nothing.
   */
  async conferenceExit(p: VoiceParams, segment?: number): Promise<string> {
    const record = await this.records.get(p.CallSid);
    const twiml = new twilio.twiml.VoiceResponse();
    if (segment !== undefined && segment !== record.segment) return twiml.toString();
    if (record.endedAt || p.CallStatus === 'completed') return twiml.hangup().toString();
    this.say(twiml, this.prompts.goodbye);
    return twiml.hangup().toString();
  }

  /** The consulted party's leg (Participants create statusCallback). */
  async consultLeg(p: VoiceParams, callSid: string, target: string): Promise<void> {
    const final = ['completed', 'busy', 'failed', 'no-answer', 'canceled'];
    if (!p.CallStatus || !final.includes(p.CallStatus)) return;
    await this.consults.consultLegEnded(callSid, target);
  }

  /** The queue's wait music: position, estimated wait, and the callback key. */
  async queueWait(p: VoiceParams): Promise<string> {
    const record = await this.records.get(p.CallSid);
    const twiml = new twilio.twiml.VoiceResponse();
    const where = this.engine.callPosition(engineCallId(record));
    const gather = twiml.gather({ numDigits: 1, timeout: 1, action: this.settings.url('/twilio/voice/wait-key'), method: 'POST' });
    if (where) {
      const ahead = where.position - 1;
      const minutes = Math.max(1, Math.ceil(((ahead + 1) * 180) / 60 / Math.max(1, this.engine.readyAgentCount(where.queueCode) || 1)));
      this.say(gather, this.prompts.position.replace('{n}', String(ahead)).replace('{m}', String(minutes)));
    }
    this.say(gather, this.prompts.leaveCallback);
    twiml.pause({ length: this.settings.announceEverySeconds });
    return twiml.toString();
  }

  /** A key pressed while waiting: 1 = call me back, keeping my place. */
  async queueWaitKey(p: VoiceParams): Promise<string> {
    const record = await this.records.get(p.CallSid);
    const twiml = new twilio.twiml.VoiceResponse();
    if (p.Digits !== '1') return twiml.toString();
    await this.engine.requestCallback(engineCallId(record));
    await this.records.update(p.CallSid, { status: 'callback' });
    this.say(twiml, this.prompts.callbackConfirmed);
    twiml.leave();
    return twiml.toString();
  }

  /** The caller left the queue (<Enqueue action>): hung up, left for a callback, or was bridged/redirected. */
  async queueExit(p: VoiceParams): Promise<string> {
    const twiml = new twilio.twiml.VoiceResponse();
    if (p.QueueResult === 'redirected' || p.QueueResult === 'bridged') return twiml.toString();
    if (p.QueueResult === 'hangup') await this.callerGone(p.CallSid);
    twiml.hangup();
    return twiml.toString();
  }

  /** An offer was withdrawn while the agent was being rung: back to waiting, keeping the place. */
  async requeue(p: VoiceParams): Promise<string> {
    const record = await this.records.get(p.CallSid);
    const twiml = new twilio.twiml.VoiceResponse();
    if (record.connectedAt && !this.engine.holdsCall(engineCallId(record))) {
      // A withdrawal carried out after the caller had talked to an agent and routing let the call go:
      // back in a queue nobody would serve them from — the call is over.
      this.say(twiml, this.prompts.goodbye);
      return twiml.hangup().toString();
    }
    this.say(twiml, this.prompts.nextAgent);
    return (await this.enqueue(twiml, record, record.queueCode ?? this.settings.entryQueue)).toString();
  }

  /** What a caller on hold hears (the conference participant's HoldUrl). */
  holdMusic(): string {
    const twiml = new twilio.twiml.VoiceResponse();
    twiml.play({ loop: 0 }, 'http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3');
    return twiml.toString();
  }

  /** A transferred caller arrives in their new queue (a new leg for the routing engine), or waits there for the named `agent`. */
  async transferred(p: VoiceParams, agent?: string): Promise<string> {
    const record = await this.records.get(p.CallSid);
    const twiml = new twilio.twiml.VoiceResponse();
    this.say(twiml, this.prompts.transferring);
    const queueCode = record.queueCode ?? this.settings.entryQueue;
    const offer = await this.arrive(p.CallSid, { callId: engineCallId(record), queueId: queueCode, priority: record.priority, agentId: agent });
    if (offer) return (await this.dialAgents(twiml, record, offer)).toString();
    return (await this.enqueue(twiml, record, queueCode)).toString();
  }

  /** Waited too long, or nobody is logged in to take the call: leave a message. */
  toVoicemail(): string {
    const twiml = new twilio.twiml.VoiceResponse();
    this.say(twiml, this.prompts.noAgents);
    return this.voicemail(twiml).toString();
  }

  /** The customer picked up our callback: connect them to the agent the engine reserved (or who placed the callback visit 回访). */
  callbackConnect(p: VoiceParams, agent: string, purpose: 'callback' | 'callback-visit' | 'agent-dial' = 'callback'): string {
    const twiml = new twilio.twiml.VoiceResponse();
    this.say(
      twiml,
      purpose === 'callback-visit' ? this.prompts.visitIntro : purpose === 'agent-dial' ? this.prompts.agentDialIntro : this.prompts.callbackIntro,
    );
    // The agent's answer is what connects the call (its record's connectedAt): a visit's result needs it.
    // Then, as an inbound call, the agent's leg moves into the call's room and the <Dial> action takes the customer there.
    twiml
      .dial({
        timeout: 30,
        callerId: this.settings.hotlineNumber,
        action: this.settings.url('/twilio/voice/outbound-dial-result'),
        method: 'POST',
        ...(this.settings.ringTone ? { ringTone: this.settings.ringTone as never } : {}),
      })
      .client(
        {
          statusCallback: this.settings.url('/twilio/voice/agent-leg', { callSid: p.CallSid, agent }),
          statusCallbackEvent: ['answered', 'completed'],
          statusCallbackMethod: 'POST',
        },
        agentIdentity(agent),
      );
    return twiml.toString();
  }

  /**
   * The <Dial> to the agent of a call out ended (its action): the agent answered and their leg left
   * the bridge for the call's room — the customer joins them there, as an inbound caller does — or the
   * agent never answered or hung up, which ends the call.
   */
  async outboundDialResult(p: VoiceParams): Promise<string> {
    const record = await this.records.get(p.CallSid);
    const twiml = new twilio.twiml.VoiceResponse();
    const answered = p.DialCallStatus === 'completed' || p.DialCallStatus === 'answered';
    if (answered && !record.endedAt && p.CallStatus !== 'completed' && record.conferenceName && record.status === 'connected' && p.DialBridged !== 'false') {
      if (p.DialCallSid && (await this.conference.legLive(p.DialCallSid))) return this.conference.callerJoins(record, p.DialCallSid, this.recordsCalls(record));
      await this.records.update(p.CallSid, { conferenceName: null });
    }
    if (answered && !record.endedAt && p.CallStatus !== 'completed') this.say(twiml, this.prompts.goodbye);
    return twiml.hangup().toString();
  }

  /** The callback call is over (or never connected): the agent moves on to wrap-up. */
  async callbackStatus(p: VoiceParams, originEngineCallId: string): Promise<void> {
    if (!['completed', 'busy', 'failed', 'no-answer', 'canceled'].includes(p.CallStatus ?? '')) return;
    if (originEngineCallId) await this.engine.callEnded(originEngineCallId); // a callback visit (回访) has no waiting call
    const record = await this.records.find(p.CallSid);
    if (record) await this.records.ended(record, p.CallStatus === 'completed' ? 'answered' : 'failed');
    if (record?.agentJobNumber && !originEngineCallId) await this.callOutPresence.end(record.agentJobNumber);
  }

  /** After hours: 1 = callback, 2 = voicemail. */
  async afterHours(p: VoiceParams): Promise<string> {
    const twiml = new twilio.twiml.VoiceResponse();
    if (p.Digits === '1') {
      await this.records.outcome(p.CallSid, 'callback');
      this.say(twiml, this.prompts.callbackConfirmed);
      twiml.hangup();
      return twiml.toString();
    }
    if (p.Digits === '2') return this.voicemail(twiml).toString();
    this.say(twiml, this.prompts.goodbye);
    return twiml.hangup().toString();
  }

  async voicemailDone(p: VoiceParams): Promise<string> {
    if (p.RecordingUrl) await this.records.update(p.CallSid, { recordingUrl: p.RecordingUrl });
    await this.records.outcome(p.CallSid, 'voicemail');
    const twiml = new twilio.twiml.VoiceResponse();
    this.say(twiml, this.prompts.voicemailThanks);
    return twiml.hangup().toString();
  }

  /** The call's final status: whoever hung up, the call is over everywhere. */
  async callStatus(p: VoiceParams): Promise<void> {
    const final = ['completed', 'busy', 'failed', 'no-answer', 'canceled'];
    if (!p.CallStatus || !final.includes(p.CallStatus)) return;
    await this.callerGone(p.CallSid);
  }

  private async callerGone(callSid: string): Promise<void> {
    const record = await this.records.find(callSid);
    if (!record || record.endedAt) return;
    if (record.status === 'callback') {
      // The caller hung up to be called back: the engine keeps their place until the callback.
      await this.records.ended(record, 'callback');
      return;
    }
    if (!record.connectedAt && record.status === 'offered') await this.reconcileBridge(record);
    // Connected by the agent leg's callback, which may not have told the engine yet (a repeat is a no-op).
    else if (record.status === 'connected' && record.agentJobNumber) await this.engine.offerAnswered(engineCallId(record), record.agentJobNumber);
    await this.engine.callEnded(engineCallId(record));
    // Answered if an agent was connected by now — by the reconciliation or a callback meanwhile.
    await this.records.ended(record, { ifConnected: 'answered', otherwise: 'abandoned' });
  }

  /**
   * The call ended while an agent was being rung and we never heard the agent answer — the answer's
   * status callback may simply arrive later (Twilio does not order callbacks). Twilio's own record
   * of the agent legs settles it, so the call is not mistaken for an abandoned one.
   */
  private async reconcileBridge(record: CallRecord): Promise<void> {
    try {
      const legs = await this.twilio.calls.list({ parentCallSid: record.callSid, limit: 20 });
      const answered = legs.find(
        (leg) => leg.to?.startsWith('client:agent-') && (leg.status === 'in-progress' || (leg.status === 'completed' && Number(leg.duration) > 0)),
      );
      if (!answered) return;
      const agent = answered.to.slice('client:agent-'.length);
      await this.records.connected(record.callSid, agent);
      await this.engine.offerAnswered(engineCallId(record), agent);
    } catch (error) {
      this.logger.warn({ err: error, callSid: record.callSid }, 'could not read the agent legs from Twilio');
    }
  }

  private menu(twiml: VoiceResponse, attempt: number): void {
    const action = this.settings.url('/twilio/voice/menu', { attempt });
    const gather = twiml.gather({ numDigits: 1, timeout: 5, action, method: 'POST' });
    this.say(gather, this.prompts.menu);
    twiml.redirect({ method: 'POST' }, action); // no key: the entry queue
  }

  private async enqueue(twiml: VoiceResponse, record: CallRecord, queueCode: string): Promise<VoiceResponse> {
    await this.records.update(record.callSid, { status: 'queued', queueCode });
    twiml.enqueue(
      { waitUrl: this.settings.url('/twilio/voice/wait'), waitUrlMethod: 'POST', action: this.settings.url('/twilio/voice/queue-exit'), method: 'POST' },
      queueCode,
    );
    return twiml;
  }

  /** Rings the offered agents' softphones for at most three rings, reporting their answer. */
  async dialAgents(
    twiml: VoiceResponse,
    record: CallRecord,
    offer: { agentIds: string[] },
    timeout = this.settings.dialTimeoutSeconds,
  ): Promise<VoiceResponse> {
    const dial = twiml.dial({
      timeout,
      action: this.settings.url('/twilio/voice/dial-result', { agents: offer.agentIds.join(','), segment: record.segment }),
      method: 'POST',
      ...(this.settings.ringTone ? { ringTone: this.settings.ringTone as never } : {}),
      callerId: record.fromNumber,
    });
    for (const agent of offer.agentIds) {
      dial.client(
        {
          statusCallback: this.settings.url('/twilio/voice/agent-leg', { callSid: record.callSid, agent }),
          statusCallbackEvent: ['answered', 'completed'],
          statusCallbackMethod: 'POST',
        },
        agentIdentity(agent),
      );
    }
    await this.records.offered(record.callSid, offer.agentIds);
    return twiml;
  }

  private voicemail(twiml: VoiceResponse): VoiceResponse {
    this.say(twiml, this.prompts.voicemailPrompt);
    twiml.record({ maxLength: 120, finishOnKey: '#', action: this.settings.url('/twilio/voice/voicemail'), method: 'POST' });
    return twiml;
  }

  private say(target: { say: VoiceResponse['say'] }, text: string): void {
    target.say(this.settings.sayAttributes() as never, text);
  }

  /**
   * The call arrives in a queue with this webhook; returns the offer to answer it with (or null:
   * queue it). A repeat of this webhook whose first delivery's process died after the engine took
   * the call gets the offer made then, which rings nobody (RoutingEngineService, call-arrived).
   */
  private arrive(callSid: string, arrival: CallArrival, commands: AcdCommand[] = []): Promise<{ agentIds: string[] } | null> {
    return this.inline(callSid, async (inline) => {
      const out = await this.engine.callArrived(arrival, inline);
      commands.push(...out);
      return out;
    });
  }

  /**
   * Runs an engine event for a call whose webhook is being answered; returns the offer it made for
   * that call. The event carries the call as `inline`: its offer goes into this answer, and no REST
   * redirect is made for it (which would override the TwiML about to be returned).
   */
  private async inline(callSid: string, event: (inline: string) => Promise<AcdCommand[]>): Promise<{ agentIds: string[] } | null> {
    for (const command of await event(callSid)) {
      if (command.type === 'offer' && command.callId.split('#')[0] === callSid) return { agentIds: [command.agentId] };
      if (command.type === 'ring-all' && command.callId.split('#')[0] === callSid) return { agentIds: command.agentIds };
    }
    return null;
  }
}
