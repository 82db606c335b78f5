import twilio from 'twilio';
import { VirtualClock } from './clock';
import { SANDBOX_DEFAULT_AUTH_TOKEN } from './ids';
import { TwilioSandbox } from './sandbox';
import { FakeApp } from './testing/fake-app';

const { VoiceResponse } = twilio.twiml;
const HOTLINE = '4008001234';

describe('control API, caller page and Dial><Queue>', () => {
  let app: FakeApp;
  let clock: VirtualClock;
  let sb: TwilioSandbox;
  let url: string;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(url + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeEach(async () => {
    app = new FakeApp(SANDBOX_DEFAULT_AUTH_TOKEN);
    const base = await app.start();
    clock = new VirtualClock();
    sb = new TwilioSandbox({ clock, phoneNumbers: [{ number: HOTLINE, voiceUrl: `${base}/twilio/voice/incoming` }] });
    url = (await sb.listen(0)).url;
  });

  afterEach(async () => {
    await sb.close();
    await app.stop();
  });

  it('places a call with first-Gather digits, presses more digits, hangs up, and returns the event log', async () => {
    app.route('/twilio/voice/incoming', () => {
      const r = new VoiceResponse();
      r.gather({ numDigits: 1, action: '/twilio/voice/menu' }).say({ voice: 'Polly.Zhiyu' }, '请选择');
      return r.toString();
    });
    app.route('/twilio/voice/menu', () => {
      const r = new VoiceResponse();
      r.gather({ action: '/twilio/voice/order', timeout: 10 }).say('order number');
      return r.toString();
    });
    app.route('/twilio/voice/order', () => new VoiceResponse().pause({ length: 30 }).toString());
    const placed = await post('/sandbox/calls', { from: '+8613800138000', to: '400-800-1234', digits: '2' });
    expect(placed.status).toBe(201);
    const sid = String(placed.body.callSid);
    await clock.advance(3000);
    expect((await post(`/sandbox/calls/${sid}/digits`, { digits: '88#' })).status).toBe(200);
    await clock.advance(2000);
    expect(app.requestsTo('/twilio/voice/menu')[0].params.Digits).toBe('2');
    expect(app.requestsTo('/twilio/voice/order')[0].params.Digits).toBe('88');
    expect((await post(`/sandbox/calls/${sid}/hangup`, {})).status).toBe(200);
    const state = (await (await fetch(`${url}/sandbox/calls/${sid}`)).json()) as { status: string; events: { type: string; time: string }[] };
    expect(state.status).toBe('completed');
    expect(state.events.map((e) => e.type)).toEqual(expect.arrayContaining(['say', 'gather', 'dtmf', 'pause', 'hangup']));
    expect(state.events[0].time).toBe(new Date(state.events[0].time).toISOString());
    expect((await post('/sandbox/calls', { from: '+86138', to: '4009999999' })).status).toBe(404);
    expect((await post(`/sandbox/calls/${sid}/digits`, { digits: 'abc' })).status).toBe(400);
  });

  it('serves the caller page with its test ids', async () => {
    const res = await fetch(`${url}/sandbox`);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    for (const id of ['sandbox-call', 'sandbox-hangup', 'sandbox-key-5', 'sandbox-key-hash', 'sandbox-transcript'])
      expect(html).toContain(`data-testid="${id}"`);
  });

  it('<Dial><Queue> bridges the agent call to the front caller; queue url announces; hangup reports QueueResult=bridged', async () => {
    app.route('/twilio/voice/incoming', (req) => {
      const r = new VoiceResponse();
      if (req.params.From === 'client:agent') r.dial({ action: '/twilio/voice/agent-dial-result' }).queue({ url: '/twilio/voice/announce' }, 'support');
      else r.enqueue({ action: '/twilio/voice/queue-result' }, 'support');
      return r.toString();
    });
    app.route('/twilio/voice/announce', () => new VoiceResponse().say('connecting you now').toString());
    app.route('/twilio/voice/queue-result', () => new VoiceResponse().say('thanks for calling').toString());
    app.route('/twilio/voice/agent-dial-result', () => new VoiceResponse().hangup().toString());
    const caller = sb.placeCall({ from: '+8613800000001', to: HOTLINE });
    await clock.advance(40_000);
    const agent = sb.placeCall({ from: 'client:agent', to: HOTLINE });
    await clock.advance(5_000);
    expect(sb.getCall(caller)!.bridgedWith).toBe(agent);
    expect(app.requestsTo('/twilio/voice/announce')[0].params).toMatchObject({ CallSid: caller, DequeingCallSid: agent, QueueTime: '40' });
    await clock.advance(60_000);
    sb.hangup(agent);
    await clock.runUntilIdle();
    expect(app.requestsTo('/twilio/voice/queue-result')[0].params).toMatchObject({ QueueResult: 'bridged', CallSid: caller });
    expect(app.requestsTo('/twilio/voice/agent-dial-result')[0].params).toMatchObject({ DialCallStatus: 'completed', DialCallSid: caller });
    const events = sb.getCall(caller)!.events;
    expect(events.filter((e) => e.type === 'say').map((e) => e.text)).toEqual(['connecting you now', 'thanks for calling']);
    // Default hold music played while waiting (no waitUrl).
    expect(events.some((e) => e.type === 'play' && e.hold === true)).toBe(true);
  });
});
