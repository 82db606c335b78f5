import type { SandboxCall } from './call';
import type { SandboxClock } from './clock';
import { ConferenceEventGroup, ConferenceParticipant, ConferenceRecording, ParticipantFlags, SandboxConference } from './conference';
import { rfc2822 } from './format';
import type { WebhookParams } from './signature';
import type { HttpMethod, WebhookDispatcher } from './webhooks';

/** Conference status callbacks asked for with <Conference statusCallback> (or a Participants create's ConferenceStatusCallback). */
export interface ConferenceCallbackConfig {
  url: string;
  method: HttpMethod;
  events: Set<ConferenceEventGroup>;
}

/** What a participant may change through the Participant resource (update). */
export type ParticipantChanges = Partial<Pick<ParticipantFlags, 'muted' | 'hold' | 'coaching' | 'callSidToCoach' | 'endConferenceOnExit'>> & {
  /** What a participant put on hold hears: "an MP3 file, a WAV file, or a TwiML document" (Participant update `HoldUrl`, `HoldMethod` default GET). */
  holdUrl?: string;
  holdMethod?: string;
};

/**
 * The account's conferences: rooms by name, participants joining and leaving, and the conference
 * status callbacks (<Conference> docs, "statusCallbackEvent": StatusCallbackEvent conference-start,
 * conference-end, participant-join, participant-leave, participant-mute/-unmute,
 * participant-hold/-unhold, participant-modify; with ConferenceSid, FriendlyName, SequenceNumber,
 * Timestamp, and for participant events CallSid, Muted, Hold, Coaching, EndConferenceOnExit,
 * StartConferenceOnEnter, ParticipantLabel — no CallSidToCoach, which the table does not list; the
 * end event's CallSidEndingConference, ParticipantLabelEndingConference, ReasonConferenceEnded and Reason).
 */
export class ConferenceHub {
  private readonly rooms = new Map<string, SandboxConference>();

  constructor(
    private readonly deps: {
      clock: SandboxClock;
      accountSid: string;
      newSid: () => string;
      webhooks: WebhookDispatcher;
      log: (callSid: string, type: string, detail?: Record<string, unknown>) => void;
      call: (callSid: string) => SandboxCall | undefined;
      /** Where a recording's media is served (the account's Recordings resource). */
      recordingUrl: (recordingSid: string) => string;
      newRecordingSid: () => string;
    },
  ) {}

  list(): SandboxConference[] {
    return [...this.rooms.values()];
  }

  bySid(sid: string): SandboxConference | undefined {
    return this.rooms.get(sid);
  }

  /** The live (not completed) room of that name: names are namespaced to the account, one live room each. */
  live(friendlyName: string): SandboxConference | undefined {
    return this.list().find((c) => c.friendlyName === friendlyName && c.status !== 'completed');
  }

  /**
   * `call` joins the room `friendlyName` (created if no live one): the conference starts when a
   * participant with startConferenceOnEnter joins ("If a participant joins and
   * startConferenceOnEnter is false, that participant will hear background music and stay muted
   * until a participant with startConferenceOnEnter set to true joins").
   */
  join(
    call: SandboxCall,
    friendlyName: string,
    flags: ParticipantFlags,
    callback?: ConferenceCallbackConfig,
    recording?: Omit<ConferenceRecording, 'sid' | 'startedAt'>,
  ): { conference: SandboxConference; participant: ConferenceParticipant } {
    const now = this.deps.clock.now();
    let conference = this.live(friendlyName);
    if (!conference) {
      conference = new SandboxConference(this.deps.newSid(), friendlyName, this.deps.accountSid, now);
      this.rooms.set(conference.sid, conference);
    }
    if (callback && !conference.statusCallback) conference.statusCallback = callback;
    if (recording && !conference.recording) conference.recording = { ...recording, sid: this.deps.newRecordingSid() };
    const participant = conference.add(call.sid, flags, now);
    this.deps.log(call.sid, 'conference-join', { conference: friendlyName, conferenceSid: conference.sid, ...this.flagsOf(participant) });
    if (flags.startConferenceOnEnter && !conference.started) {
      conference.start(now);
      this.event(conference, 'start', 'conference-start');
    }
    this.event(conference, 'join', 'participant-join', participant);
    this.beep(conference, participant, 'onEnter');
    this.startRecording(conference);
    return { conference, participant };
  }

  /**
   * A participant leaves: kicked, its call hung up or moved on. The last one out, or one with
   * endConferenceOnExit, ends the room. `reason` is participant-leave's ReasonParticipantLeft, one of
   * the values Twilio documents (<Conference> docs, statusCallback Request Parameters); `kicked`: a
   * Participant DELETE, which ends the room as "-kicked" rather than "-left" (ReasonConferenceEnded).
   */
  leave(conference: SandboxConference, callSid: string, reason: ParticipantLeftReason, opts: { kicked?: boolean } = {}): void {
    const participant = conference.participants.get(callSid);
    if (!participant) return;
    conference.participants.delete(callSid);
    conference.dateUpdated = this.deps.clock.now();
    participant.leave(reason);
    this.deps.log(callSid, 'conference-leave', { conference: conference.friendlyName, reason });
    // participant-leave carries ReasonParticipantLeft and ParticipantCallStatus (Twilio changelog, 2023-10-25,
    // https://twilio.com/en-us/changelog/participantcallstatus-and-reasonparticipantleft-attributes-added).
    const callStatus = this.deps.call(callSid)?.status;
    this.event(conference, 'leave', 'participant-leave', participant, {
      ReasonParticipantLeft: reason,
      ...(callStatus ? { ParticipantCallStatus: callStatus } : {}),
    });
    this.beep(conference, participant, 'onExit');
    if (conference.status === 'completed') return;
    const how = opts.kicked ? 'kicked' : 'left';
    if (participant.endConferenceOnExit) this.end(conference, `participant-with-end-conference-on-exit-${how}`, participant);
    else if (conference.participants.size === 0) this.end(conference, `last-participant-${how}`, participant);
  }

  /** A call ended: it is no longer connecting to any room (a participant that never answered). */
  callEnded(callSid: string): void {
    for (const conference of this.rooms.values()) conference.connecting.delete(callSid);
  }

  /** Conference update Status=completed, or the rules above: every participant leaves and the room is over. */
  end(conference: SandboxConference, reason: ConferenceEndedReason, by?: ConferenceParticipant): void {
    if (conference.status === 'completed') return;
    conference.status = 'completed';
    conference.reasonEnded = reason;
    conference.callSidEndingConference = by?.callSid;
    conference.dateUpdated = this.deps.clock.now();
    const left: ParticipantLeftReason = reason === 'conference-ended-via-api' ? 'conference_ended_via_api' : 'moderator_ended_conference';
    for (const p of [...conference.participants.values()]) this.leave(conference, p.callSid, left);
    this.event(conference, 'end', 'conference-end', undefined, {
      ReasonConferenceEnded: reason,
      ...(by ? { CallSidEndingConference: by.callSid } : {}),
      ...(by?.label ? { ParticipantLabelEndingConference: by.label } : {}),
      Reason: by ? `Participant ${by.callSid} ended the conference (${reason})` : `Conference ended (${reason})`,
    });
    this.finishRecording(conference);
  }

  /** The first two participants are bridged (the conference has started): the recording begins. */
  private startRecording(conference: SandboxConference): void {
    const recording = conference.recording;
    if (!recording || recording.startedAt !== undefined || !conference.started || conference.participants.size < 2) return;
    recording.startedAt = this.deps.clock.now();
    this.deps.log([...conference.participants.keys()][0], 'record', { conference: conference.friendlyName, recordingSid: recording.sid });
    this.recordingEvent(conference, recording, 'in-progress');
  }

  /** The room ended: a recording made is available — or, never started, `absent`. */
  private finishRecording(conference: SandboxConference): void {
    const recording = conference.recording;
    if (!recording) return;
    this.recordingEvent(conference, recording, recording.startedAt === undefined ? 'absent' : 'completed');
  }

  /** recordingStatusCallback's request (<Conference> docs, "recordingStatusCallback": Request Parameters). */
  private recordingEvent(conference: SandboxConference, recording: ConferenceRecording, status: 'in-progress' | 'completed' | 'absent'): void {
    const cb = recording.callback;
    if (!cb || !cb.events.has(status)) return;
    const startedAt = recording.startedAt ?? this.deps.clock.now();
    const params: WebhookParams = {
      AccountSid: conference.accountSid,
      ConferenceSid: conference.sid,
      RecordingSid: recording.sid,
      RecordingUrl: this.deps.recordingUrl(recording.sid),
      RecordingStatus: status,
      RecordingDuration: String(status === 'completed' ? Math.round((this.deps.clock.now() - startedAt) / 1000) : 0),
      RecordingChannels: '1', // "Only 1 channel is supported for Conference recordings"
      RecordingStartTime: rfc2822(startedAt)!,
      RecordingSource: 'Conference',
    };
    void this.deps.webhooks.send('status-callback', conference.sid, cb.url, cb.method, params, `recording-${status}`);
  }

  /** Participant update: hold, mute, coaching (whisper) or barge (coaching off), endConferenceOnExit. */
  update(conference: SandboxConference, participant: ConferenceParticipant, changes: ParticipantChanges): void {
    const before = { ...participant };
    if (changes.coaching === true && !(changes.callSidToCoach ?? participant.callSidToCoach)) {
      throw new ConferenceRuleError(400, 'CallSidToCoach is required when Coaching is true');
    }
    if (changes.coaching === true) {
      // As when a coach is added (errors 16028, 16027): the coached call must be in the room and not on hold.
      const coached = conference.participants.get(changes.callSidToCoach ?? participant.callSidToCoach!);
      if (!coached) throw new ConferenceRuleError(400, 'The participant to be whispered is not present in the conference', 16028);
      if (coached.hold) throw new ConferenceRuleError(400, 'The participant to be whispered is on hold', 16027);
    }
    const { holdUrl, holdMethod, ...flags } = changes;
    Object.assign(participant, Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)));
    if (changes.coaching === false) participant.callSidToCoach = undefined;
    participant.updatedAt = this.deps.clock.now();
    conference.dateUpdated = participant.updatedAt;
    this.deps.log(participant.callSid, 'conference-update', { conference: conference.friendlyName, ...this.flagsOf(participant) });
    if (before.muted !== participant.muted) this.event(conference, 'mute', participant.muted ? 'participant-mute' : 'participant-unmute', participant);
    if (before.hold !== participant.hold) {
      // The sandbox logs what the held participant hears; it does not fetch a HoldUrl document (as with waitUrl).
      if (participant.hold)
        this.deps.log(participant.callSid, 'play', {
          conferenceHold: true,
          url: holdUrl ?? 'default',
          method: holdMethod?.toUpperCase() === 'POST' ? 'POST' : 'GET',
        });
      this.event(conference, 'hold', participant.hold ? 'participant-hold' : 'participant-unhold', participant);
    }
    if (
      before.coaching !== participant.coaching ||
      before.callSidToCoach !== participant.callSidToCoach ||
      before.endConferenceOnExit !== participant.endConferenceOnExit
    ) {
      this.event(conference, 'modify', 'participant-modify', participant);
    }
  }

  private flagsOf(p: ConferenceParticipant): Record<string, unknown> {
    return { muted: p.muted, hold: p.hold, coaching: p.coaching, callSidToCoach: p.callSidToCoach ?? null, label: p.label ?? null };
  }

  /** The others hear a beep on entry/exit per the participant's `beep` ("The participant joining the conference will never hear the beep"). */
  private beep(conference: SandboxConference, who: ConferenceParticipant, when: 'onEnter' | 'onExit'): void {
    if (who.beep !== 'true' && who.beep !== when) return;
    for (const other of conference.participants.keys())
      if (other !== who.callSid) this.deps.log(other, 'play', { beep: true, conference: conference.friendlyName, by: who.callSid, on: when });
  }

  private event(
    conference: SandboxConference,
    group: ConferenceEventGroup,
    name: string,
    participant?: ConferenceParticipant,
    extra: WebhookParams = {},
  ): void {
    const cb = conference.statusCallback;
    if (!cb || !cb.events.has(group)) return;
    const params: WebhookParams = {
      AccountSid: conference.accountSid,
      ConferenceSid: conference.sid,
      FriendlyName: conference.friendlyName,
      StatusCallbackEvent: name,
      SequenceNumber: String(conference.statusCallbackSeq++),
      Timestamp: rfc2822(this.deps.clock.now())!,
      ...extra,
    };
    if (participant) {
      Object.assign(params, {
        CallSid: participant.callSid,
        Muted: String(participant.muted),
        Hold: String(participant.hold),
        Coaching: String(participant.coaching),
        EndConferenceOnExit: String(participant.endConferenceOnExit),
        StartConferenceOnEnter: String(participant.startConferenceOnEnter),
        ...(participant.label ? { ParticipantLabel: participant.label } : {}),
      });
    }
    void this.deps.webhooks.send('status-callback', participant?.callSid ?? conference.sid, cb.url, cb.method, params, name);
  }
}

/** participant-leave's ReasonParticipantLeft (<Conference> docs, statusCallback Request Parameters: "Will be one of"). */
export type ParticipantLeftReason =
  'conference_ended_via_api' | 'moderator_ended_conference' | 'participant_updated_via_api' | 'participant_hung_up' | 'participant_add_failed';

/** conference-end's ReasonConferenceEnded (the same table; the Conference resource's reason_conference_ended). */
export type ConferenceEndedReason =
  | 'conference-ended-via-api'
  | 'last-participant-kicked'
  | 'last-participant-left'
  | 'participant-with-end-conference-on-exit-kicked'
  | 'participant-with-end-conference-on-exit-left';

/** A Participant update Twilio refuses (the REST API answers it with its status). */
export class ConferenceRuleError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = 21220,
  ) {
    super(message);
  }
}

/** <Conference statusCallbackEvent> / ConferenceStatusCallbackEvent: space- or comma-separated groups. */
export function conferenceEvents(text: string | undefined): Set<ConferenceEventGroup> {
  const known = new Set<string>(['start', 'end', 'join', 'leave', 'mute', 'hold', 'modify', 'speaker', 'announcement']);
  return new Set((text ?? '').split(/[\s,]+/).filter((e): e is ConferenceEventGroup => known.has(e)));
}
