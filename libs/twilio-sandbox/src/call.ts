/** Call resource status values (REST docs, Call resource "status"). */
export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';
export type CallDirection = 'inbound' | 'outbound-api' | 'outbound-dial';

export const TERMINAL_STATUSES: ReadonlySet<CallStatus> = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/**
 * One entry of a call's log: everything the caller would hear or do, in sandbox time.
 * `type` is one of: status, webhook, say, play, pause, gather, dtmf, enqueue, queue-wait, dequeue,
 * dial, ring, answered, connected, disconnected, dial-end, record, redirect, hangup, reject,
 * application-error, warning.
 */
export interface CallEvent {
  seq: number;
  /** Sandbox time, epoch ms. */
  at: number;
  /** Sandbox time, ISO 8601. */
  time: string;
  type: string;
  [detail: string]: unknown;
}

export interface StatusCallbackConfig {
  url: string;
  method: 'GET' | 'POST';
  /** initiated | ringing | answered | completed */
  events: Set<string>;
}

export interface CallInit {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  direction: CallDirection;
  parentCallSid?: string;
  phoneNumberSid?: string;
  /** The BYOC trunk the call came in by or leaves through. */
  trunkSid?: string;
  forwardedFrom?: string;
  callerName?: string;
  status: CallStatus;
  now: number;
  statusCallback?: StatusCallbackConfig;
}

export class SandboxCall {
  readonly sid: string;
  readonly accountSid: string;
  readonly from: string;
  readonly to: string;
  readonly direction: CallDirection;
  readonly parentCallSid?: string;
  readonly phoneNumberSid?: string;
  readonly trunkSid?: string;
  readonly forwardedFrom?: string;
  readonly callerName?: string;
  status: CallStatus;
  readonly dateCreated: number;
  dateUpdated: number;
  startTime?: number;
  endTime?: number;
  answeredBy?: string;
  statusCallback?: StatusCallbackConfig;
  /** Status-callback SequenceNumber, per call, from 0. */
  statusCallbackSeq = 0;
  /** Queue the call is waiting in, if any. */
  queueSid?: string;
  /** Call SID of the party this call is bridged with. */
  bridgedWith?: string;
  /** Digits the simulated caller answers the next Gathers with, one entry per Gather. */
  scriptedInputs: string[] = [];
  /** How long the simulated caller speaks when a <Record> starts. */
  recordSpeechMs?: number;
  readonly events: CallEvent[] = [];

  constructor(init: CallInit) {
    this.sid = init.sid;
    this.accountSid = init.accountSid;
    this.from = init.from;
    this.to = init.to;
    this.direction = init.direction;
    this.parentCallSid = init.parentCallSid;
    this.phoneNumberSid = init.phoneNumberSid;
    this.trunkSid = init.trunkSid;
    this.forwardedFrom = init.forwardedFrom;
    this.callerName = init.callerName;
    this.status = init.status;
    this.dateCreated = init.now;
    this.dateUpdated = init.now;
    this.statusCallback = init.statusCallback;
  }

  get ended(): boolean {
    return TERMINAL_STATUSES.has(this.status);
  }

  /** Whole seconds between answer and end, as the REST `duration` field. */
  get durationSeconds(): number {
    if (this.startTime === undefined || this.endTime === undefined) return 0;
    return Math.round((this.endTime - this.startTime) / 1000);
  }

  snapshot(): CallSnapshot {
    return {
      sid: this.sid,
      from: this.from,
      to: this.to,
      direction: this.direction,
      parentCallSid: this.parentCallSid ?? null,
      status: this.status,
      startTime: this.startTime ?? null,
      endTime: this.endTime ?? null,
      duration: this.durationSeconds,
      queueSid: this.queueSid ?? null,
      trunkSid: this.trunkSid ?? null,
      bridgedWith: this.bridgedWith ?? null,
      events: this.events.map((e) => ({ ...e })),
    };
  }
}

/** Plain-JSON view of a call for the control API and waitFor predicates. */
export interface CallSnapshot {
  sid: string;
  from: string;
  to: string;
  direction: CallDirection;
  parentCallSid: string | null;
  status: CallStatus;
  startTime: number | null;
  endTime: number | null;
  duration: number;
  queueSid: string | null;
  trunkSid: string | null;
  bridgedWith: string | null;
  events: CallEvent[];
}
