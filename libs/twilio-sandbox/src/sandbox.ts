import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAccountApi } from './account-api';
import type { AccountApiHost, ControlApiHost, RestApiHost } from './sandbox-api';
import { AddParticipantRequest, CreateCallRequest, PlaceCallRequest, PstnBehaviour, SandboxError, SandboxPhoneNumber } from './sandbox-api';
import { Bridge } from './bridge';
import { CallDirection, CallSnapshot, CallStatus, SandboxCall, StatusCallbackConfig } from './call';
import { RealClock, SandboxClock, VirtualClock } from './clock';
import { ConferenceHub } from './conference-hub';
import { handleControlApi } from './control-api';
import { DeviceHub } from './device-hub';
import { DEFAULT_DIALING_PERMISSIONS, DialingRefused, routeOutbound, SandboxByocTrunk } from './dialing';
import type { CallParameters } from './device-protocol';
import { rfc2822 } from './format';
import { sendJson } from './http-util';
import { randomSid, SANDBOX_DEFAULT_ACCOUNT_SID, SANDBOX_DEFAULT_API_KEY_SID, SANDBOX_DEFAULT_AUTH_TOKEN, SidGenerator } from './ids';
import { DEFAULT_QUEUE_MAX_SIZE, SandboxQueue } from './queue';
import { handleRestApi } from './rest-api';
import { WebhookParams } from './signature';
import { voiceRequestParams } from './voice-request';
import { DocSource, ExecutorHost, ExecutorTimings, LegOutcome, LegRinging } from './execution';
import { CallRunner } from './twiml-executor';
import { TwimlNode } from './twiml';
import { HttpMethod, WebhookDelivery, WebhookDispatcher, WebhookKind, WebhookResult } from './webhooks';

export interface TwilioSandboxOptions {
  accountSid?: string;
  authToken?: string;
  clock?: SandboxClock;
  phoneNumbers: SandboxPhoneNumber[];
  /** Used for webhooks; inject to route them in-process. */
  fetch?: typeof fetch;
  log?: (message: string, detail?: Record<string, unknown>) => void;
  /** API key SID → secret, for verifying Device Access Tokens; the auth token is always accepted too. */
  apiKeys?: Record<string, string>;
  /** Development only: let a Device register with a bare identity string instead of an Access Token. */
  acceptPlainIdentityTokens?: boolean;
  /** Absolute base for RecordingUrl and other links (default: the listen() address). */
  publicBaseUrl?: string;
  timings?: Partial<ExecutorTimings>;
  /** Wall-clock webhook timeout (Twilio: 15 s). */
  webhookTimeoutMs?: number;
  sids?: SidGenerator;
  /** Behaviour of dialled phone numbers (<Dial><Number>, Calls create to a number). Default: answer after 3 s. */
  pstn?: (to: string, from: string) => PstnBehaviour;
  /** TwiML App used by device.connect() (the Voice URL of the app's TwiML Application). */
  twimlApp?: { voiceUrl: string; method?: HttpMethod };
  /** The account's BYOC trunks: carriers' numbers come in through them, and calls may leave through them (`byoc`). */
  byocTrunks?: SandboxByocTrunk[];
  /** ISO countries the account may call over Twilio's own network (Voice geo permissions). Default US, CA. */
  dialingPermissions?: string[];
}

export { SandboxError };
export type { CreateCallRequest, PlaceCallRequest, PstnBehaviour, SandboxPhoneNumber };

const DEFAULT_TIMINGS: ExecutorTimings = {
  sayMsPerCjkChar: 250,
  sayMsPerChar: 65,
  playDurationMs: () => 5000,
  holdMusicMs: 30_000,
  dialTimeoutBufferMs: 5000,
  ringCycleMs: 6000,
  callerSpeechMs: 3000,
};

const normalizeNumber = (n: string) => n.replace(/[^\d+]/g, '');
/** One number however written: +864008001234, 400-800-1234 and 4008001234 match. */
const sameNumber = (a: string, b: string): boolean => {
  const p = normalizeNumber(a);
  const q = normalizeNumber(b);
  return p === q || p.endsWith(q.replace(/^\+/, '')) || q.endsWith(p.replace(/^\+/, ''));
};

/**
 * Local emulator of the part of Twilio Programmable Voice the app uses. Owns calls, queues, the
 * TwiML executor per call, the signed webhook dispatcher, the REST API (`/2010-04-01/**`), the
 * control API and caller page (`/sandbox/**`), and the Device websocket.
 */
export class TwilioSandbox implements ExecutorHost, RestApiHost, AccountApiHost, ControlApiHost {
  readonly accountSid: string;
  readonly authToken: string;
  readonly clock: SandboxClock;
  readonly timings: ExecutorTimings;
  readonly webhooks: WebhookDispatcher;
  readonly conferences: ConferenceHub;
  readonly devices: DeviceHub;
  readonly phoneNumbers: (SandboxPhoneNumber & { sid: string })[];
  readonly byocTrunks: SandboxByocTrunk[];
  /** API key SIDs of the account (Keys resource): the development key and the ones given. */
  readonly apiKeySids: string[];
  readonly dialingPermissions: string[];
  private readonly calls = new Map<string, SandboxCall>();
  private readonly runners = new Map<string, CallRunner>();
  private readonly fallbacks = new Map<string, { url: string; method: HttpMethod }>();
  private readonly queues = new Map<string, SandboxQueue>();
  private readonly bridges = new Map<string, Bridge>();
  private readonly watchers = new Set<() => void>();
  private readonly sids: SidGenerator;
  private readonly logFn?: TwilioSandboxOptions['log'];
  private readonly pstn: NonNullable<TwilioSandboxOptions['pstn']>;
  private readonly outgoingDeviceCalls = new Set<string>();
  private inflightHttp = 0;
  private httpIdleWaiters: (() => void)[] = [];
  private server?: Server;
  private baseUrl?: string;

  constructor(private readonly options: TwilioSandboxOptions) {
    this.accountSid = options.accountSid ?? SANDBOX_DEFAULT_ACCOUNT_SID;
    this.authToken = options.authToken ?? SANDBOX_DEFAULT_AUTH_TOKEN;
    this.clock = options.clock ?? new RealClock();
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.sids = options.sids ?? randomSid;
    this.logFn = options.log;
    this.baseUrl = options.publicBaseUrl;
    this.pstn = options.pstn ?? (() => ({ outcome: 'answer', afterMs: 3000 }));
    this.phoneNumbers = options.phoneNumbers.map((p) => ({ ...p, sid: this.sids('PN') }));
    this.byocTrunks = options.byocTrunks ?? [];
    this.apiKeySids = [SANDBOX_DEFAULT_API_KEY_SID, ...Object.keys(options.apiKeys ?? {})];
    this.dialingPermissions = options.dialingPermissions ?? [...DEFAULT_DIALING_PERMISSIONS];
    this.webhooks = new WebhookDispatcher({
      authToken: this.authToken,
      clock: this.clock,
      fetch: options.fetch ?? fetch,
      timeoutMs: options.webhookTimeoutMs ?? 15_000,
      historyLimit: 10_000,
    });
    this.devices = new DeviceHub({
      accountSid: this.accountSid,
      secretFor: (sid) => options.apiKeys?.[sid] ?? this.authToken,
      acceptPlainIdentityTokens: options.acceptPlainIdentityTokens ?? false,
      onDeviceHangup: (sid) => this.hangupLeg(sid),
      onDeviceDigits: (sid, digits) => this.pressDigits(sid, digits),
      onDeviceConnect: (identity, params) => this.connectFromDevice(identity, params),
    });
    this.conferences = new ConferenceHub({
      clock: this.clock,
      accountSid: this.accountSid,
      newSid: () => this.sids('CF'),
      webhooks: this.webhooks,
      log: (callSid, type, detail) => {
        const call = this.calls.get(callSid);
        if (call) this.log(call, type, detail);
      },
      call: (callSid) => this.calls.get(callSid),
      recordingUrl: (recordingSid) => `${this.publicBase()}/2010-04-01/Accounts/${this.accountSid}/Recordings/${recordingSid}`,
      newRecordingSid: () => this.sids('RE'),
    });
    if (this.clock instanceof VirtualClock) this.clock.addIdleHook(() => this.whenIdle());
  }

  // ---- programmatic control (mirrors the control API) ---------------------------------------

  /**
   * A caller dials one of the sandbox's numbers, or a number a BYOC trunk delivers (the carrier's
   * 400 number: Twilio requests the trunk's Voice URL, and the call has the trunk's SID and no
   * phone number SID). Returns the new CallSid.
   */
  placeCall(req: PlaceCallRequest): string {
    const number = this.findNumber(req.to);
    const trunk = number ? undefined : this.byocTrunks.find((t) => t.voiceUrl && (t.numbers ?? []).some((n) => sameNumber(n, req.to)));
    if (!number && !trunk) throw new SandboxError(404, 21211, `The number ${req.to} is not a sandbox phone number`);
    if (!req.from) throw new SandboxError(400, 21213, "No 'From' number is specified");
    const callbackUrl = number ? number.statusCallback : trunk!.statusCallbackUrl;
    const callbackMethod = (number ? number.statusCallbackMethod : trunk!.statusCallbackMethod) ?? 'POST';
    const statusCallback: StatusCallbackConfig | undefined = callbackUrl
      ? { url: callbackUrl, method: callbackMethod, events: new Set(['completed']) }
      : undefined;
    // Inbound calls reach the Voice URL ringing: they are answered by the first verb that needs media.
    const call = this.newCall({
      from: req.from,
      to: number ? number.number : req.to,
      direction: 'inbound',
      status: 'ringing',
      phoneNumberSid: number?.sid,
      trunkSid: trunk?.sid,
      statusCallback,
    });
    call.scriptedInputs = [...(req.digits !== undefined ? [req.digits] : []), ...(req.gatherInputs ?? [])];
    call.recordSpeechMs = req.recordSpeechMs;
    const fallbackUrl = number ? number.voiceFallbackUrl : trunk!.voiceFallbackUrl;
    if (fallbackUrl) this.fallbacks.set(call.sid, { url: fallbackUrl, method: 'POST' });
    this.log(call, 'status', { status: 'ringing' });
    const voice = number ? { url: number.voiceUrl, method: number.voiceMethod ?? 'POST' } : { url: trunk!.voiceUrl!, method: trunk!.voiceMethod ?? 'POST' };
    this.startRunner(call, { ...voice, kind: 'voice' });
    return call.sid;
  }

  /** Whether Twilio would place a call to `to` (with `byoc`), and through which trunk; see routeOutbound. */
  routeOutbound(to: string, byoc?: string): { trunkSid?: string } {
    return routeOutbound(to, byoc, this.byocTrunks, this.dialingPermissions);
  }

  pressDigits(callSid: string, digits: string): void {
    const call = this.requireCall(callSid);
    if (call.ended) throw new SandboxError(400, 21220, 'Call is not in-progress');
    const runner = this.runners.get(callSid);
    if (runner) runner.pressDigits(digits);
    else for (const d of digits) this.log(call, 'dtmf', { digit: d, heard: false });
  }

  /** The caller (or the far end of an outbound call) hangs up. */
  hangup(callSid: string): void {
    const call = this.requireCall(callSid);
    if (call.ended) return;
    this.log(call, 'hangup', { by: 'caller' });
    this.endCall(call, call.startTime === undefined ? 'canceled' : 'completed');
  }

  getCall(callSid: string): CallSnapshot | undefined {
    return this.calls.get(callSid)?.snapshot();
  }

  listCalls(): SandboxCall[] {
    return [...this.calls.values()];
  }

  callRecord(callSid: string): SandboxCall | undefined {
    return this.calls.get(callSid);
  }

  /** Resolves with the call's snapshot once `predicate` holds; rejects after `timeoutMs` of wall time. */
  waitFor(callSid: string, predicate: (c: CallSnapshot) => boolean, timeoutMs = 10_000): Promise<CallSnapshot> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const s = this.getCall(callSid);
        if (s && predicate(s)) {
          cleanup();
          resolve(s);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`waitFor(${callSid}) timed out; last events: ${JSON.stringify(this.getCall(callSid)?.events.slice(-5))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.watchers.delete(check);
      };
      this.watchers.add(check);
      check();
    });
  }

  /** Resolves when no webhook and no REST/control request is in flight. */
  async whenIdle(): Promise<void> {
    while (this.webhooks.busy || this.inflightHttp > 0) {
      await this.webhooks.whenIdle();
      if (this.inflightHttp > 0) await new Promise<void>((r) => this.httpIdleWaiters.push(r));
    }
  }

  // ---- webhook test hooks ------------------------------------------------------------------

  webhookDeliveries(callSid?: string): WebhookDelivery[] {
    return this.webhooks.deliveries.filter((d) => !callSid || d.callSid === callSid);
  }

  /** Re-sends a webhook exactly as before (same params, signature and idempotency token), like a Twilio retry. */
  replayWebhook(id: string): Promise<WebhookResult> {
    return this.webhooks.replay(id);
  }

  /** 'hold' keeps status callbacks back until deliverHeldStatusCallbacks(), to test out-of-order delivery. */
  setStatusCallbackMode(mode: 'immediate' | 'hold'): void {
    this.webhooks.statusCallbackMode = mode;
  }

  heldStatusCallbacks(callSid?: string): WebhookDelivery[] {
    return this.webhooks.heldStatusCallbacks(callSid);
  }

  /** Delivers held status callbacks in the order given (delivery ids), or all in reverse order. */
  deliverHeldStatusCallbacks(order?: string[]): Promise<WebhookResult[]> {
    return this.webhooks.deliverHeld(order);
  }

  // ---- REST-side operations ----------------------------------------------------------------

  /** POST /Calls.json: an outbound-api call. */
  createCall(req: CreateCallRequest): SandboxCall {
    if (!req.to) throw new SandboxError(400, 21201, "No 'To' number is specified");
    if (!req.from) throw new SandboxError(400, 21213, "No 'From' number is specified");
    if (!req.url && !req.twiml) throw new SandboxError(400, 21205, 'Url parameter is required.');
    let route: { trunkSid?: string };
    try {
      route = this.routeOutbound(req.to, req.byoc);
    } catch (e) {
      if (e instanceof DialingRefused) throw new SandboxError(e.restCode === 20404 ? 404 : 400, e.restCode, e.message);
      throw e;
    }
    const events = new Set(req.statusCallbackEvent?.length ? req.statusCallbackEvent : ['completed']);
    const call = this.newCall({
      from: req.from,
      to: req.to,
      direction: 'outbound-api',
      status: 'queued',
      trunkSid: route.trunkSid,
      statusCallback: req.statusCallback ? { url: req.statusCallback, method: req.statusCallbackMethod ?? 'POST', events } : undefined,
    });
    if (req.fallbackUrl) this.fallbacks.set(call.sid, { url: req.fallbackUrl, method: req.fallbackMethod ?? 'POST' });
    const source: DocSource = req.twiml ? { twiml: req.twiml } : { url: req.url!, method: req.method ?? 'POST', kind: 'voice' };
    this.log(call, 'status', { status: 'queued' });
    this.sendStatusCallback(call, 'initiated');
    const timeoutMs = (req.timeout ?? 60) * 1000; // Calls API: Timeout default 60 s
    this.clock.setTimeout(() => {
      if (call.ended) return;
      this.setStatus(call, 'ringing');
      const ringing = this.ringTarget(call, {});
      const timer = this.clock.setTimeout(() => {
        ringing.cancel();
        if (!call.ended) this.endCall(call, 'no-answer');
      }, timeoutMs);
      void ringing.outcome.then((o) => {
        this.clock.clearTimeout(timer);
        if (call.ended) return;
        if (o === 'answered') {
          this.answer(call);
          this.startRunner(call, source);
        } else this.endCall(call, o);
      });
    }, 0);
    return call;
  }

  /** POST /Calls/{sid}.json with Url/Twiml: redirect a live call. */
  redirectCall(callSid: string, source: DocSource): void {
    const call = this.requireCall(callSid);
    if (call.ended || call.status === 'queued') throw new SandboxError(400, 21220, 'Call is not in-progress. Cannot redirect.');
    const runner = this.runners.get(callSid);
    if (runner) runner.redirect(source);
    else {
      // A <Dial>'s child leg has no TwiML of its own: given some, it leaves the bridge and the parent's
      // <Dial> ends (DialCallStatus completed), so the parent goes on to its action URL — how a bridged
      // call is moved into a conference: "update the child call with new TwiML instructions to <Dial> a
      // <Conference>. This will then cause the parent call to get new TwiML instructions from its action
      // URL" (https://github.com/danohn/convert-call-to-conference).
      this.leaveBridge(call);
      this.startRunner(call, source);
    }
  }

  /** The call leaves its bridge without ending: the other side's <Dial> ends as if it had hung up. */
  private leaveBridge(call: SandboxCall): void {
    const bridge = this.bridges.get(call.sid);
    if (!bridge) return;
    this.bridges.delete(bridge.a);
    this.bridges.delete(bridge.b);
    const other = this.calls.get(bridge.other(call.sid));
    if (other) other.bridgedWith = undefined;
    call.bridgedWith = undefined;
    this.log(call, 'disconnected', { from: bridge.other(call.sid), by: 'redirect' });
    bridge.end(call.sid);
  }

  /** POST /Calls/{sid}.json with Status=completed|canceled. */
  completeCall(callSid: string, status: 'completed' | 'canceled'): void {
    const call = this.requireCall(callSid);
    if (call.ended) return;
    // Calls update docs: `canceled` only ends queued/ringing calls; `completed` ends any call.
    if (status === 'canceled' && call.status === 'in-progress') return;
    this.log(call, 'hangup', { by: 'api' });
    this.endCall(call, call.startTime === undefined ? 'canceled' : 'completed');
  }

  /**
   * Participants create (POST /Conferences/{Sid or FriendlyName}/Participants): Twilio calls `to`
   * and, when it answers, puts the call into the conference with the given flags — the same as a
   * call whose TwiML is <Dial><Conference> (Participant resource docs: "Add participants to a
   * conference"; the path may name the conference, which is created if it does not exist).
   */
  addParticipant(conferenceSidOrName: string, req: AddParticipantRequest): SandboxCall {
    const existing = this.conferences.bySid(conferenceSidOrName) ?? this.conferences.live(conferenceSidOrName);
    if (!existing && /^CF[0-9a-f]{32}$/.test(conferenceSidOrName)) {
      throw new SandboxError(
        404,
        20404,
        `The requested resource /2010-04-01/Accounts/${this.accountSid}/Conferences/${conferenceSidOrName}/Participants.json was not found`,
      );
    }
    if (existing?.status === 'completed') throw new SandboxError(400, 21220, `Conference ${existing.sid} has ended`);
    if (req.coaching && !req.callSidToCoach) throw new SandboxError(400, 21220, 'CallSidToCoach is required when Coaching is true');
    if (req.coaching && existing) {
      // Errors 16028 "The participant to be whispered is not present in the conference" and 16027 "The
      // participant to be whispered is on hold, so the coach to the participant cannot be added"
      // (https://www.twilio.com/docs/api/errors/16028, /16027).
      const coached = existing.participants.get(req.callSidToCoach!);
      if (!coached) throw new SandboxError(400, 16028, 'The participant to be whispered is not present in the conference');
      if (coached.hold) throw new SandboxError(400, 16027, 'The participant to be whispered is on hold');
    }
    const attrs: Record<string, string | undefined> = {
      muted: req.muted === undefined ? undefined : String(req.muted),
      beep: req.beep,
      startConferenceOnEnter: req.startConferenceOnEnter === undefined ? undefined : String(req.startConferenceOnEnter),
      endConferenceOnExit: req.endConferenceOnExit === undefined ? undefined : String(req.endConferenceOnExit),
      coach: req.coaching ? req.callSidToCoach : undefined,
      participantLabel: req.label,
      statusCallback: req.conferenceStatusCallback,
      statusCallbackMethod: req.conferenceStatusCallbackMethod,
      statusCallbackEvent: req.conferenceStatusCallbackEvent?.join(' '),
    };
    const xmlAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    const attrText = Object.entries(attrs)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => ` ${k}="${xmlAttr(v!)}"`)
      .join('');
    const name = existing?.friendlyName ?? conferenceSidOrName;
    const twiml = `<Response><Dial><Conference${attrText}>${xmlAttr(name)}</Conference></Dial></Response>`;
    const call = this.createCall({
      to: req.to,
      from: req.from,
      twiml,
      timeout: req.timeout,
      byoc: req.byoc,
      statusCallback: req.statusCallback,
      statusCallbackMethod: req.statusCallbackMethod,
      statusCallbackEvent: req.statusCallbackEvent,
    });
    // Listed (status queued, ringing, connecting) until it joins or its call ends.
    existing?.connecting.set(call.sid, { callSid: call.sid, label: req.label, createdAt: this.clock.now(), changes: {} });
    return call;
  }

  listQueues(): SandboxQueue[] {
    return [...this.queues.values()];
  }

  createQueue(friendlyName: string, maxSize = DEFAULT_QUEUE_MAX_SIZE): SandboxQueue {
    if (this.queueByName(friendlyName)) throw new SandboxError(400, 22003, `A queue with friendly name ${friendlyName} already exists`);
    const q = new SandboxQueue(this.sids('QU'), friendlyName, maxSize, this.clock.now());
    this.queues.set(q.sid, q);
    return q;
  }

  deleteQueue(sid: string): void {
    this.queues.delete(sid);
  }

  // ---- ExecutorHost ------------------------------------------------------------------------

  log(call: SandboxCall, type: string, detail: Record<string, unknown> = {}): void {
    const at = this.clock.now();
    call.events.push({ seq: call.events.length, at, time: new Date(at).toISOString(), type, ...detail });
    call.dateUpdated = at;
    this.logFn?.(`${call.sid} ${type}`, detail);
    for (const w of [...this.watchers]) w();
  }

  request(call: SandboxCall, kind: WebhookKind, url: string, m: HttpMethod, extra: WebhookParams = {}): Promise<WebhookResult> {
    const params = { ...this.standardParams(call), ...extra };
    this.log(call, 'webhook', { kind, url, method: m });
    return this.webhooks.send(kind, call.sid, url, m, params);
  }

  fallbackFor(call: SandboxCall): { url: string; method: HttpMethod } | undefined {
    return this.fallbacks.get(call.sid);
  }

  answer(call: SandboxCall): void {
    if (call.status !== 'ringing' && call.status !== 'queued') return;
    call.startTime = this.clock.now();
    this.setStatus(call, 'in-progress');
    if (this.outgoingDeviceCalls.has(call.sid)) this.devices.outgoingAnswered(call.sid);
  }

  endCall(call: SandboxCall, status: CallStatus): void {
    if (call.ended) return;
    call.endTime = this.clock.now();
    if (status === 'completed' && call.startTime === undefined) call.startTime = call.endTime;
    this.setStatus(call, status);
    this.runners.get(call.sid)?.stop();
    const bridge = this.bridges.get(call.sid);
    if (bridge) {
      bridge.end(call.sid);
      this.bridges.delete(bridge.a);
      this.bridges.delete(bridge.b);
      const other = this.calls.get(bridge.other(call.sid));
      if (other) {
        other.bridgedWith = undefined;
        this.log(other, 'disconnected', { from: call.sid });
        // A client leg has no TwiML of its own: it ends with the call it was bridged to.
        if (other.direction === 'outbound-dial' && !other.ended) this.endCall(other, 'completed');
      }
      call.bridgedWith = undefined;
    }
    this.devices.callEnded(call.sid);
    this.outgoingDeviceCalls.delete(call.sid);
    this.conferences.callEnded(call.sid);
  }

  queueByName(name: string): SandboxQueue | undefined {
    return [...this.queues.values()].find((q) => q.friendlyName === name);
  }

  queueBySid(sid: string): SandboxQueue | undefined {
    return this.queues.get(sid);
  }

  getOrCreateQueue(name: string): SandboxQueue {
    return this.queueByName(name) ?? this.createQueue(name);
  }

  runnerOf(callSid: string): CallRunner | undefined {
    return this.runners.get(callSid);
  }

  createDialLeg(parent: SandboxCall, to: string, from: string, noun: TwimlNode, trunkSid?: string): SandboxCall {
    // <Number>/<Client> nouns take statusCallback, statusCallbackEvent (space separated), statusCallbackMethod.
    const events = (noun.attrs.statusCallbackEvent ?? 'completed').split(/[\s,]+/).filter(Boolean);
    const leg = this.newCall({
      from,
      to,
      direction: 'outbound-dial',
      status: 'queued',
      parentCallSid: parent.sid,
      trunkSid,
      statusCallback: noun.attrs.statusCallback
        ? { url: noun.attrs.statusCallback, method: noun.attrs.statusCallbackMethod === 'GET' ? 'GET' : 'POST', events: new Set(events) }
        : undefined,
    });
    this.log(leg, 'status', { status: 'queued' });
    this.sendStatusCallback(leg, 'initiated');
    return leg;
  }

  ringLeg(leg: SandboxCall, noun: TwimlNode): LegRinging {
    this.setStatus(leg, 'ringing');
    const custom: Record<string, string> = {};
    for (const p of noun.children) if (p.name === 'Parameter' && p.attrs.name) custom[p.attrs.name] = p.attrs.value ?? '';
    const ringing = this.ringTarget(leg, custom);
    void ringing.outcome.then((o) => {
      if (o === 'answered' && !leg.ended) this.answer(leg);
    });
    return ringing;
  }

  bridge(a: SandboxCall, b: SandboxCall): Bridge {
    const bridge = new Bridge(a.sid, b.sid, this.clock.now());
    this.bridges.set(a.sid, bridge);
    this.bridges.set(b.sid, bridge);
    a.bridgedWith = b.sid;
    b.bridgedWith = a.sid;
    this.log(b, 'connected', { with: a.sid });
    return bridge;
  }

  newSid(prefix: 'RE'): string {
    return this.sids(prefix);
  }

  recordingUrl(call: SandboxCall, recordingSid: string): string {
    return `${this.publicBase()}/2010-04-01/Accounts/${call.accountSid}/Recordings/${recordingSid}`;
  }

  // ---- HTTP / websocket adapters ------------------------------------------------------------

  /**
   * Node request handler for `/2010-04-01/**` (Twilio REST) and `/sandbox/**` (control API and
   * caller page). Returns false, without touching `res`, for any other path.
   */
  handleHttp(req: IncomingMessage, res: ServerResponse): boolean {
    const path = (req.url ?? '/').split('?')[0];
    let handler: ((sb: TwilioSandbox, req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
    if (path.startsWith('/2010-04-01/'))
      handler = (sb, rq, rs) => handleAccountApi(sb, rq, rs, path).then((done) => (done ? undefined : handleRestApi(sb, rq, rs)));
    else if (path.startsWith('/v1/ByocTrunks/') || path.startsWith('/v1/DialingPermissions/')) {
      handler = (sb, rq, rs) =>
        handleAccountApi(sb, rq, rs, path).then(
          (done) => void (done || sendJson(rs, 404, { code: 20404, message: `The requested resource ${path} was not found`, status: 404 })),
        );
    } else if (path === '/sandbox' || path.startsWith('/sandbox/')) handler = handleControlApi;
    if (!handler) return false;
    this.inflightHttp++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      // Let the work the request started (e.g. a redirect's webhook) register before we report idle.
      setImmediate(() => {
        this.inflightHttp--;
        if (this.inflightHttp === 0) for (const w of this.httpIdleWaiters.splice(0)) w();
      });
    };
    res.on('finish', finish);
    res.on('close', finish);
    handler(this, req, res).catch((e) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({ code: 20500, message: String((e as Error)?.message ?? e), more_info: 'https://www.twilio.com/docs/errors/20500', status: 500 }),
        );
      }
    });
    return true;
  }

  /** Serves the Device websocket (SandboxDevice) at `path` on `server`. */
  attachWebSocket(server: Server, path = '/sandbox/device'): void {
    this.devices.attach(server, path);
  }

  /** Standalone mode: REST + control API + caller page + Device websocket on one port. */
  async listen(port = 0, host = '127.0.0.1'): Promise<{ port: number; url: string }> {
    const server = createServer((req, res) => {
      if (!this.handleHttp(req, res)) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            code: 20404,
            message: `The requested resource ${req.url} was not found`,
            more_info: 'https://www.twilio.com/docs/errors/20404',
            status: 404,
          }),
        );
      }
    });
    this.attachWebSocket(server);
    await new Promise<void>((r) => server.listen(port, host, r));
    this.server = server;
    const addr = server.address() as AddressInfo;
    const url = `http://${host}:${addr.port}`;
    this.baseUrl ??= url;
    return { port: addr.port, url };
  }

  async close(): Promise<void> {
    for (const call of this.calls.values()) if (!call.ended) this.endCall(call, 'completed');
    this.devices.close();
    if (this.server) {
      this.server.closeAllConnections?.();
      await new Promise<void>((r) => this.server!.close(() => r()));
    }
  }

  publicBase(): string {
    return this.baseUrl ?? 'https://api.twilio.com';
  }

  // ---- internals ----------------------------------------------------------------------------

  standardParams(call: SandboxCall): WebhookParams {
    return voiceRequestParams(call);
  }

  private setStatus(call: SandboxCall, status: CallStatus): void {
    if (call.status === status) return;
    call.status = status;
    this.log(call, 'status', { status });
    const event = status === 'ringing' ? 'ringing' : status === 'in-progress' ? 'answered' : call.ended ? 'completed' : undefined;
    if (event) this.sendStatusCallback(call, event);
  }

  /**
   * Status callback (Call resource docs, "StatusCallbackEvent"): standard params plus
   * CallbackSource=call-progress-events, SequenceNumber, Timestamp (RFC 2822), and on completion
   * CallDuration (seconds) and Duration (billable minutes).
   */
  private sendStatusCallback(call: SandboxCall, event: string): void {
    const cb = call.statusCallback;
    if (!cb || !cb.events.has(event)) return;
    const params: WebhookParams = {
      ...this.standardParams(call),
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(call.statusCallbackSeq++),
      Timestamp: rfc2822(this.clock.now())!,
    };
    if (event === 'completed') {
      params.CallDuration = String(call.durationSeconds);
      params.Duration = String(Math.ceil(call.durationSeconds / 60));
    }
    if (event === 'initiated') params.CallStatus = 'queued';
    void this.webhooks.send('status-callback', call.sid, cb.url, cb.method, params, event);
  }

  private ringTarget(call: SandboxCall, custom: Record<string, string>): LegRinging {
    if (call.to.startsWith('client:')) {
      const identity = call.to.slice('client:'.length);
      const parameters: CallParameters = { CallSid: call.sid, From: call.from, To: call.to, AccountSid: call.accountSid };
      return this.devices.ring(identity, parameters, custom);
    }
    const b = this.pstn(call.to, call.from);
    let resolve!: (o: LegOutcome) => void;
    const outcome = new Promise<LegOutcome>((r) => (resolve = r));
    const timer = b.outcome === 'no-answer' ? undefined : this.clock.setTimeout(() => resolve(b.outcome === 'answer' ? 'answered' : b.outcome), b.afterMs);
    return { outcome, cancel: () => timer && this.clock.clearTimeout(timer) };
  }

  private hangupLeg(callSid: string): void {
    const call = this.calls.get(callSid);
    if (!call || call.ended) return;
    this.log(call, 'hangup', { by: 'device' });
    this.endCall(call, call.startTime === undefined ? 'canceled' : 'completed');
  }

  private connectFromDevice(identity: string, params: Record<string, string>): CallParameters {
    const app = this.options.twimlApp;
    if (!app) throw new Error('No TwiML App configured for outgoing Device calls');
    const call = this.newCall({ from: `client:${identity}`, to: params.To ?? '', direction: 'inbound', status: 'ringing' });
    this.outgoingDeviceCalls.add(call.sid);
    this.log(call, 'status', { status: 'ringing' });
    // Device.connect({ params }) docs: the params are passed to the TwiML App's Voice URL.
    this.startRunner(call, { url: app.voiceUrl, method: app.method ?? 'POST', kind: 'voice', extra: params });
    return { CallSid: call.sid, From: call.from, To: call.to, AccountSid: call.accountSid };
  }

  private startRunner(call: SandboxCall, source: DocSource): void {
    const runner = new CallRunner(this, call);
    this.runners.set(call.sid, runner);
    runner.start(source);
  }

  private newCall(init: {
    from: string;
    to: string;
    direction: CallDirection;
    status: CallStatus;
    parentCallSid?: string;
    phoneNumberSid?: string;
    trunkSid?: string;
    statusCallback?: StatusCallbackConfig;
  }): SandboxCall {
    const call = new SandboxCall({ ...init, sid: this.sids('CA'), accountSid: this.accountSid, now: this.clock.now() });
    this.calls.set(call.sid, call);
    return call;
  }

  private requireCall(callSid: string): SandboxCall {
    const call = this.calls.get(callSid);
    if (!call) throw new SandboxError(404, 20404, `The requested resource /2010-04-01/Accounts/${this.accountSid}/Calls/${callSid}.json was not found`);
    return call;
  }

  private findNumber(to: string): (SandboxPhoneNumber & { sid: string }) | undefined {
    return this.phoneNumbers.find((p) => sameNumber(p.number, to));
  }
}
