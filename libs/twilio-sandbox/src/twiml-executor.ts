import { Bridge } from './bridge';
import { SandboxCall, CallStatus } from './call';
import { Interrupted, SandboxClock, sleep } from './clock';
import { DialingRefused } from './dialing';
import { SandboxQueue } from './queue';
import { WebhookParams } from './signature';
import { invalidVoice, RING_TONES, voiceLanguage } from './tts-voices';
import { parseTwiml, TwimlNode, TwimlParseError } from './twiml';
import { HttpMethod, WebhookKind, WebhookResult } from './webhooks';

/** Where the next TwiML document comes from: a URL to request, or inline TwiML (REST `Twiml`). */
export type DocSource =
  | { url: string; method: HttpMethod; kind: WebhookKind; extra?: WebhookParams }
  | { twiml: string; baseUrl?: string };

/** Abort reasons that cut a running verb short. */
export class CallEnded {}
export class RedirectTo {
  constructor(readonly source: DocSource) {}
}
class QueueExit {
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
  log(call: SandboxCall, type: string, detail?: Record<string, unknown>): void;
  request(call: SandboxCall, kind: WebhookKind, url: string, method: HttpMethod, extra?: WebhookParams): Promise<WebhookResult>;
  fallbackFor(call: SandboxCall): { url: string; method: HttpMethod } | undefined;
  answer(call: SandboxCall): void;
  endCall(call: SandboxCall, status: CallStatus): void;
  queueByName(name: string): SandboxQueue | undefined;
  getOrCreateQueue(name: string): SandboxQueue;
  queueBySid(sid: string): SandboxQueue | undefined;
  runnerOf(callSid: string): CallRunner | undefined;
  createDialLeg(parent: SandboxCall, to: string, from: string, noun: TwimlNode, trunkSid?: string): SandboxCall;
  /** Twilio's dialing rules for a <Number> (E.164, geo permissions, China, `byoc`); throws DialingRefused. */
  routeOutbound(to: string, byoc?: string): { trunkSid?: string };
  ringLeg(leg: SandboxCall, noun: TwimlNode): LegRinging;
  bridge(a: SandboxCall, b: SandboxCall): Bridge;
  newSid(prefix: 'RE'): string;
  recordingUrl(call: SandboxCall, recordingSid: string): string;
}

type VerbMode = 'main' | 'wait' | 'announce';
const ALLOWED: Record<Exclude<VerbMode, 'main'>, Set<string>> = {
  // <Enqueue> waitUrl docs: Play, Say, Pause, Hangup, Redirect, Leave, Gather.
  wait: new Set(['Play', 'Say', 'Pause', 'Hangup', 'Redirect', 'Leave', 'Gather']),
  // <Queue url> docs: Play, Say, Pause, Redirect.
  announce: new Set(['Play', 'Say', 'Pause', 'Redirect']),
};

const method = (m: string | undefined, dflt: HttpMethod = 'POST'): HttpMethod => (m?.toUpperCase() === 'GET' ? 'GET' : m ? 'POST' : dflt);
const int = (v: string | undefined, dflt: number): number => {
  const n = v === undefined ? NaN : parseInt(v, 10);
  return Number.isFinite(n) ? n : dflt;
};
const CJK = /[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/g;

/** Rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function linked(parent: AbortSignal): { ac: AbortController; unlink: () => void } {
  const ac = new AbortController();
  const onAbort = () => ac.abort(parent.reason);
  if (parent.aborted) ac.abort(parent.reason);
  else parent.addEventListener('abort', onAbort, { once: true });
  return { ac, unlink: () => parent.removeEventListener('abort', onAbort) };
}

interface PendingDequeue {
  dialer: SandboxCall;
  url?: string;
  method: HttpMethod;
  resolve: (b: Bridge) => void;
  reject: (e: unknown) => void;
}

/** Digit sink for the verb currently listening (Gather or Record). */
interface DigitListener {
  onDigit(d: string): void;
}

/**
 * Executes TwiML for one call: fetches documents, runs verbs in order, and reacts to interrupts
 * (hangup, REST redirect, dequeue). One runner per call; the document loop ends when the call ends.
 */
export class CallRunner {
  private current?: AbortController;
  private queueWait?: AbortController;
  private pendingDequeue?: PendingDequeue;
  private listener?: DigitListener;
  private promptAbort?: AbortController;
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    private readonly host: ExecutorHost,
    readonly call: SandboxCall,
  ) {
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  start(source: DocSource): void {
    void this.loop(source).finally(() => this.resolveDone());
  }

  /** Replaces whatever the call is doing with a new document (REST Calls update / Member update). */
  redirect(source: DocSource): void {
    if (this.current && !this.current.signal.aborted) this.current.abort(new RedirectTo(source));
    else if (!this.call.ended) this.start(source);
  }

  /** The call has ended (caller hung up, REST status=completed): stop everything. */
  stop(): void {
    this.current?.abort(new CallEnded());
  }

  /** Keys the caller pressed. Delivered to the listening Gather/Record, otherwise only logged. */
  pressDigits(digits: string): void {
    for (const d of digits) {
      this.host.log(this.call, 'dtmf', { digit: d, heard: !!this.listener });
      this.listener?.onDigit(d);
    }
  }

  get inQueue(): boolean {
    return !!this.queueWait;
  }

  /** Takes this (queued) call out of its queue and bridges it to `dialer` (Dial><Queue>). */
  dequeueTo(dialer: SandboxCall, url: string | undefined, m: HttpMethod): Promise<Bridge> {
    if (!this.queueWait || this.pendingDequeue) return Promise.reject(new Error('call is not waiting in a queue'));
    const queue = this.call.queueSid ? this.host.queueBySid(this.call.queueSid) : undefined;
    queue?.remove(this.call.sid, this.host.clock.now());
    return new Promise<Bridge>((resolve, reject) => {
      this.pendingDequeue = { dialer, url, method: m, resolve, reject };
      this.queueWait!.abort(new QueueExit('bridging'));
    });
  }

  private async loop(first: DocSource): Promise<void> {
    let next: DocSource | undefined = first;
    while (next && !this.call.ended) {
      const ac = new AbortController();
      this.current = ac;
      try {
        next = await this.runDocument(next, ac.signal, 'main');
      } catch (e) {
        if (e instanceof RedirectTo) {
          this.host.log(this.call, 'redirect', { via: 'api', ...('url' in e.source ? { url: e.source.url } : { twiml: true }) });
          next = e.source;
        } else if (e instanceof CallEnded) {
          next = undefined;
        } else if (e instanceof ApplicationError) {
          next = await this.applicationError(e, ac.signal);
        } else {
          this.host.log(this.call, 'application-error', { code: 0, message: `sandbox internal error: ${(e as Error)?.message ?? e}` });
          next = undefined;
        }
      }
    }
    if (this.current) this.current = undefined;
    // Falling off the end of the TwiML hangs up (TwiML docs: "If there are no more verbs, Twilio ends the call").
    if (!this.call.ended) this.host.endCall(this.call, 'completed');
  }

  private async applicationError(e: ApplicationError, signal: AbortSignal): Promise<DocSource | undefined> {
    this.host.log(this.call, 'application-error', { code: e.code, message: e.message, url: e.url });
    if (this.call.ended) return undefined;
    const fallback = this.host.fallbackFor(this.call);
    if (fallback && e.url !== fallback.url) {
      return { url: fallback.url, method: fallback.method, kind: 'fallback', extra: { ErrorCode: String(e.code), ErrorUrl: e.url ?? '' } };
    }
    try {
      this.host.answer(this.call);
      await this.say({ name: 'Say', attrs: { language: 'en-US' }, text: APPLICATION_ERROR_MESSAGE, children: [] }, signal);
    } catch {
      /* interrupted: the call ends anyway */
    }
    if (!this.call.ended) this.host.endCall(this.call, 'completed');
    return undefined;
  }

  private async fetchDoc(source: DocSource, signal: AbortSignal): Promise<{ verbs: TwimlNode[]; url?: string }> {
    if ('twiml' in source) {
      try {
        return { verbs: parseTwiml(source.twiml), url: source.baseUrl };
      } catch (e) {
        throw new ApplicationError(12100, `Document parse failure: ${(e as Error).message}`);
      }
    }
    const res = await this.host.request(this.call, source.kind, source.url, source.method, source.extra);
    signal.throwIfAborted();
    if (!res.ok) throw new ApplicationError(res.errorCode, res.message, source.url);
    try {
      return { verbs: parseTwiml(res.body), url: source.url };
    } catch (e) {
      if (e instanceof TwimlParseError) throw new ApplicationError(12100, `Document parse failure: ${e.message}`, source.url);
      throw e;
    }
  }

  private async runDocument(source: DocSource, signal: AbortSignal, mode: VerbMode): Promise<DocSource | undefined> {
    const doc = await this.fetchDoc(source, signal);
    return this.runVerbs(doc.verbs, doc.url, signal, mode);
  }

  private resolveUrl(rel: string, docUrl: string | undefined): string {
    try {
      return new URL(rel.trim(), docUrl).toString();
    } catch {
      throw new ApplicationError(11100, `Invalid URL format: ${rel}`);
    }
  }

  private async runVerbs(verbs: TwimlNode[], docUrl: string | undefined, signal: AbortSignal, mode: VerbMode): Promise<DocSource | undefined> {
    for (const verb of verbs) {
      signal.throwIfAborted();
      if (mode !== 'main' && !ALLOWED[mode].has(verb.name)) {
        this.host.log(this.call, 'warning', { message: `<${verb.name}> is not allowed here (${mode}); skipped` });
        continue;
      }
      const next = await this.runVerb(verb, docUrl, signal, mode);
      if (next) return next;
    }
    return undefined;
  }

  private async runVerb(verb: TwimlNode, docUrl: string | undefined, signal: AbortSignal, mode: VerbMode): Promise<DocSource | undefined> {
    switch (verb.name) {
      case 'Say':
        this.host.answer(this.call);
        await this.say(verb, signal);
        return undefined;
      case 'Play':
        this.host.answer(this.call);
        await this.play(verb, signal);
        return undefined;
      case 'Pause':
        this.host.answer(this.call);
        await this.pause(verb, signal);
        return undefined;
      case 'Gather':
        return this.gather(verb, docUrl, signal);
      case 'Redirect': {
        const url = this.resolveUrl(verb.text, docUrl);
        this.host.log(this.call, 'redirect', { url });
        return { url, method: method(verb.attrs.method), kind: mode === 'wait' ? 'wait' : 'redirect' };
      }
      case 'Hangup':
        this.host.log(this.call, 'hangup', { by: 'twiml' });
        this.host.endCall(this.call, 'completed');
        throw new CallEnded();
      case 'Reject': {
        // <Reject> docs: only before the call is answered; reason "rejected" (default) or "busy".
        const reason = verb.attrs.reason === 'busy' ? 'busy' : 'rejected';
        if (this.call.status !== 'ringing' && this.call.status !== 'queued') {
          this.host.log(this.call, 'warning', { message: '<Reject> after the call was answered; hanging up' });
          this.host.endCall(this.call, 'completed');
          throw new CallEnded();
        }
        this.host.log(this.call, 'reject', { reason });
        this.host.endCall(this.call, reason === 'busy' ? 'busy' : 'no-answer');
        throw new CallEnded();
      }
      case 'Leave':
        if (mode === 'wait') throw new QueueExit('leave');
        this.host.log(this.call, 'warning', { message: '<Leave> outside a queue wait; ignored' });
        return undefined;
      case 'Enqueue':
        return this.enqueue(verb, docUrl, signal);
      case 'Dial':
        return this.dial(verb, docUrl, signal);
      case 'Record':
        return this.record(verb, docUrl, signal);
      default:
        // Twilio logs 12200 "Schema validation warning" for unknown elements.
        this.host.log(this.call, 'warning', { code: 12200, message: `<${verb.name}> is not emulated by the sandbox; skipped` });
        return undefined;
    }
  }

  // ---- Say / Play / Pause -------------------------------------------------------------------

  private async say(verb: TwimlNode, signal: AbortSignal): Promise<void> {
    // <Say> docs: voice default "man", language default "en-US", loop default 1, 0 = repeat until the call ends.
    const loop = int(verb.attrs.loop, 1);
    const times = loop <= 0 ? 1000 : loop;
    const text = verb.text;
    const voice = verb.attrs.voice ?? 'man';
    const wrongVoice = invalidVoice(voice, verb.attrs.language);
    if (wrongVoice) {
      this.host.log(this.call, 'warning', { code: 13511, message: `Say: Invalid voice value: ${wrongVoice}; the <Say> is not spoken`, text });
      return;
    }
    const cjk = (text.match(CJK) ?? []).length;
    const ms = Math.max(500, cjk * this.host.timings.sayMsPerCjkChar + (text.length - cjk) * this.host.timings.sayMsPerChar);
    for (let i = 0; i < times; i++) {
      this.host.log(this.call, 'say', { text, language: verb.attrs.language ?? voiceLanguage(voice) ?? 'en-US', voice });
      await sleep(this.host.clock, ms, signal);
    }
  }

  private async play(verb: TwimlNode, signal: AbortSignal): Promise<void> {
    // <Play> docs: loop default 1, 0 = repeat; `digits` plays DTMF tones instead of a URL.
    if (verb.attrs.digits) {
      this.host.log(this.call, 'play', { digits: verb.attrs.digits });
      await sleep(this.host.clock, verb.attrs.digits.length * 500, signal);
      return;
    }
    const loop = int(verb.attrs.loop, 1);
    const times = loop <= 0 ? 1000 : loop;
    for (let i = 0; i < times; i++) {
      this.host.log(this.call, 'play', { url: verb.text });
      await sleep(this.host.clock, this.host.timings.playDurationMs(verb.text), signal);
    }
  }

  private async pause(verb: TwimlNode, signal: AbortSignal): Promise<void> {
    const length = int(verb.attrs.length, 1); // <Pause> docs: length default 1 s
    this.host.log(this.call, 'pause', { length });
    await sleep(this.host.clock, length * 1000, signal);
  }

  // ---- Gather -------------------------------------------------------------------------------

  private async gather(verb: TwimlNode, docUrl: string | undefined, signal: AbortSignal): Promise<DocSource | undefined> {
    this.host.answer(this.call);
    // <Gather> docs: timeout 5 s, finishOnKey "#", numDigits unlimited, action = current document URL, method POST.
    const timeoutMs = int(verb.attrs.timeout, 5) * 1000;
    const finishOnKey = verb.attrs.finishOnKey ?? '#';
    const numDigits = verb.attrs.numDigits ? int(verb.attrs.numDigits, Infinity) : Infinity;
    const action = this.resolveUrl(verb.attrs.action ?? docUrl ?? '', docUrl);
    const bargeIn = verb.attrs.bargeIn !== 'false';
    const input = verb.attrs.input ?? 'dtmf';
    this.host.log(this.call, 'gather', { numDigits: Number.isFinite(numDigits) ? numDigits : null, timeout: timeoutMs / 1000, finishOnKey, input });
    if (!input.includes('dtmf')) this.host.log(this.call, 'warning', { message: 'speech input is not emulated; only DTMF' });

    let digits = '';
    let timer: ReturnType<SandboxClock['setTimeout']> | undefined;
    let finish!: (how: 'digits' | 'key' | 'timeout') => void;
    const finished = new Promise<'digits' | 'key' | 'timeout'>((r) => (finish = r));
    let over = false;
    const end = (how: 'digits' | 'key' | 'timeout') => {
      if (over) return;
      over = true;
      if (timer) this.host.clock.clearTimeout(timer);
      finish(how);
    };
    const armTimeout = () => {
      if (timer) this.host.clock.clearTimeout(timer);
      timer = this.host.clock.setTimeout(() => end('timeout'), timeoutMs);
    };
    const promptAbort = new AbortController();
    this.listener = {
      onDigit: (d) => {
        if (over) return;
        if (bargeIn) promptAbort.abort('barge-in');
        if (finishOnKey && finishOnKey.includes(d)) return end('key');
        digits += d;
        if (digits.length >= numDigits) return end('digits');
        armTimeout(); // the timeout also applies between digits
      },
    };
    try {
      const { ac, unlink } = linked(signal);
      promptAbort.signal.addEventListener('abort', () => ac.abort(new Interrupted('barge-in')), { once: true });
      try {
        for (const child of verb.children) {
          if (over || digits) break;
          if (child.name === 'Say') await this.say(child, ac.signal);
          else if (child.name === 'Play') await this.play(child, ac.signal);
          else if (child.name === 'Pause') await this.pause(child, ac.signal);
          else this.host.log(this.call, 'warning', { message: `<${child.name}> inside <Gather> skipped` });
        }
      } catch (e) {
        if (!(e instanceof Interrupted)) throw e;
      } finally {
        unlink();
      }
      signal.throwIfAborted();
      if (!over && !digits) {
        armTimeout();
        // The scripted caller answers once the prompts are over.
        const scripted = this.call.scriptedInputs.shift();
        if (scripted !== undefined) this.pressDigits(scripted);
      }
      const how = await untilAborted(finished, signal);
      this.host.log(this.call, 'gather-end', { digits, how });
      if (!digits && verb.attrs.actionOnEmptyResult !== 'true') return undefined; // no input: next verb
      return { url: action, method: method(verb.attrs.method), kind: 'action', extra: { Digits: digits } };
    } finally {
      if (timer) this.host.clock.clearTimeout(timer);
      this.listener = undefined;
    }
  }

  // ---- Record -------------------------------------------------------------------------------

  private async record(verb: TwimlNode, docUrl: string | undefined, signal: AbortSignal): Promise<DocSource | undefined> {
    this.host.answer(this.call);
    // <Record> docs: timeout 5 s of silence, maxLength 3600 s, finishOnKey "1234567890*#", playBeep true,
    // action defaults to the current document URL.
    const timeoutMs = int(verb.attrs.timeout, 5) * 1000;
    const maxLengthMs = int(verb.attrs.maxLength, 3600) * 1000;
    const finishOnKey = verb.attrs.finishOnKey ?? '1234567890*#';
    const action = this.resolveUrl(verb.attrs.action ?? docUrl ?? '', docUrl);
    const speechMs = this.call.recordSpeechMs ?? this.host.timings.callerSpeechMs;
    if (verb.attrs.playBeep !== 'false') this.host.log(this.call, 'play', { beep: true });
    this.host.log(this.call, 'record', { maxLength: maxLengthMs / 1000, timeout: timeoutMs / 1000, finishOnKey });
    const started = this.host.clock.now();
    let key = '';
    let end!: () => void;
    const keyPressed = new Promise<void>((r) => (end = r));
    this.listener = {
      onDigit: (d) => {
        if (!key && finishOnKey.includes(d)) {
          key = d;
          end();
        }
      },
    };
    let hungUp = false;
    const { ac, unlink } = linked(signal);
    try {
      const silenceEnds = Math.min(speechMs + timeoutMs, maxLengthMs);
      await Promise.race([sleep(this.host.clock, silenceEnds, ac.signal), untilAborted(keyPressed, ac.signal)]);
    } catch (e) {
      if (!(e instanceof CallEnded)) throw e;
      hungUp = true;
    } finally {
      ac.abort(new Interrupted('record-done'));
      unlink();
      this.listener = undefined;
    }
    const elapsed = this.host.clock.now() - started;
    // trim-silence (default) drops the trailing silence that ended the recording.
    const durationMs = Math.min(elapsed, speechMs, maxLengthMs);
    const recordingSid = this.host.newSid('RE');
    const extra: WebhookParams = {
      RecordingUrl: this.host.recordingUrl(this.call, recordingSid),
      RecordingSid: recordingSid,
      RecordingDuration: String(Math.round(durationMs / 1000)),
    };
    if (key) extra.Digits = key;
    if (hungUp) extra.Digits = 'hangup';
    this.host.log(this.call, 'record-end', { duration: Math.round(durationMs / 1000), digits: extra.Digits ?? null });
    const source: DocSource = { url: action, method: method(verb.attrs.method), kind: 'action', extra };
    if (hungUp) {
      // After a hangup Twilio still requests the action URL; the TwiML returned is ignored.
      await this.host.request(this.call, 'action', source.url, source.method, extra);
      throw new CallEnded();
    }
    return source;
  }

  // ---- Enqueue ------------------------------------------------------------------------------

  private async enqueue(verb: TwimlNode, docUrl: string | undefined, signal: AbortSignal): Promise<DocSource | undefined> {
    this.host.answer(this.call);
    const name = verb.text;
    const queue = this.host.getOrCreateQueue(name);
    const action = verb.attrs.action ? this.resolveUrl(verb.attrs.action, docUrl) : undefined;
    const actionMethod = method(verb.attrs.method);
    const waitUrl = verb.attrs.waitUrl ? this.resolveUrl(verb.attrs.waitUrl, docUrl) : undefined;
    const waitMethod = method(verb.attrs.waitUrlMethod);
    const enqueuedAt = this.host.clock.now();
    // <Enqueue> action parameters: QueueResult, QueueSid, QueueTime (seconds in queue).
    const actionParams = (result: string): WebhookParams => ({
      QueueResult: result,
      QueueSid: queue.sid,
      QueueTime: String(Math.round((this.host.clock.now() - enqueuedAt) / 1000)),
    });
    const notify = async (result: string) => {
      if (action) await this.host.request(this.call, 'action', action, actionMethod, actionParams(result));
    };
    if (queue.full) {
      this.host.log(this.call, 'enqueue', { queue: name, queueSid: queue.sid, result: 'queue-full' });
      return action ? { url: action, method: actionMethod, kind: 'action', extra: actionParams('queue-full') } : undefined;
    }
    queue.add(this.call.sid, enqueuedAt);
    this.call.queueSid = queue.sid;
    this.host.log(this.call, 'enqueue', { queue: name, queueSid: queue.sid, position: queue.position(this.call.sid) });
    const { ac, unlink } = linked(signal);
    this.queueWait = ac;
    const leaveQueue = () => {
      queue.remove(this.call.sid, this.host.clock.now());
      this.call.queueSid = undefined;
      this.queueWait = undefined;
    };
    let exit: QueueExit;
    try {
      await this.holdLoop(queue, enqueuedAt, waitUrl, waitMethod, ac.signal);
      throw new Error('unreachable: hold loop returned');
    } catch (e) {
      if (e instanceof QueueExit) exit = e;
      else {
        leaveQueue();
        const result = e instanceof RedirectTo ? 'redirected' : e instanceof CallEnded ? 'hangup' : 'error';
        this.host.log(this.call, 'dequeue', { queue: name, result });
        // The action is still requested so the app learns why the caller left; its TwiML is ignored.
        await notify(result).catch(() => undefined);
        throw e;
      }
    } finally {
      unlink();
    }
    leaveQueue();
    if (exit.result === 'leave') {
      this.host.log(this.call, 'dequeue', { queue: name, result: 'leave' });
      return action ? { url: action, method: actionMethod, kind: 'action', extra: actionParams('leave') } : undefined;
    }
    // Dequeued by <Dial><Queue>: play the dialer's <Queue url> announcement, then bridge.
    const pd = this.pendingDequeue!;
    this.pendingDequeue = undefined;
    this.host.log(this.call, 'dequeue', { queue: name, result: 'bridged', by: pd.dialer.sid });
    let bridge: Bridge;
    try {
      if (pd.url) {
        const extra: WebhookParams = {
          QueueSid: queue.sid,
          QueueTime: String(Math.round((this.host.clock.now() - enqueuedAt) / 1000)),
          DequeingCallSid: pd.dialer.sid,
        };
        let src: DocSource | undefined = { url: pd.url, method: pd.method, kind: 'dequeue', extra };
        while (src) src = await this.runDocument(src, signal, 'announce');
      }
      bridge = this.host.bridge(this.call, pd.dialer);
      pd.resolve(bridge);
    } catch (e) {
      pd.reject(e);
      await notify(e instanceof CallEnded ? 'hangup' : 'error').catch(() => undefined);
      throw e;
    }
    try {
      await untilAborted(bridge.ended, signal);
    } catch (e) {
      bridge.end(this.call.sid);
      await notify('bridged').catch(() => undefined);
      throw e;
    }
    return action ? { url: action, method: actionMethod, kind: 'action', extra: actionParams('bridged') } : undefined;
  }

  private async holdLoop(queue: SandboxQueue, enqueuedAt: number, waitUrl: string | undefined, waitMethod: HttpMethod, signal: AbortSignal): Promise<never> {
    // waitUrl request parameters (<Enqueue> docs): QueuePosition, QueueSid, QueueTime, AvgQueueTime,
    // CurrentQueueSize, MaxQueueSize. When its TwiML ends, Twilio requests the waitUrl again.
    const waitParams = (): WebhookParams => {
      const now = this.host.clock.now();
      return {
        QueuePosition: String(queue.position(this.call.sid)),
        QueueSid: queue.sid,
        QueueTime: String(Math.round((now - enqueuedAt) / 1000)),
        AvgQueueTime: String(queue.averageWaitSeconds(now)),
        CurrentQueueSize: String(queue.size),
        MaxQueueSize: String(queue.maxSize),
      };
    };
    for (;;) {
      signal.throwIfAborted();
      if (!waitUrl) {
        this.host.log(this.call, 'play', { url: DEFAULT_HOLD_MUSIC_URL, hold: true });
        await sleep(this.host.clock, this.host.timings.holdMusicMs, signal);
        continue;
      }
      const started = this.host.clock.now();
      this.host.log(this.call, 'queue-wait', { position: queue.position(this.call.sid), size: queue.size });
      let src: DocSource | undefined = { url: waitUrl, method: waitMethod, kind: 'wait', extra: waitParams() };
      while (src) {
        const next: DocSource | undefined = await this.runDocument(src, signal, 'wait');
        // A <Redirect> stays a waitUrl request (with the queue's parameters); a <Gather>'s action is a
        // Gather action, with Digits only (the <Gather> docs' action parameters).
        src = next && 'url' in next && next.kind !== 'action' ? { ...next, kind: 'wait', extra: { ...next.extra, ...waitParams() } } : next;
      }
      // A wait document that takes no time would spin; Twilio's hold loop always plays something.
      if (this.host.clock.now() === started) await sleep(this.host.clock, 1000, signal);
    }
  }

  // ---- Dial ---------------------------------------------------------------------------------

  private async dial(verb: TwimlNode, docUrl: string | undefined, signal: AbortSignal): Promise<DocSource | undefined> {
    this.host.answer(this.call);
    // <Dial> docs: timeout default 30 s (+ Twilio's ~5 s buffer), timeLimit 14400 s, method POST,
    // callerId defaults to the caller's number, record default do-not-record.
    const timeoutMs = int(verb.attrs.timeout, 30) * 1000 + this.host.timings.dialTimeoutBufferMs;
    const timeLimitMs = int(verb.attrs.timeLimit, 14400) * 1000;
    const action = verb.attrs.action ? this.resolveUrl(verb.attrs.action, docUrl) : undefined;
    const actionMethod = method(verb.attrs.method);
    const record = verb.attrs.record && verb.attrs.record !== 'do-not-record' && verb.attrs.record !== 'false';
    const from = verb.attrs.callerId ?? this.call.from;
    const nouns = verb.children.length ? verb.children : [{ name: 'Number', attrs: {}, text: verb.text, children: [] }];

    const queueNoun = nouns.find((n) => n.name === 'Queue');
    const outcome = queueNoun
      ? await this.dialQueue(queueNoun, docUrl, timeoutMs, timeLimitMs, signal, action, actionMethod)
      : await this.dialLegs(nouns, from, timeoutMs, timeLimitMs, signal, action, actionMethod, !!record, verb);
    this.host.log(this.call, 'dial-end', { ...outcome.params });
    if (action) return { url: action, method: actionMethod, kind: 'action', extra: outcome.params };
    return undefined;
  }

  private dialParams(status: string, dialCallSid: string | undefined, bridgedAt: number | undefined): WebhookParams {
    // <Dial> action parameters: DialCallStatus, DialCallSid, DialCallDuration (answered calls), DialBridged.
    const p: WebhookParams = { DialCallStatus: status, DialBridged: String(bridgedAt !== undefined) };
    if (dialCallSid) p.DialCallSid = dialCallSid;
    if (bridgedAt !== undefined) p.DialCallDuration = String(Math.round((this.host.clock.now() - bridgedAt) / 1000));
    return p;
  }

  /**
   * A REST redirect (Calls update with Url/Twiml) of a call inside <Dial>: Twilio first requests the
   * interrupted Dial's action URL — DialCallStatus `completed` (DialBridged false if nobody had
   * answered yet) — and ignores the TwiML it returns, then fetches the new URL ("If a <Dial> action
   * url is specified, Twilio will make a request to the provided action callback when the parent
   * call is transferred to a new TwiML via call modification. Twilio will not execute any TwiML
   * returned by the action URL": https://twilio.com/changelog/changes-to-dial-behavior-for-enhanced-programmable-sip-feature-accounts).
   */
  private async dialInterruptedByRedirect(action: string, actionMethod: HttpMethod, params: WebhookParams): Promise<void> {
    this.host.log(this.call, 'dial-end', { ...params, interruptedBy: 'redirect' });
    await this.host.request(this.call, 'action', action, actionMethod, params).catch(() => undefined);
  }

  /** Waits for the bridge to end, or the time limit; on interruption still tells the action URL. */
  private async holdBridge(
    bridge: Bridge,
    other: SandboxCall,
    timeLimitMs: number,
    signal: AbortSignal,
    onInterrupt: () => WebhookParams,
    action: string | undefined,
    actionMethod: HttpMethod,
  ): Promise<void> {
    const { ac, unlink } = linked(signal);
    const limit = sleep(this.host.clock, timeLimitMs, ac.signal).then(() => 'time-limit');
    try {
      const by = await untilAborted(Promise.race([bridge.ended, limit]), signal);
      if (by === 'time-limit') {
        this.host.log(this.call, 'warning', { message: 'Dial timeLimit reached' });
        bridge.end(this.call.sid);
        if (!other.ended && other.direction === 'outbound-dial') this.host.endCall(other, 'completed');
      }
      this.host.log(this.call, 'disconnected', { from: other.sid });
    } catch (e) {
      bridge.end(this.call.sid);
      if (!other.ended && other.direction === 'outbound-dial') this.host.endCall(other, 'completed');
      if (e instanceof CallEnded && action) await this.host.request(this.call, 'action', action, actionMethod, onInterrupt()).catch(() => undefined);
      if (e instanceof RedirectTo && action) await this.dialInterruptedByRedirect(action, actionMethod, onInterrupt());
      throw e;
    } finally {
      ac.abort(new Interrupted('bridge-over'));
      limit.catch(() => undefined);
      unlink();
    }
  }

  private async dialLegs(
    nouns: TwimlNode[],
    from: string,
    timeoutMs: number,
    timeLimitMs: number,
    signal: AbortSignal,
    action: string | undefined,
    actionMethod: HttpMethod,
    record: boolean,
    verb: TwimlNode,
  ): Promise<{ params: WebhookParams }> {
    const targets = nouns
      .map((n) => {
        if (n.name === 'Client') {
          const identity = n.children.find((c) => c.name === 'Identity')?.text ?? n.text;
          return { noun: n, to: `client:${identity}` };
        }
        if (n.name === 'Number') {
          // A number Twilio will not call is not dialled: the error is logged, the Dial fails.
          try {
            return { noun: n, to: n.text, trunkSid: this.host.routeOutbound(n.text, n.attrs.byoc).trunkSid };
          } catch (e) {
            if (!(e instanceof DialingRefused)) throw e;
            this.host.log(this.call, 'application-error', { code: e.dialCode, message: e.message });
            return undefined;
          }
        }
        this.host.log(this.call, 'warning', { message: `<Dial><${n.name}> is not emulated` });
        return undefined;
      })
      .filter((t): t is { noun: TwimlNode; to: string; trunkSid?: string } => !!t);
    if (targets.length === 0) return { params: this.dialParams('failed', undefined, undefined) };
    const legs = targets.map((t) => ({ ...t, call: this.host.createDialLeg(this.call, t.to, from, t.noun, t.trunkSid) }));
    const ringTone = verb.attrs.ringTone;
    if (ringTone !== undefined && !RING_TONES.has(ringTone)) this.host.log(this.call, 'warning', { code: 13220, message: `Dial: Invalid ringTone value ${ringTone}` });
    this.host.log(this.call, 'dial', { to: legs.map((l) => l.to), timeout: int(verb.attrs.timeout, 30), callerId: from, ...(ringTone && RING_TONES.has(ringTone) ? { ringTone } : {}) });
    const ringings = legs.map((l) => ({ leg: l, ringing: this.host.ringLeg(l.call, l.noun) }));

    // Ringback the caller hears, one event per ring cycle.
    let ringTimer: ReturnType<SandboxClock['setTimeout']> | undefined;
    let rings = 0;
    const ring = () => {
      this.host.log(this.call, 'ring', { n: ++rings });
      ringTimer = this.host.clock.setTimeout(ring, this.host.timings.ringCycleMs);
    };
    ring();

    type Won = { status: 'answered'; leg: (typeof legs)[number] } | { status: 'busy' | 'failed' | 'no-answer' };
    let timeoutTimer: ReturnType<SandboxClock['setTimeout']> | undefined;
    let won: Won;
    try {
      won = await untilAborted(
        new Promise<Won>((resolve) => {
          let remaining = ringings.length;
          const failures: string[] = [];
          timeoutTimer = this.host.clock.setTimeout(() => resolve({ status: 'no-answer' }), timeoutMs);
          for (const r of ringings) {
            r.ringing.outcome.then((o) => {
              if (o === 'answered') resolve({ status: 'answered', leg: r.leg });
              else {
                failures.push(o);
                if (--remaining === 0) resolve({ status: failures.includes('busy') ? 'busy' : 'failed' });
              }
            });
          }
        }),
        signal,
      );
    } catch (e) {
      for (const r of ringings) {
        r.ringing.cancel();
        if (!r.leg.call.ended) this.host.endCall(r.leg.call, 'canceled');
      }
      if (e instanceof CallEnded && action) {
        await this.host.request(this.call, 'action', action, actionMethod, this.dialParams('canceled', legs[0].call.sid, undefined)).catch(() => undefined);
      }
      if (e instanceof RedirectTo && action) await this.dialInterruptedByRedirect(action, actionMethod, this.dialParams('completed', legs[0].call.sid, undefined));
      throw e;
    } finally {
      if (ringTimer) this.host.clock.clearTimeout(ringTimer);
      if (timeoutTimer) this.host.clock.clearTimeout(timeoutTimer);
    }

    for (const r of ringings) {
      if (won.status === 'answered' && r.leg === won.leg) continue;
      r.ringing.cancel();
      if (!r.leg.call.ended) this.host.endCall(r.leg.call, won.status === 'answered' ? 'canceled' : won.status);
    }
    if (won.status !== 'answered') {
      this.host.log(this.call, 'dial-result', { status: won.status });
      return { params: this.dialParams(won.status, legs.length === 1 ? legs[0].call.sid : undefined, undefined) };
    }
    const leg = won.leg.call;
    const bridgedAt = this.host.clock.now();
    this.host.log(this.call, 'connected', { to: won.leg.to, callSid: leg.sid });
    const bridge = this.host.bridge(this.call, leg);
    await this.holdBridge(bridge, leg, timeLimitMs, signal, () => this.dialParams('completed', leg.sid, bridgedAt), action, actionMethod);
    const params = this.dialParams('completed', leg.sid, bridgedAt);
    if (record) {
      const recordingSid = this.host.newSid('RE');
      params.RecordingUrl = this.host.recordingUrl(this.call, recordingSid);
      params.RecordingSid = recordingSid;
      params.RecordingDuration = params.DialCallDuration;
    }
    return { params };
  }

  private async dialQueue(
    noun: TwimlNode,
    docUrl: string | undefined,
    timeoutMs: number,
    timeLimitMs: number,
    signal: AbortSignal,
    action: string | undefined,
    actionMethod: HttpMethod,
  ): Promise<{ params: WebhookParams }> {
    const name = noun.text;
    const queue = this.host.queueByName(name);
    this.host.log(this.call, 'dial', { queue: name });
    // <Queue> noun docs: a queue that does not exist makes Dial post an error status to its action.
    if (!queue) return { params: this.dialParams('failed', undefined, undefined) };
    const pick = (): CallRunner | undefined => {
      for (const m of queue.members) {
        const r = this.host.runnerOf(m.callSid);
        if (r?.inQueue) return r;
      }
      return undefined;
    };
    let target = pick();
    if (!target) {
      // Empty queue: wait for the next caller until the Dial timeout.
      const { ac, unlink } = linked(signal);
      let off: (() => void) | undefined;
      try {
        target = await Promise.race([
          new Promise<CallRunner | undefined>((resolve) => {
            off = queue.onJoin(() => setImmediate(() => resolve(pick())));
          }),
          sleep(this.host.clock, timeoutMs, ac.signal).then(() => undefined),
        ]);
      } finally {
        off?.();
        ac.abort(new Interrupted('dial-queue-wait-over'));
        unlink();
      }
      signal.throwIfAborted();
      if (!target) return { params: this.dialParams('no-answer', undefined, undefined) };
    }
    const member = target.call;
    const bridge = await untilAborted(target.dequeueTo(this.call, noun.attrs.url ? this.resolveUrl(noun.attrs.url, docUrl) : undefined, method(noun.attrs.method)), signal);
    const bridgedAt = this.host.clock.now();
    this.host.log(this.call, 'connected', { to: member.from, callSid: member.sid, queue: name });
    await this.holdBridge(bridge, member, timeLimitMs, signal, () => this.dialParams('completed', member.sid, bridgedAt), action, actionMethod);
    return { params: this.dialParams('completed', member.sid, bridgedAt) };
  }
}
