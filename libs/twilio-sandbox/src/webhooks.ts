import { randomUUID } from 'node:crypto';
import { SandboxClock } from './clock';
import { computeTwilioSignature, formEncode, WebhookParams } from './signature';
import { webhookHeaders } from './voice-request';

export type HttpMethod = 'GET' | 'POST';
export type WebhookKind = 'voice' | 'action' | 'redirect' | 'wait' | 'dequeue' | 'status-callback' | 'fallback' | 'message-status' | 'incoming-message';

/** One webhook request the sandbox sent (or holds), kept for inspection and replay. */
export interface WebhookDelivery {
  id: string;
  kind: WebhookKind;
  /** The call's SID, or the message's (SM…) for messaging webhooks. */
  callSid: string;
  url: string;
  method: HttpMethod;
  params: WebhookParams;
  /** Sandbox time it was (first) sent or held. */
  at: number;
  /** Same value on every retry/replay of one logical webhook, as Twilio's I-Twilio-Idempotency-Token. */
  idempotencyToken: string;
  /** For status callbacks: the StatusCallbackEvent-ish name (initiated/ringing/answered/completed). */
  event?: string;
  held?: boolean;
  attempts: WebhookAttempt[];
}

export interface WebhookAttempt {
  at: number;
  status?: number;
  error?: string;
  signature: string;
}

export type WebhookResult =
  { ok: true; status: number; body: string; contentType: string } | { ok: false; errorCode: number; message: string; status?: number };

export interface WebhookDispatcherOptions {
  authToken: string;
  clock: SandboxClock;
  fetch: typeof fetch;
  /** Wall-clock limit on a webhook, like Twilio's 15 s (Webhooks connection overrides docs: default read timeout 15 s). */
  timeoutMs: number;
  /** Keep at most this many deliveries for inspection. */
  historyLimit: number;
}

/**
 * Sends webhooks the way Twilio does: form-encoded POST (or GET with the params in the query),
 * signed with X-Twilio-Signature over the exact URL requested, with Twilio's proxy headers.
 * Failures are reported with Twilio's debugger codes: 11200 HTTP retrieval failure (non-2xx),
 * 11205 HTTP connection failure, 11210 HTTP bad host name.
 */
export class WebhookDispatcher {
  readonly deliveries: WebhookDelivery[] = [];
  /** 'hold' keeps status callbacks undelivered until deliverHeld(), to test out-of-order arrival. */
  statusCallbackMode: 'immediate' | 'hold' = 'immediate';
  /**
   * A test seam: runs once the app has answered a webhook and before the sandbox acts on the answer,
   * so a test can make something happen at exactly that moment (a leg hung up between a <Dial>
   * action's answer and the <Conference> it returns). Not something Twilio has.
   */
  afterAnswer?: (delivery: WebhookDelivery, result: WebhookResult) => void | Promise<void>;
  private inflight = 0;
  private idleWaiters: (() => void)[] = [];
  private seq = 0;

  constructor(private readonly opts: WebhookDispatcherOptions) {}

  get busy(): boolean {
    return this.inflight > 0;
  }

  /** Resolves when no webhook is in flight. */
  whenIdle(): Promise<void> {
    if (this.inflight === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  async send(kind: WebhookKind, callSid: string, url: string, method: HttpMethod, params: WebhookParams, event?: string): Promise<WebhookResult> {
    const delivery: WebhookDelivery = {
      id: `WH${(++this.seq).toString().padStart(6, '0')}`,
      kind,
      callSid,
      url,
      method,
      params,
      at: this.opts.clock.now(),
      idempotencyToken: randomUUID(),
      event,
      attempts: [],
    };
    this.deliveries.push(delivery);
    if (this.deliveries.length > this.opts.historyLimit) this.deliveries.shift();
    if (kind === 'status-callback' && this.statusCallbackMode === 'hold') {
      delivery.held = true;
      return { ok: true, status: 0, body: '', contentType: '' };
    }
    const result = await this.attempt(delivery);
    if (this.afterAnswer) {
      // In flight until it is done: virtual time waits for it as for the app's answer.
      this.inflight++;
      try {
        await this.afterAnswer(delivery, result);
      } finally {
        this.settled();
      }
    }
    return result;
  }

  /** Sends a delivery again, same params and idempotency token, as a Twilio retry does. */
  replay(id: string): Promise<WebhookResult> {
    const d = this.deliveries.find((x) => x.id === id);
    if (!d) throw new Error(`no webhook delivery ${id}`);
    return this.attempt(d);
  }

  heldStatusCallbacks(callSid?: string): WebhookDelivery[] {
    return this.deliveries.filter((d) => d.held && (!callSid || d.callSid === callSid));
  }

  /** Delivers held status callbacks in the given order (ids), or all in reverse if none is given. */
  async deliverHeld(order?: string[]): Promise<WebhookResult[]> {
    const held = this.heldStatusCallbacks();
    const chosen = order ? order.map((id) => held.find((d) => d.id === id) ?? this.fail(id)) : [...held].reverse();
    const results: WebhookResult[] = [];
    for (const d of chosen) {
      d.held = false;
      results.push(await this.attempt(d));
    }
    return results;
  }

  private fail(id: string): never {
    throw new Error(`no held status callback ${id}`);
  }

  /**
   * One webhook as Twilio sends it, retries included. Connection overrides in the URL's fragment
   * (https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides) set the read timeout
   * `rt` (default 15 000 ms), the total time `tt` (15 000 ms), the retry count `rc` (default 1) and
   * the retry policy `rp` (`ct` connection failures — the default —, `rt` read timeouts, `4xx`,
   * `5xx`, `all`). The fragment is never sent nor signed. Every retry carries the same
   * I-Twilio-Idempotency-Token; when the last one fails the caller's TwiML moves to the fallback URL.
   */
  private async attempt(d: WebhookDelivery): Promise<WebhookResult> {
    const o = connectionOverrides(d.url, this.opts.timeoutMs);
    const started = Date.now();
    for (let retry = 0; ; retry++) {
      const left = o.tt - (Date.now() - started);
      const { result, failure } = await this.attemptOnce(d, Math.max(1, Math.min(o.rt, left)));
      if (result.ok || retry >= o.rc || Date.now() - started >= o.tt) return result;
      if (!o.rp.has('all') && !o.rp.has(failure!)) return result;
    }
  }

  private async attemptOnce(d: WebhookDelivery, timeoutMs: number): Promise<{ result: WebhookResult; failure?: 'ct' | 'rt' | '4xx' | '5xx' }> {
    const url = withoutFragment(d.url);
    let target = url;
    let body: string | undefined;
    let signature: string;
    if (d.method === 'GET') {
      const u = new URL(url);
      for (const [k, v] of Object.entries(d.params)) for (const item of Array.isArray(v) ? v : [v]) u.searchParams.append(k, item);
      target = u.toString();
      signature = computeTwilioSignature(this.opts.authToken, target, {});
    } else {
      body = formEncode(d.params);
      signature = computeTwilioSignature(this.opts.authToken, target, d.params);
    }
    const attempt: WebhookAttempt = { at: this.opts.clock.now(), signature };
    d.attempts.push(attempt);
    this.inflight++;
    try {
      const res = await this.opts.fetch(target, {
        method: d.method,
        headers: webhookHeaders(signature, d.idempotencyToken),
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      attempt.status = res.status;
      if (res.status < 200 || res.status >= 300) {
        attempt.error = `HTTP ${res.status}`;
        const result: WebhookResult = {
          ok: false,
          errorCode: 11200,
          message: `HTTP retrieval failure: ${d.method} ${url} returned ${res.status}`,
          status: res.status,
        };
        return { result, failure: res.status >= 500 ? '5xx' : '4xx' };
      }
      return { result: { ok: true, status: res.status, body: text, contentType: res.headers.get('content-type') ?? '' } };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const timedOut = err.name === 'TimeoutError' || err.name === 'AbortError';
      attempt.error = timedOut ? 'timeout' : (err.cause?.code ?? err.message);
      const code = err.cause?.code === 'ENOTFOUND' ? 11210 : 11205;
      const result: WebhookResult = {
        ok: false,
        errorCode: code,
        message: `${timedOut ? 'Timeout' : 'HTTP connection failure'}: ${d.method} ${url} (${attempt.error})`,
      };
      return { result, failure: timedOut ? 'rt' : 'ct' };
    } finally {
      this.settled();
    }
  }

  private settled(): void {
    this.inflight--;
    if (this.inflight === 0) for (const w of this.idleWaiters.splice(0)) w();
  }
}

const withoutFragment = (url: string) => url.split('#')[0];

/** Twilio's connection overrides of a webhook URL (`…#rc=2&rt=1000`), within its documented bounds. */
export function connectionOverrides(url: string, defaultReadTimeoutMs = 15_000): { rt: number; tt: number; rc: number; rp: Set<string> } {
  const fragment = new URLSearchParams(url.includes('#') ? url.slice(url.indexOf('#') + 1) : '');
  const bounded = (key: string, min: number, max: number, fallback: number) => {
    const v = Number(fragment.get(key));
    return fragment.has(key) && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : fallback;
  };
  return {
    rt: bounded('rt', 100, 15_000, defaultReadTimeoutMs),
    tt: bounded('tt', 100, 15_000, 15_000),
    rc: bounded('rc', 0, 5, 1),
    rp: new Set(
      (fragment.get('rp') ?? 'ct')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  };
}
