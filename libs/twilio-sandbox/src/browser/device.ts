/**
 * Browser-side stand-in for `@twilio/voice-sdk`'s Device and Call (v2 API surface) that talks to the
 * Twilio sandbox over a websocket instead of Twilio's signalling. No media: accept/reject/
 * disconnect/sendDigits drive the sandbox's call state. Framework-free, no Node imports, so esbuild
 * can bundle it for the softphone page; alias `@twilio/voice-sdk` to this module in sandbox mode.
 *
 * Voice SDK references (Device / Call API docs): `new Device(token, options)`, `device.register()`,
 * events registered/registering/unregistered/incoming/error/destroyed/tokenWillExpire,
 * `device.state`, `device.identity`, `device.calls`, `device.isBusy`, `device.connect({ params })`;
 * Call: `accept()`, `reject()`, `ignore()`, `disconnect()`, `mute()`, `isMuted()`, `sendDigits()`,
 * `status()`, `parameters`, `customParameters`, events accept/cancel/disconnect/reject/error/mute.
 */
import type { CallParameters, DeviceToSandbox, SandboxToDevice } from '../device-protocol';

type Listener = (...args: any[]) => void;

class Emitter {
  private readonly listeners = new Map<string, Listener[]>();

  on(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }

  addListener(event: string, fn: Listener): this {
    return this.on(event, fn);
  }

  once(event: string, fn: Listener): this {
    const wrapped: Listener = (...args: unknown[]) => {
      this.off(event, wrapped);
      fn(...args);
    };
    return this.on(event, wrapped);
  }

  off(event: string, fn: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== fn),
    );
    return this;
  }

  removeListener(event: string, fn: Listener): this {
    return this.off(event, fn);
  }

  removeAllListeners(event?: string): this {
    if (event) this.listeners.delete(event);
    else this.listeners.clear();
    return this;
  }

  emit(event: string, ...args: unknown[]): boolean {
    const ls = this.listeners.get(event) ?? [];
    for (const l of [...ls]) l(...args);
    return ls.length > 0;
  }
}

/** The subset of the WebSocket API used; the browser's WebSocket and the `ws` package both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface DeviceOptions {
  /** ws(s) URL of the sandbox Device endpoint; default `/sandbox/device` on the page's host. */
  sandboxUrl?: string;
  /** WebSocket implementation; default the global one (pass `ws` in Node). */
  WebSocket?: WebSocketConstructor;
  /** As the Voice SDK's option: `tokenWillExpire` comes this many ms before the token expires (default 10 000). */
  tokenRefreshMs?: number;
  /** Accepted and ignored, for option compatibility with the real SDK. */
  [option: string]: unknown;
}

/** Error shape of the Voice SDK's TwilioError: code, message, name. */
export class TwilioError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'TwilioError';
  }
}

type CallState = 'pending' | 'connecting' | 'ringing' | 'open' | 'closed';

export class Call extends Emitter {
  static readonly State = {
    Closed: 'closed',
    Connecting: 'connecting',
    Open: 'open',
    Pending: 'pending',
    Ringing: 'ringing',
    Reconnecting: 'reconnecting',
  } as const;
  readonly customParameters: Map<string, string>;
  private state: CallState;
  private muted = false;

  constructor(
    private readonly device: Device,
    public parameters: CallParameters,
    customParameters: Record<string, string>,
    readonly direction: 'INCOMING' | 'OUTGOING',
  ) {
    super();
    this.customParameters = new Map(Object.entries(customParameters));
    this.state = direction === 'INCOMING' ? 'pending' : 'connecting';
  }

  status(): CallState {
    return this.state;
  }

  accept(_options?: unknown): void {
    if (this.state !== 'pending') return;
    this.state = 'connecting';
    this.device._send({ type: 'accept', callSid: this.parameters.CallSid });
  }

  reject(): void {
    if (this.state !== 'pending') return;
    this.device._send({ type: 'reject', callSid: this.parameters.CallSid });
    this._close();
    this.emit('reject');
  }

  /** Stops ringing locally without telling the caller (the dial keeps ringing until it times out). */
  ignore(): void {
    if (this.state !== 'pending') return;
    this._close();
  }

  disconnect(): void {
    if (this.state === 'closed') return;
    this.device._send({ type: 'disconnect', callSid: this.parameters.CallSid });
    this._close();
    this.emit('disconnect', this);
  }

  mute(shouldMute = true): void {
    this.muted = shouldMute;
    this.emit('mute', shouldMute, this);
  }

  isMuted(): boolean {
    return this.muted;
  }

  sendDigits(digits: string): void {
    if (this.state !== 'open') throw new TwilioError(31000, 'Call is not open');
    this.device._send({ type: 'digits', callSid: this.parameters.CallSid, digits });
  }

  /** @internal */
  _onMessage(msg: SandboxToDevice): void {
    switch (msg.type) {
      case 'accepted':
      case 'answered':
        if (this.state === 'closed') return;
        this.state = 'open';
        this.emit('accept', this);
        return;
      case 'ringing':
        this.state = 'ringing';
        this.emit('ringing', true);
        return;
      case 'cancel':
        if (this.state === 'closed') return;
        this._close();
        this.emit('cancel');
        return;
      case 'disconnect':
        if (this.state === 'closed') return;
        this._close();
        this.emit('disconnect', this);
        return;
      case 'error':
        this.emit('error', new TwilioError(msg.code, msg.message));
        return;
    }
  }

  /** @internal */
  _close(): void {
    this.state = 'closed';
    this.device._forget(this);
  }
}

type DeviceState = 'unregistered' | 'registering' | 'registered' | 'destroyed';

export class Device extends Emitter {
  static readonly EventName = {
    Error: 'error',
    Incoming: 'incoming',
    Destroyed: 'destroyed',
    Unregistered: 'unregistered',
    Registering: 'registering',
    Registered: 'registered',
    TokenWillExpire: 'tokenWillExpire',
  } as const;
  static readonly State = { Destroyed: 'destroyed', Unregistered: 'unregistered', Registering: 'registering', Registered: 'registered' } as const;
  static readonly isSupported = true;

  state: DeviceState = 'unregistered';
  identity = '';
  readonly calls: Call[] = [];
  private ws?: WebSocketLike;
  private opening?: Promise<void>;
  private pendingRegister?: { resolve: () => void; reject: (e: TwilioError) => void };
  private pendingConnects = new Map<string, { resolve: (c: Call) => void; reject: (e: TwilioError) => void }>();
  private nextRequest = 1;
  private tokenWillExpire?: ReturnType<typeof setTimeout>;

  constructor(
    public token: string,
    private options: DeviceOptions = {},
  ) {
    super();
  }

  get isBusy(): boolean {
    return this.calls.some((c) => c.status() === 'open' || c.status() === 'connecting');
  }

  updateOptions(options: DeviceOptions = {}): void {
    this.options = { ...this.options, ...options };
  }

  updateToken(token: string): void {
    this.token = token;
    if (this.ws) this._send({ type: 'update-token', token });
  }

  async register(): Promise<void> {
    if (this.state === 'destroyed') throw new TwilioError(31000, 'Device has been destroyed');
    await this.open();
    this.state = 'registering';
    this.emit('registering');
    await new Promise<void>((resolve, reject) => {
      this.pendingRegister = { resolve, reject };
      this._send({ type: 'register', token: this.token });
    });
  }

  /** A promise, as Twilio's Device.unregister() returns one. */
  unregister(): Promise<void> {
    if (this.ws) this._send({ type: 'unregister' });
    return Promise.resolve();
  }

  /** Outgoing call through the sandbox's TwiML App (`params` reach its Voice URL). */
  async connect(options: { params?: Record<string, string> } = {}): Promise<Call> {
    await this.open();
    const requestId = String(this.nextRequest++);
    return new Promise<Call>((resolve, reject) => {
      this.pendingConnects.set(requestId, { resolve, reject });
      this._send({ type: 'connect', requestId, params: options.params ?? {} });
    });
  }

  disconnectAll(): void {
    for (const c of [...this.calls]) c.disconnect();
  }

  destroy(): void {
    clearTimeout(this.tokenWillExpire);
    this.disconnectAll();
    this.ws?.close();
    this.ws = undefined;
    this.state = 'destroyed';
    this.emit('destroyed');
  }

  /** @internal */
  _send(msg: DeviceToSandbox): void {
    if (this.ws && this.ws.readyState === 1) this.ws.send(JSON.stringify(msg));
  }

  /** @internal */
  _forget(call: Call): void {
    const i = this.calls.indexOf(call);
    if (i >= 0) this.calls.splice(i, 1);
  }

  private url(): string {
    if (this.options.sandboxUrl) return this.options.sandboxUrl;
    const loc = (globalThis as { location?: { protocol: string; host: string } }).location;
    if (!loc) throw new TwilioError(31000, 'sandboxUrl option is required outside a browser');
    return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/sandbox/device`;
  }

  private open(): Promise<void> {
    if (this.ws && this.ws.readyState === 1) return Promise.resolve();
    if (this.opening) return this.opening;
    const Ctor = this.options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Ctor) return Promise.reject(new TwilioError(31000, 'No WebSocket implementation'));
    this.opening = new Promise<void>((resolve, reject) => {
      const ws = new Ctor(this.url());
      this.ws = ws;
      ws.onopen = () => {
        this.opening = undefined;
        resolve();
      };
      ws.onerror = () => {
        this.opening = undefined;
        const err = new TwilioError(31005, 'Connection error: could not reach the sandbox');
        this.emit('error', err);
        reject(err);
      };
      ws.onclose = () => {
        this.ws = undefined;
        for (const c of [...this.calls]) c._onMessage({ type: 'disconnect', callSid: c.parameters.CallSid });
        if (this.state === 'registered' || this.state === 'registering') {
          this.state = 'unregistered';
          this.emit('unregistered');
        }
      };
      ws.onmessage = (ev) => this.onMessage(JSON.parse(String(ev.data)) as SandboxToDevice);
    });
    return this.opening;
  }

  /**
   * As the Voice SDK does on each signalling `connected` (after register and after updateToken):
   * `tokenWillExpire` at the token's ttl less `tokenRefreshMs` (default 10 s;
   * https://twilio.github.io/twilio-voice.js/functions/Device.tokenWillExpireEvent.html).
   */
  private warnBeforeExpiry(ttlSeconds: number): void {
    clearTimeout(this.tokenWillExpire);
    const refreshMs = typeof this.options.tokenRefreshMs === 'number' ? this.options.tokenRefreshMs : 10_000;
    this.tokenWillExpire = setTimeout(() => this.emit('tokenWillExpire', this), Math.max(0, ttlSeconds * 1000 - refreshMs));
  }

  private onMessage(msg: SandboxToDevice): void {
    switch (msg.type) {
      case 'registered':
        this.identity = msg.identity;
        this.state = 'registered';
        this.pendingRegister?.resolve();
        this.pendingRegister = undefined;
        this.warnBeforeExpiry(msg.ttl);
        this.emit('registered');
        return;
      case 'token-updated':
        this.warnBeforeExpiry(msg.ttl);
        return;
      case 'unregistered':
        clearTimeout(this.tokenWillExpire);
        this.state = 'unregistered';
        this.emit('unregistered');
        return;
      case 'incoming': {
        const call = new Call(this, msg.parameters, msg.customParameters, 'INCOMING');
        this.calls.push(call);
        this.emit('incoming', call);
        return;
      }
      case 'outgoing': {
        const call = new Call(this, msg.parameters, {}, 'OUTGOING');
        this.calls.push(call);
        this.pendingConnects.get(msg.requestId)?.resolve(call);
        this.pendingConnects.delete(msg.requestId);
        return;
      }
      case 'error': {
        const err = new TwilioError(msg.code, msg.message);
        if (msg.requestId && this.pendingConnects.has(msg.requestId)) {
          this.pendingConnects.get(msg.requestId)!.reject(err);
          this.pendingConnects.delete(msg.requestId);
        } else if (this.pendingRegister) {
          this.state = 'unregistered';
          this.pendingRegister.reject(err);
          this.pendingRegister = undefined;
        }
        const call = msg.callSid ? this.calls.find((c) => c.parameters.CallSid === msg.callSid) : undefined;
        this.emit('error', err, call);
        return;
      }
      default: {
        const call = this.calls.find((c) => c.parameters.CallSid === msg.callSid);
        call?._onMessage(msg);
      }
    }
  }
}

export { Device as SandboxDevice };
export default Device;
