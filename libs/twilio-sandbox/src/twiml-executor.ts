import { Bridge } from './bridge';
import { SandboxCall } from './call';
import { APPLICATION_ERROR_MESSAGE, ApplicationError, CallEnded, DocSource, ExecutorHost, QueueExit, QueuedCallRunner, RedirectTo } from './execution';
import { parseTwiml, TwimlNode, TwimlParseError } from './twiml';
import { ALLOWED_VERBS, VERBS } from './verbs';
import { say } from './verbs/say';
import { DigitListener, PendingDequeue, VerbContext, VerbMode } from './verbs/verb';
import { HttpMethod } from './webhooks';

export { APPLICATION_ERROR_MESSAGE, ApplicationError, CallEnded, DEFAULT_HOLD_MUSIC_URL, RedirectTo } from './execution';
export type { DocSource, ExecutorHost, ExecutorTimings, LegOutcome, LegRinging } from './execution';

/**
 * Executes TwiML for one call: fetches documents, runs verbs in order, and reacts to interrupts
 * (hangup, REST redirect, dequeue). One runner per call; the document loop ends when the call ends.
 */
export class CallRunner implements VerbContext, QueuedCallRunner {
  private current?: AbortController;
  queueWait?: AbortController;
  pendingDequeue?: PendingDequeue;
  listener?: DigitListener;
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    readonly host: ExecutorHost,
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
      await say(this, { name: 'Say', attrs: { language: 'en-US' }, text: APPLICATION_ERROR_MESSAGE, children: [] }, signal);
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

  async runDocument(source: DocSource, signal: AbortSignal, mode: VerbMode): Promise<DocSource | undefined> {
    const doc = await this.fetchDoc(source, signal);
    return this.runVerbs(doc.verbs, doc.url, signal, mode);
  }

  resolveUrl(rel: string, docUrl: string | undefined): string {
    try {
      return new URL(rel.trim(), docUrl).toString();
    } catch {
      throw new ApplicationError(11100, `Invalid URL format: ${rel}`);
    }
  }

  private async runVerbs(verbs: TwimlNode[], docUrl: string | undefined, signal: AbortSignal, mode: VerbMode): Promise<DocSource | undefined> {
    for (const verb of verbs) {
      signal.throwIfAborted();
      if (mode !== 'main' && !ALLOWED_VERBS[mode].has(verb.name)) {
        this.host.log(this.call, 'warning', { message: `<${verb.name}> is not allowed here (${mode}); skipped` });
        continue;
      }
      const next = await this.runVerb(verb, docUrl, signal, mode);
      if (next) return next;
    }
    return undefined;
  }

  private async runVerb(verb: TwimlNode, docUrl: string | undefined, signal: AbortSignal, mode: VerbMode): Promise<DocSource | undefined> {
    const handler = VERBS[verb.name];
    if (handler) return handler(this, verb, docUrl, signal, mode);
    // Twilio logs 12200 "Schema validation warning" for unknown elements.
    this.host.log(this.call, 'warning', { code: 12200, message: `<${verb.name}> is not emulated by the sandbox; skipped` });
    return undefined;
  }
}
