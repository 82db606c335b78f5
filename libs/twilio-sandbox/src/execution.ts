import { Bridge } from './bridge';
import { SandboxCall, CallStatus } from './call';
import { SandboxClock } from './clock';
import type { ConferenceHub } from './conference-hub';
import { SandboxQueue } from './queue';
import { WebhookParams } from './signature';
import { TwimlNode } from './twiml';
import { HttpMethod, WebhookKind, WebhookResult } from './webhooks';

/*
 * What running TwiML shares between the call runner (twiml-executor.ts) and its verbs (verbs/):
 * where documents come from, the interrupts that cut a verb short, the host the sandbox provides.
 * Kept apart so that neither imports the other's module in a circle.
 */

/** Where the next TwiML document comes from: a URL to request, or inline TwiML (REST `Twiml`). */
export type DocSource = { url: string; method: HttpMethod; kind: WebhookKind; extra?: WebhookParams } | { twiml: string; baseUrl?: string };

/** Abort reasons that cut a running verb short. */
export class CallEnded {}
export class RedirectTo {
  constructor(readonly source: DocSource) {}
}
export class QueueExit {
  constructor(readonly result: 'leave' | 'bridging') {}
}
export class ApplicationError {
  constructor(
    readonly code: number,
    readonly message: string,
    readonly url?: string,
  ) {}
}

/** Twilio's spoken message when a webhook fails and no fallback is set (Twilio debugger 11200/12100). */
export const APPLICATION_ERROR_MESSAGE = 'We are sorry, an application error has occurred. Goodbye.';
/** Twilio's default <Enqueue> hold music (TwiML <Enqueue> docs: "default classical playlist"). */
export const DEFAULT_HOLD_MUSIC_URL = 'http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3';

/** How a ringing leg ended (the sandbox's device hub and PSTN behaviours report it). */
export type LegOutcome = 'answered' | 'busy' | 'failed';
export interface LegRinging {
  outcome: Promise<LegOutcome>;
  /** Stops ringing (timeout, another leg answered, caller hung up). */
  cancel(): void;
}

export interface ExecutorTimings {
  /** How long a <Say> lasts: ms per CJK character and per other character. */
  sayMsPerCjkChar: number;
  sayMsPerChar: number;
  /** How long one <Play> of `url` lasts. */
  playDurationMs: (url: string) => number;
  /** One pass of the default hold music when <Enqueue> has no waitUrl. */
  holdMusicMs: number;
  /** Twilio adds ~5 s to every <Dial> timeout (Dial docs, `timeout`: "Twilio always adds a 5 second buffer"). */
  dialTimeoutBufferMs: number;
  /** Ringback cycle logged as `ring` events while a <Dial> rings (US cadence 6 s, China 5 s). */
  ringCycleMs: number;
  /** How long the simulated caller talks when <Record> starts. */
  callerSpeechMs: number;
}

/** What the executor needs from the sandbox; keeps the interpreter free of HTTP and sockets. */
export interface ExecutorHost {
  readonly clock: SandboxClock;
  readonly timings: ExecutorTimings;
  /** The account's conference rooms (<Dial><Conference>). */
  readonly conferences: ConferenceHub;
  log(call: SandboxCall, type: string, detail?: Record<string, unknown>): void;
  request(call: SandboxCall, kind: WebhookKind, url: string, method: HttpMethod, extra?: WebhookParams): Promise<WebhookResult>;
  fallbackFor(call: SandboxCall): { url: string; method: HttpMethod } | undefined;
  answer(call: SandboxCall): void;
  endCall(call: SandboxCall, status: CallStatus): void;
  queueByName(name: string): SandboxQueue | undefined;
  getOrCreateQueue(name: string): SandboxQueue;
  queueBySid(sid: string): SandboxQueue | undefined;
  runnerOf(callSid: string): QueuedCallRunner | undefined;
  createDialLeg(parent: SandboxCall, to: string, from: string, noun: TwimlNode, trunkSid?: string): SandboxCall;
  /** Twilio's dialing rules for a <Number> (E.164, geo permissions, China, `byoc`); throws DialingRefused. */
  routeOutbound(to: string, byoc?: string): { trunkSid?: string };
  ringLeg(leg: SandboxCall, noun: TwimlNode): LegRinging;
  bridge(a: SandboxCall, b: SandboxCall): Bridge;
  newSid(prefix: 'RE'): string;
  recordingUrl(call: SandboxCall, recordingSid: string): string;
}

export const method = (m: string | undefined, dflt: HttpMethod = 'POST'): HttpMethod => (m?.toUpperCase() === 'GET' ? 'GET' : m ? 'POST' : dflt);
export const int = (v: string | undefined, dflt: number): number => {
  const n = v === undefined ? NaN : parseInt(v, 10);
  return Number.isFinite(n) ? n : dflt;
};
export const CJK = /[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/g;

/** Rejects with the signal's reason as soon as it aborts. */
export function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes the abort reason on as given (the sandbox aborts with its signals, e.g. CallEnded)
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes the abort reason on as given (the sandbox aborts with its signals, e.g. CallEnded)
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes p's rejection on unchanged
        reject(e);
      },
    );
  });
}

export function linked(parent: AbortSignal): { ac: AbortController; unlink: () => void } {
  const ac = new AbortController();
  const onAbort = () => ac.abort(parent.reason);
  if (parent.aborted) ac.abort(parent.reason);
  else parent.addEventListener('abort', onAbort, { once: true });
  return { ac, unlink: () => parent.removeEventListener('abort', onAbort) };
}

/** A call's runner as <Dial><Queue> sees it: is the call waiting in a queue, and take it out. */
export interface QueuedCallRunner {
  readonly call: SandboxCall;
  readonly inQueue: boolean;
  dequeueTo(dialer: SandboxCall, url: string | undefined, m: HttpMethod): Promise<Bridge>;
}
