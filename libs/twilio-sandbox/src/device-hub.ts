import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { RawData, WebSocket, WebSocketServer } from 'ws';
import { AccessTokenError, verifyVoiceAccessToken, VoiceTokenGrant } from './access-token';
import type { CallParameters, DeviceToSandbox, SandboxToDevice } from './device-protocol';
import type { LegOutcome, LegRinging } from './execution';

/** What the hub asks of the sandbox when a device acts on a call. */
export interface DeviceHubHost {
  accountSid: string;
  secretFor(apiKeySid: string): string | undefined;
  /** Accept plain identity strings as tokens (development only). */
  acceptPlainIdentityTokens: boolean;
  onDeviceHangup(callSid: string): void;
  onDeviceDigits(callSid: string, digits: string): void;
  /** device.connect(): returns the new call's parameters, or throws. */
  onDeviceConnect(identity: string, params: Record<string, string>): CallParameters;
}

interface Device {
  ws: WebSocket;
  grant?: VoiceTokenGrant;
  /** Ends the registration when the grant's token expires (wall time). */
  expiry?: NodeJS.Timeout;
}

interface RingSession {
  callSid: string;
  identity: string;
  devices: Set<Device>;
  owner?: Device;
  state: 'ringing' | 'answered' | 'over';
  resolve: (o: LegOutcome) => void;
}

/**
 * Emulates Twilio's Voice SDK signalling for `<Dial><Client>`: devices register an identity with an
 * Access Token; a dial rings every registered device of that identity; the first accept wins and
 * the others get `cancel`; if every device rejects, the dial sees busy (a rejected Client leg
 * reports DialCallStatus=busy, as Twilio does for CallInvite.reject()).
 */
export class DeviceHub {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly devices = new Set<Device>();
  private readonly sessions = new Map<string, RingSession>();
  /** Outgoing (device.connect) calls and the device that placed them. */
  private readonly outgoing = new Map<string, Device>();

  constructor(private readonly host: DeviceHubHost) {
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  /** Serves the Device websocket on `path` of an existing HTTP server. */
  attach(server: Server, path: string): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://sandbox');
      if (url.pathname !== path) return; // another upgrade handler (socket.io) owns it
      this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
    });
  }

  registeredIdentities(): string[] {
    return [...new Set([...this.devices].filter((d) => d.grant).map((d) => d.grant!.identity))];
  }

  isRegistered(identity: string): boolean {
    return [...this.devices].some((d) => d.grant?.identity === identity && d.grant.incomingAllow);
  }

  ring(identity: string, parameters: CallParameters, customParameters: Record<string, string>): LegRinging {
    const targets = [...this.devices].filter((d) => d.grant?.identity === identity && d.grant.incomingAllow);
    let resolve!: (o: LegOutcome) => void;
    const outcome = new Promise<LegOutcome>((r) => (resolve = r));
    const session: RingSession = { callSid: parameters.CallSid, identity, devices: new Set(targets), state: 'ringing', resolve };
    this.sessions.set(parameters.CallSid, session);
    // No registered device: nothing answers, the Dial times out with no-answer.
    for (const d of targets) this.send(d, { type: 'incoming', callSid: parameters.CallSid, parameters, customParameters });
    return {
      outcome,
      cancel: () => {
        if (session.state !== 'ringing') return;
        session.state = 'over';
        for (const d of session.devices) this.send(d, { type: 'cancel', callSid: session.callSid });
        this.sessions.delete(session.callSid);
      },
    };
  }

  /** The sandbox ended a call: tell the device that has it. */
  callEnded(callSid: string): void {
    const s = this.sessions.get(callSid);
    if (s) {
      if (s.state === 'ringing') for (const d of s.devices) this.send(d, { type: 'cancel', callSid });
      else if (s.state === 'answered' && s.owner) this.send(s.owner, { type: 'disconnect', callSid });
      s.state = 'over';
      this.sessions.delete(callSid);
    }
    const out = this.outgoing.get(callSid);
    if (out) {
      this.send(out, { type: 'disconnect', callSid });
      this.outgoing.delete(callSid);
    }
  }

  /** An outgoing call was answered by its far end (device.connect → 'accept' event). */
  outgoingAnswered(callSid: string): void {
    const out = this.outgoing.get(callSid);
    if (out) this.send(out, { type: 'answered', callSid });
  }

  close(): void {
    for (const d of this.devices) {
      clearTimeout(d.expiry);
      d.ws.terminate();
    }
    this.wss.close();
  }

  private onConnection(ws: WebSocket): void {
    const device: Device = { ws };
    this.devices.add(device);
    ws.on('message', (data) => {
      let msg: DeviceToSandbox;
      try {
        msg = JSON.parse(messageText(data)) as DeviceToSandbox;
      } catch {
        return this.send(device, { type: 'error', code: 31100, message: 'Generic malformed request' });
      }
      this.onMessage(device, msg);
    });
    ws.on('close', () => this.onClose(device));
  }

  private authenticate(token: string): VoiceTokenGrant {
    try {
      // Token lifetimes are real-world: checked against wall time, not sandbox time.
      return verifyVoiceAccessToken(token, this.host.accountSid, (sid) => this.host.secretFor(sid), Math.floor(Date.now() / 1000));
    } catch (e) {
      if (this.host.acceptPlainIdentityTokens && !token.includes('.') && token.length > 0) {
        return { identity: token, accountSid: this.host.accountSid, apiKeySid: '', incomingAllow: true, expiresAt: Number.MAX_SAFE_INTEGER };
      }
      throw e;
    }
  }

  private onMessage(device: Device, msg: DeviceToSandbox): void {
    if (msg.type === 'register' || msg.type === 'update-token') {
      try {
        const grant = this.authenticate(msg.token);
        if (msg.type === 'update-token' && device.grant && grant.identity !== device.grant.identity)
          throw new AccessTokenError(20101, 'Invalid Access Token: the identity cannot change');
        device.grant = grant;
        this.scheduleExpiry(device, grant);
        const ttl = Math.max(0, grant.expiresAt - Math.floor(Date.now() / 1000));
        this.send(device, { type: msg.type === 'register' ? 'registered' : 'token-updated', identity: grant.identity, ttl });
      } catch (e) {
        const err = e instanceof AccessTokenError ? e : new AccessTokenError(20101, String(e));
        this.send(device, { type: 'error', code: err.code, message: err.message });
      }
      return;
    }
    if (!device.grant) return this.send(device, { type: 'error', code: 20101, message: 'Device is not registered' });
    switch (msg.type) {
      case 'unregister':
        this.releaseRinging(device);
        clearTimeout(device.expiry);
        device.grant = undefined;
        this.send(device, { type: 'unregistered' });
        return;
      case 'accept': {
        const s = this.sessions.get(msg.callSid);
        if (!s || s.state !== 'ringing' || !s.devices.has(device))
          return this.send(device, { type: 'error', code: 31000, message: 'Call is no longer ringing', callSid: msg.callSid });
        s.state = 'answered';
        s.owner = device;
        for (const d of s.devices) if (d !== device) this.send(d, { type: 'cancel', callSid: s.callSid });
        this.send(device, { type: 'accepted', callSid: s.callSid });
        s.resolve('answered');
        return;
      }
      case 'reject': {
        const s = this.sessions.get(msg.callSid);
        if (!s || s.state !== 'ringing') return;
        s.devices.delete(device);
        if (s.devices.size === 0) {
          s.state = 'over';
          this.sessions.delete(s.callSid);
          s.resolve('busy');
        }
        return;
      }
      case 'disconnect': {
        const s = this.sessions.get(msg.callSid);
        if (s?.state === 'ringing') return this.onMessage(device, { type: 'reject', callSid: msg.callSid });
        if ((s && s.owner === device) || this.outgoing.get(msg.callSid) === device) this.host.onDeviceHangup(msg.callSid);
        return;
      }
      case 'digits': {
        const s = this.sessions.get(msg.callSid);
        if ((s && s.owner === device) || this.outgoing.get(msg.callSid) === device) this.host.onDeviceDigits(msg.callSid, msg.digits);
        return;
      }
      case 'connect': {
        try {
          const parameters = this.host.onDeviceConnect(device.grant.identity, msg.params);
          this.outgoing.set(parameters.CallSid, device);
          this.send(device, { type: 'outgoing', requestId: msg.requestId, callSid: parameters.CallSid, parameters });
        } catch (e) {
          this.send(device, { type: 'error', code: 31000, message: (e as Error).message, requestId: msg.requestId });
        }
        return;
      }
    }
  }

  /**
   * Twilio drops a Device's registration when its Access Token expires: the SDK gets signalling
   * error 31205, raised as AccessTokenExpired, code 20104 ("Access Token expired or expiration date
   * invalid", https://www.twilio.com/docs/api/errors/20104), and stops re-registering — the identity
   * is no longer rung. A page must call `device.updateToken()` before then; the SDK warns it with
   * `tokenWillExpire`, 10 s ahead by default (`tokenRefreshMs`;
   * https://twilio.github.io/twilio-voice.js/functions/Device.tokenWillExpireEvent.html). A call
   * already connected is not ended by the expiry.
   */
  private scheduleExpiry(device: Device, grant: VoiceTokenGrant): void {
    clearTimeout(device.expiry);
    if (grant.expiresAt >= Number.MAX_SAFE_INTEGER) return; // a plain-identity development token
    const ms = Math.min(2 ** 31 - 1, grant.expiresAt * 1000 - Date.now());
    device.expiry = setTimeout(
      () => {
        if (device.grant !== grant) return;
        for (const s of [...this.sessions.values()]) {
          if (s.state !== 'ringing' || !s.devices.delete(device)) continue;
          this.send(device, { type: 'cancel', callSid: s.callSid });
        }
        device.grant = undefined;
        this.send(device, { type: 'error', code: 20104, message: 'Access Token expired or expiration date invalid' });
        this.send(device, { type: 'unregistered' });
      },
      Math.max(0, ms),
    );
    device.expiry.unref();
  }

  private releaseRinging(device: Device): void {
    for (const s of [...this.sessions.values()]) {
      if (s.state === 'ringing' && s.devices.has(device)) s.devices.delete(device);
      else if (s.state === 'answered' && s.owner === device) this.host.onDeviceHangup(s.callSid);
    }
  }

  private onClose(device: Device): void {
    clearTimeout(device.expiry);
    this.devices.delete(device);
    this.releaseRinging(device);
    for (const [sid, d] of [...this.outgoing]) if (d === device) this.host.onDeviceHangup(sid);
  }

  private send(device: Device, msg: SandboxToDevice): void {
    if (device.ws.readyState === WebSocket.OPEN) device.ws.send(JSON.stringify(msg));
  }
}

/** A WebSocket message as text: a Buffer with ws's default binaryType, the other two shapes for completeness. */
function messageText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}
