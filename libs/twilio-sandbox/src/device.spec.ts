import twilio from 'twilio';
import WebSocket from 'ws';
import { Call, Device, WebSocketConstructor } from './browser/device';
import { VirtualClock } from './clock';
import { SANDBOX_DEFAULT_ACCOUNT_SID as SID, SANDBOX_DEFAULT_API_KEY_SID, SANDBOX_DEFAULT_AUTH_TOKEN as TOKEN } from './ids';
import { TwilioSandbox } from './sandbox';
import { FakeApp } from './testing/fake-app';

const { VoiceResponse } = twilio.twiml;
const { AccessToken } = twilio.jwt;
const HOTLINE = '4008001234';

function voiceToken(identity: string, secret = TOKEN, ttl = 3600): string {
  const token = new AccessToken(SID, SANDBOX_DEFAULT_API_KEY_SID, secret, { identity, ttl });
  token.addGrant(new AccessToken.VoiceGrant({ incomingAllow: true }));
  return token.toJwt();
}

const next = <T>(emitter: Device | Call, event: string): Promise<T> => new Promise((r) => emitter.once(event, (x: T) => r(x)));

describe('Device emulation (DeviceHub over ws + browser SandboxDevice)', () => {
  let app: FakeApp;
  let clock: VirtualClock;
  let sb: TwilioSandbox;
  let wsUrl: string;
  const devices: Device[] = [];

  const device = async (identity: string) => {
    const d = new Device(voiceToken(identity), { sandboxUrl: wsUrl, WebSocket: WebSocket as unknown as WebSocketConstructor });
    devices.push(d);
    await d.register();
    return d;
  };

  beforeEach(async () => {
    app = new FakeApp(TOKEN);
    const base = await app.start();
    clock = new VirtualClock();
    sb = new TwilioSandbox({ clock, phoneNumbers: [{ number: HOTLINE, voiceUrl: `${base}/twilio/voice/incoming` }] });
    wsUrl = (await sb.listen(0)).url.replace('http', 'ws') + '/sandbox/device';
    app.route('/twilio/voice/incoming', () => {
      const r = new VoiceResponse();
      const dial = r.dial({ timeout: 15, action: '/twilio/voice/dial-result', callerId: HOTLINE });
      dial.client({}, 'agent-1001').parameter({ name: 'queue', value: 'complaints' });
      return r.toString();
    });
    app.route('/twilio/voice/dial-result', () => new VoiceResponse().say('goodbye').toString());
  });

  afterEach(async () => {
    for (const d of devices.splice(0)) d.destroy();
    await sb.close();
    await app.stop();
  });

  it('registers with a twilio AccessToken (VoiceGrant) and exposes the identity', async () => {
    const d = await device('agent-1001');
    expect(d.state).toBe('registered');
    expect(d.identity).toBe('agent-1001');
    expect(sb.devices.registeredIdentities()).toEqual(['agent-1001']);
  });

  it('refuses a token signed with another secret (20101) and an expired one (20104)', async () => {
    const bad = new Device(voiceToken('x', 'f'.repeat(32)), { sandboxUrl: wsUrl, WebSocket: WebSocket as unknown as WebSocketConstructor });
    devices.push(bad);
    await expect(bad.register()).rejects.toMatchObject({ code: 20101 });
    const expired = new Device(voiceToken('y', TOKEN, -10), { sandboxUrl: wsUrl, WebSocket: WebSocket as unknown as WebSocketConstructor });
    devices.push(expired);
    await expect(expired.register()).rejects.toMatchObject({ code: 20104 });
    expect(sb.devices.registeredIdentities()).toEqual([]);
  });

  it('<Dial><Client> rings the device; accept bridges; device hangup ends the dial with DialCallStatus=completed', async () => {
    const d = await device('agent-1001');
    const incoming = next<Call>(d, 'incoming');
    const sid = sb.placeCall({ from: '+8613800138000', to: HOTLINE });
    await clock.advance(100);
    const call = await incoming;
    expect(call.parameters).toMatchObject({ From: HOTLINE, To: 'client:agent-1001', AccountSid: SID });
    expect(call.parameters.CallSid).toMatch(/^CA/);
    expect(call.customParameters.get('queue')).toBe('complaints');
    expect(call.status()).toBe('pending');

    await clock.advance(4000); // picks up in the first ring cycle
    const accepted = next(call, 'accept');
    call.accept();
    await accepted;
    await sb.waitFor(sid, (c) => c.events.some((e) => e.type === 'connected'));
    expect(call.status()).toBe('open');
    await clock.advance(30_000);
    const legDone = sb.waitFor(call.parameters.CallSid, (c) => c.status === 'completed');
    call.disconnect();
    await legDone;
    await clock.runUntilIdle();

    const result = app.requestsTo('/twilio/voice/dial-result')[0].params;
    expect(result).toMatchObject({ DialCallStatus: 'completed', DialCallSid: call.parameters.CallSid, DialCallDuration: '30', DialBridged: 'true' });
    expect(sb.getCall(sid)!.events.some((e) => e.type === 'say' && e.text === 'goodbye')).toBe(true);
  });

  it('reject makes the dial end at once with DialCallStatus=busy', async () => {
    const d = await device('agent-1001');
    const incoming = next<Call>(d, 'incoming');
    const sid = sb.placeCall({ from: '+8613800138000', to: HOTLINE });
    await clock.advance(100);
    (await incoming).reject();
    await sb.waitFor(sid, (c) => c.events.some((e) => e.type === 'dial-end'));
    await clock.runUntilIdle();
    expect(app.requestsTo('/twilio/voice/dial-result')[0].params).toMatchObject({ DialCallStatus: 'busy', DialBridged: 'false' });
    const call = sb.getCall(sid)!;
    const dialAt = call.events.find((e) => e.type === 'dial')!.at;
    expect(call.events.find((e) => e.type === 'dial-end')!.at - dialAt).toBe(100);
  });

  it('unanswered: the device gets cancel when the dial times out (15 s + 5 s buffer) → no-answer', async () => {
    const d = await device('agent-1001');
    const incoming = next<Call>(d, 'incoming');
    const sid = sb.placeCall({ from: '+8613800138000', to: HOTLINE });
    await clock.advance(100);
    const call = await incoming;
    const cancelled = next(call, 'cancel');
    await clock.advance(19_800);
    expect(call.status()).toBe('pending');
    await clock.advance(200);
    await cancelled;
    expect(call.status()).toBe('closed');
    await clock.runUntilIdle();
    expect(app.requestsTo('/twilio/voice/dial-result')[0].params.DialCallStatus).toBe('no-answer');
    expect(sb.getCall(sid)!.status).toBe('completed');
  });

  it('two devices with one identity: the first accept wins and the other is cancelled; caller hangup disconnects', async () => {
    const d1 = await device('agent-1001');
    const d2 = await device('agent-1001');
    const in1 = next<Call>(d1, 'incoming');
    const in2 = next<Call>(d2, 'incoming');
    const sid = sb.placeCall({ from: '+8613800138000', to: HOTLINE });
    await clock.advance(100);
    const [c1, c2] = await Promise.all([in1, in2]);
    const c2cancel = next(c2, 'cancel');
    const c1accept = next(c1, 'accept');
    c1.accept();
    await Promise.all([c2cancel, c1accept]);
    const disconnected = next(c1, 'disconnect');
    sb.hangup(sid);
    await disconnected;
    expect(c1.status()).toBe('closed');
    await clock.runUntilIdle();
    // The caller left: the action still hears how the dial ended, then nothing more is played.
    expect(app.requestsTo('/twilio/voice/dial-result')[0].params).toMatchObject({ DialCallStatus: 'completed', CallStatus: 'completed' });
    expect(sb.getCall(sid)!.events.some((e) => e.type === 'say')).toBe(false);
  });

  describe('token expiry, as Twilio enforces it', () => {
    const shortLived = async (identity: string, renew: boolean) => {
      // A 2 s token warned 1 s ahead: tokenWillExpire at 1 s, expiry at 2 s (wall time, as the page's timers).
      const d = new Device(voiceToken(identity, TOKEN, 2), {
        sandboxUrl: wsUrl,
        WebSocket: WebSocket as unknown as WebSocketConstructor,
        tokenRefreshMs: 1000,
      });
      devices.push(d);
      const warnings: number[] = [];
      const errors: number[] = [];
      d.on('error', (e: { code: number }) => errors.push(e.code));
      d.on('tokenWillExpire', () => {
        warnings.push(Date.now());
        if (renew) d.updateToken(voiceToken(identity, TOKEN, 2));
      });
      const registeredAt = Date.now();
      await d.register();
      return { d, warnings, errors, registeredAt };
    };
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    it('a Device that does not renew its token is unregistered at expiry with 20104 and is no longer rung (the dial ends no-answer)', async () => {
      const { d, warnings, errors, registeredAt } = await shortLived('agent-1001', false);
      const unregistered = next(d, 'unregistered');
      await unregistered;
      expect(warnings).toHaveLength(1);
      expect(warnings[0] - registeredAt).toBeGreaterThanOrEqual(0);
      expect(warnings[0] - registeredAt).toBeLessThan(1500);
      expect(errors).toEqual([20104]);
      expect(d.state).toBe('unregistered');
      expect(sb.devices.registeredIdentities()).toEqual([]);

      let rang = false;
      d.on('incoming', () => (rang = true));
      const sid = sb.placeCall({ from: '+8613800138000', to: HOTLINE });
      await clock.advance(20_000);
      await clock.runUntilIdle();
      expect(rang).toBe(false);
      expect(app.requestsTo('/twilio/voice/dial-result')[0].params.DialCallStatus).toBe('no-answer');
      expect(sb.getCall(sid)!.status).toBe('completed');
    });

    it("a Device that renews on tokenWillExpire stays registered past the first token's expiry and still rings", async () => {
      const { d, warnings, errors } = await shortLived('agent-1001', true);
      await sleep(3200); // past the first token's expiry (2 s) and the second's (about 3 s)
      expect(warnings.length).toBeGreaterThanOrEqual(2);
      expect(errors).toEqual([]);
      expect(d.state).toBe('registered');
      const incoming = next<Call>(d, 'incoming');
      sb.placeCall({ from: '+8613800138000', to: HOTLINE });
      await clock.advance(100);
      expect((await incoming).parameters.To).toBe('client:agent-1001');
    });

    it('refuses a token update for another identity (20101)', async () => {
      const d = await device('agent-1001');
      const error = next<{ code: number }>(d, 'error');
      d.updateToken(voiceToken('agent-1002'));
      expect((await error).code).toBe(20101);
      expect(sb.devices.registeredIdentities()).toEqual(['agent-1001']);
    });
  });
});
