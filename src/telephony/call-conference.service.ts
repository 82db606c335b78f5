import { ConflictException, Inject, Injectable } from '@nestjs/common';
import twilio, { Twilio } from 'twilio';
import type { ParticipantContextUpdateOptions, ParticipantListInstanceCreateOptions } from 'twilio/lib/rest/api/v2010/account/conference/participant';
import { CallRecord } from './call-record.entity';
import { TelephonySettings } from './telephony-settings';
import { TWILIO_CLIENT } from './twilio-client.provider';

/**
 * Who is who in a call's conference: participants are addressed by label (Participant resource: "The
 * Call SID or label of the participant"), so no leg's CallSid needs keeping.
 */
export const PARTICIPANT = {
  customer: 'customer',
  agent: 'agent',
  /** The colleague or outside number (a store, logistics centre, manufacturer) consulted or brought in. */
  consult: 'consult',
  supervisor: (jobNumber: string) => `supervisor-${jobNumber}`,
} as const;

/** The conference room of a call (one per call, as Twilio Flex names a task's conference after it). */
export function conferenceNameOf(callSid: string): string {
  return `call-${callSid}`;
}

/**
 * A connected call as a Twilio conference (Twilio Flex's model): when the agent answers, the agent's
 * leg is given <Dial><Conference> (leaving the bridge), and the caller's <Dial> action puts the caller
 * in the same room. Hold, consult, three-way and monitoring are then participant changes through the
 * Conference Participants REST API — no new leg to the agent, so no new offer and no new answer.
 */
@Injectable()
export class CallConferenceService {
  constructor(
    private readonly settings: TelephonySettings,
    @Inject(TWILIO_CLIENT) private readonly twilio: Twilio,
  ) {}

  /**
   * Moves the answered agent leg into the call's room: "update the child call with new TwiML
   * instructions to <Dial> a <Conference>. This will then cause the parent call to get new TwiML
   * instructions from its action URL" — which answers with the same room (`callerJoins`).
   */
  async moveAgentLegIn(record: CallRecord, agentLegSid: string, agent: string): Promise<void> {
    await this.twilio.calls(agentLegSid).update({
      url: this.settings.url('/twilio/voice/conference-join', { callSid: record.callSid, agent }),
      method: 'POST',
    });
  }

  /**
   * The agent's side of the room. endConferenceOnExit while the call is two-way: the agent hanging up
   * ends the call for the caller too; consulting turns it off so the agent's leg can drop alone.
   */
  agentJoins(callSid: string, record: boolean): string {
    const twiml = new twilio.twiml.VoiceResponse();
    twiml
      .dial()
      .conference(
        { participantLabel: PARTICIPANT.agent, beep: 'false', startConferenceOnEnter: true, endConferenceOnExit: true, ...this.recording(callSid, record) },
        conferenceNameOf(callSid),
      );
    return twiml.toString();
  }

  /**
   * A queue that records its calls records the room, not the bridge before it, so holds, consults and
   * three-ways are in it: <Conference record="record-from-start"> — "the recording begins when the first
   * two participants are bridged. The hold music is never recorded" — and its recordingStatusCallback
   * names the recording "when the recording is available to access"
   * (https://www.twilio.com/docs/voice/twiml/conference#attributes-record). Asked by both sides: whichever
   * joins first sets it, as the first participant sets the statusCallback.
   */
  private recording(callSid: string, record: boolean) {
    if (!record) return {};
    return {
      record: 'record-from-start' as const,
      recordingStatusCallback: this.settings.url('/twilio/voice/conference-recording', { callSid }),
      recordingStatusCallbackMethod: 'POST' as const,
      recordingStatusCallbackEvent: ['completed' as const],
    };
  }

  /**
   * The caller's side: the room ends when the caller leaves; the Dial's action says goodbye if the caller is left alone.
   * The agent may hang up after their leg was found live and before the caller is in: the caller's join
   * (<Conference statusCallbackEvent="join">, "participant-join") is checked against the agent's leg.
   */
  callerJoins(record: CallRecord, agentLeg: string, recordCall: boolean): string {
    const twiml = new twilio.twiml.VoiceResponse();
    twiml.dial({ action: this.settings.url('/twilio/voice/conference-exit', { segment: record.segment }), method: 'POST' }).conference(
      {
        participantLabel: PARTICIPANT.customer,
        beep: 'false',
        startConferenceOnEnter: true,
        endConferenceOnExit: true,
        statusCallback: this.settings.url('/twilio/voice/caller-joined', { callSid: record.callSid, agentLeg }),
        statusCallbackEvent: ['join'],
        statusCallbackMethod: 'POST',
        ...this.recording(record.callSid, recordCall),
      },
      conferenceNameOf(record.callSid),
    );
    return twiml.toString();
  }

  /** Whether a leg is still up (in progress): the agent's leg moved into the room rather than hung up. */
  async legLive(callSid: string | undefined): Promise<boolean> {
    if (!callSid) return false;
    try {
      return (await this.twilio.calls(callSid).fetch()).status === 'in-progress';
    } catch {
      return false;
    }
  }

  /** The live room's SID (the Participants API addresses a conference by SID); 409 when the call is not in one. */
  async roomSid(record: CallRecord): Promise<string> {
    if (!record.conferenceName) throw new ConflictException(`Call ${record.callSid} is not in a conference yet`);
    const [room] = await this.twilio.conferences.list({ friendlyName: record.conferenceName, status: 'in-progress', limit: 1 });
    if (!room) throw new ConflictException(`Call ${record.callSid} has no live conference`);
    return room.sid;
  }

  /** Participant hold: the caller hears the hold music and is not heard; the agent stays in the room. */
  async hold(room: string, label: string, hold: boolean): Promise<void> {
    await this.update(room, label, hold ? { hold: true, holdUrl: this.settings.url('/twilio/voice/hold-music'), holdMethod: 'POST' } : { hold: false });
  }

  async update(room: string, label: string, changes: ParticipantContextUpdateOptions): Promise<void> {
    await this.twilio.conferences(room).participants(label).update(changes);
  }

  /** Adds a participant (Twilio calls them; they join when they answer); returns the new leg's CallSid. */
  async add(room: string, options: ParticipantListInstanceCreateOptions): Promise<string> {
    const participant = await this.twilio.conferences(room).participants.create({ beep: 'false', ...options });
    return participant.callSid;
  }

  /** The participant's leg, or null when nobody with that label is in the room. */
  async find(room: string, label: string): Promise<{ callSid: string; hold: boolean; muted: boolean; coaching: boolean } | null> {
    try {
      const p = await this.twilio.conferences(room).participants(label).fetch();
      return { callSid: p.callSid, hold: p.hold, muted: p.muted, coaching: p.coaching };
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw error;
    }
  }

  /** Kicks a participant ("Kick a participant from a conference"): their leg goes on after its <Dial> — the agent's ends. */
  async remove(room: string, label: string): Promise<void> {
    try {
      await this.twilio.conferences(room).participants(label).remove();
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
  }
}
