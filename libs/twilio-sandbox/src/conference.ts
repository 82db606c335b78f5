import type { HttpMethod } from './webhooks';

/*
 * A conference room as Twilio runs one (TwiML <Conference> noun,
 * https://www.twilio.com/docs/voice/twiml/conference, and the Conference and Participant resources,
 * https://www.twilio.com/docs/voice/api/conference-resource and
 * https://www.twilio.com/docs/voice/api/conference-participant-resource). Pure state: who is in the
 * room, with which flags, and who hears whom; the sandbox moves calls in and out and sends the
 * status callbacks.
 */

/** Conference resource `status`: `init` until a participant with startConferenceOnEnter joins. */
export type ConferenceStatus = 'init' | 'in-progress' | 'completed';

/** <Conference beep>: "true" (default), "false", "onEnter", "onExit". */
export type BeepSetting = 'true' | 'false' | 'onEnter' | 'onExit';

/** Conference statusCallbackEvent values (<Conference> docs): start end join leave mute hold modify speaker announcement. */
export const CONFERENCE_EVENTS = ['start', 'end', 'join', 'leave', 'mute', 'hold', 'modify', 'speaker', 'announcement'] as const;
export type ConferenceEventGroup = (typeof CONFERENCE_EVENTS)[number];

export interface ParticipantFlags {
  muted: boolean;
  hold: boolean;
  /** Coaching (whisper): heard only by `callSidToCoach` ("The participant being coached is the only participant who can hear the participant who is coaching"). */
  coaching: boolean;
  callSidToCoach?: string;
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  beep: BeepSetting;
  label?: string;
}

export interface ConferenceParticipant extends ParticipantFlags {
  callSid: string;
  joinedAt: number;
  updatedAt: number;
  /** Resolves when the participant leaves: kicked (REST DELETE), the conference ended, or its call moved on. */
  readonly left: Promise<string>;
  leave(reason: string): void;
}

/**
 * A participant added through the Participants API whose call is still being placed: the resource
 * lists it ("a participant who is either connecting to, or actively connected to, a conference"),
 * an update changes how it will join, a delete stops the call.
 */
export interface ConnectingParticipant {
  callSid: string;
  label?: string;
  createdAt: number;
  /** Changes made before it joined, applied when it does. */
  changes: Partial<ParticipantFlags>;
}

/**
 * <Conference record="record-from-start">: "the recording begins when the first two participants are
 * bridged. The hold music is never recorded", and the recordingStatusCallback is requested "when the
 * recording is available to access" (https://www.twilio.com/docs/voice/twiml/conference#attributes-record).
 * Like statusCallback, the first participant asking for it sets it.
 */
export interface ConferenceRecording {
  sid: string;
  /** When the first two participants were bridged; unset until then (nothing recorded yet). */
  startedAt?: number;
  callback?: { url: string; method: HttpMethod; events: Set<'in-progress' | 'completed' | 'absent'> };
}

export class SandboxConference {
  status: ConferenceStatus = 'init';
  dateUpdated: number;
  readonly participants = new Map<string, ConferenceParticipant>();
  readonly connecting = new Map<string, ConnectingParticipant>();
  /** The first participant's statusCallback is the conference's (<Conference statusCallback>). */
  statusCallback?: { url: string; method: HttpMethod; events: Set<ConferenceEventGroup> };
  statusCallbackSeq = 0;
  recording?: ConferenceRecording;
  reasonEnded?: string;
  callSidEndingConference?: string;
  private startedWaiters: Array<() => void> = [];

  constructor(
    readonly sid: string,
    readonly friendlyName: string,
    readonly accountSid: string,
    readonly dateCreated: number,
    readonly maxParticipants = 250,
  ) {
    this.dateUpdated = dateCreated;
  }

  get started(): boolean {
    return this.status === 'in-progress';
  }

  /** Resolves once the conference starts (at once if it has). */
  whenStarted(): Promise<void> {
    if (this.status !== 'init') return Promise.resolve();
    return new Promise((resolve) => this.startedWaiters.push(resolve));
  }

  start(at: number): void {
    if (this.status !== 'init') return;
    this.status = 'in-progress';
    this.dateUpdated = at;
    for (const w of this.startedWaiters.splice(0)) w();
  }

  add(callSid: string, flags: ParticipantFlags, at: number): ConferenceParticipant {
    let leave!: (reason: string) => void;
    const left = new Promise<string>((resolve) => (leave = resolve));
    const early = this.connecting.get(callSid)?.changes ?? {};
    this.connecting.delete(callSid);
    const participant: ConferenceParticipant = { ...flags, ...early, callSid, joinedAt: at, updatedAt: at, left, leave: (reason) => leave(reason) };
    this.participants.set(callSid, participant);
    this.dateUpdated = at;
    return participant;
  }

  /** By CallSid or label (Participant resource docs: "The Call SID or label of the participant"). */
  find(callSidOrLabel: string): ConferenceParticipant | undefined {
    return this.participants.get(callSidOrLabel) ?? [...this.participants.values()].find((p) => p.label === callSidOrLabel);
  }

  /** A participant still connecting, by CallSid or label. */
  findConnecting(callSidOrLabel: string): ConnectingParticipant | undefined {
    return this.connecting.get(callSidOrLabel) ?? [...this.connecting.values()].find((p) => p.label === callSidOrLabel);
  }

  /**
   * Whether `listener` hears `speaker` now. Nobody hears anyone before the conference starts (they
   * hear the wait music); a participant on hold hears the hold music and is not heard; a muted one
   * is not heard; a coach is heard only by the participant they coach, and hears everyone.
   */
  hears(listener: string, speaker: string): boolean {
    if (listener === speaker || this.status !== 'in-progress') return false;
    const l = this.participants.get(listener);
    const s = this.participants.get(speaker);
    if (!l || !s || l.hold || s.hold || s.muted) return false;
    if (s.coaching) return s.callSidToCoach === listener;
    return true;
  }

  /** The participants `listener` hears, in the order they joined. */
  audibleTo(listener: string): string[] {
    return [...this.participants.keys()].filter((speaker) => this.hears(listener, speaker));
  }
}
