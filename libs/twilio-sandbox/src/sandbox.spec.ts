import twilio from 'twilio';
import { VirtualClock } from './clock';
import { sequentialSids, SANDBOX_DEFAULT_ACCOUNT_SID, SANDBOX_DEFAULT_AUTH_TOKEN } from './ids';
import { TwilioSandbox } from './sandbox';
import { FakeApp } from './testing/fake-app';
import { APPLICATION_ERROR_MESSAGE } from './twiml-executor';

const { VoiceResponse } = twilio.twiml;
const HOTLINE = '4008001234';

describe('TwilioSandbox call flows (virtual clock, fake app over HTTP)', () => {
  let app: FakeApp;
  let clock: VirtualClock;
  let sb: TwilioSandbox;
  const start = Date.UTC(2025, 0, 6, 1, 0, 0);

  beforeEach(async () => {
    app = new FakeApp(SANDBOX_DEFAULT_AUTH_TOKEN);
    const base = await app.start();
    clock = new VirtualClock(start);
    sb = new TwilioSandbox({
      clock,
      sids: sequentialSids(),
      phoneNumbers: [{ number: HOTLINE, voiceUrl: `${base}/twilio/voice/incoming`, statusCallback: `${base}/twilio/voice/status` }],
    });
    app.route('/twilio/voice/status', () => ({ status: 204 }));
  });

  afterEach(async () => {
    await sb.close();
    await app.stop();
  });

  it('signs every webhook so twilio.validateRequest accepts it, with Twilio standard params', async () => {
    app.route('/twilio/voice/incoming', () => new VoiceResponse().say('hi').toString());
    const sid = sb.placeCall({ from: '+8613800138000', to: HOTLINE });
    await clock.runUntilIdle();
    const first = app.requestsTo('/twilio/voice/incoming')[0];
    expect(first.signatureValid).toBe(true);
    expect(first.params).toMatchObject({
      CallSid: sid,
      AccountSid: SANDBOX_DEFAULT_ACCOUNT_SID,
      From: '+8613800138000',
      Caller: '+8613800138000',
      To: HOTLINE,
      Called: HOTLINE,
      CallStatus: 'ringing',
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
      FromCountry: 'CN',
    });
    const status = app.requestsTo('/twilio/voice/status');
    expect(status).toHaveLength(1);
    expect(status[0].signatureValid).toBe(true);
    expect(status[0].params).toMatchObject({ CallStatus: 'completed', CallbackSource: 'call-progress-events', SequenceNumber: '0' });
    expect(app.requests.every((r) => r.signatureValid)).toBe(true);
    // A tampered URL must not validate: the check above is not vacuous.
    expect(twilio.validateRequest(SANDBOX_DEFAULT_AUTH_TOKEN, first.signature, first.url + 'x', first.params as Record<string, string>)).toBe(false);
  });

  it('runs Say and Gather, posts Digits to the action and follows its TwiML', async () => {
    app.route('/twilio/voice/incoming', () => {
      const r = new VoiceResponse();
      r.say({ language: 'cmn-CN', voice: 'Polly.Zhiyu' }, '您好，欢迎致电');
      const g = r.gather({ numDigits: 1, action: '/twilio/voice/menu', timeout: 5 });
      g.say({ voice: 'Google.cmn-CN-Standard-A' }, '投诉请按2');
      r.say('no input');
      return r.toString();
    });
    app.route('/twilio/voice/menu', (req) => {
      const r = new VoiceResponse();
      r.say(`you pressed ${String(req.params.Digits)}`);
      r.hangup();
      return r.toString();
    });
    const sid = sb.placeCall({ from: '+8613800138000', to: HOTLINE, digits: '2' });
    await clock.runUntilIdle();
    const menu = app.requestsTo('/twilio/voice/menu');
    expect(menu).toHaveLength(1);
    expect(menu[0].params).toMatchObject({ Digits: '2', CallStatus: 'in-progress', CallSid: sid });
    const call = sb.getCall(sid)!;
    expect(call.status).toBe('completed');
    const says = call.events.filter((e) => e.type === 'say').map((e) => [e.text, e.language]);
    expect(says).toEqual([
      ['您好，欢迎致电', 'cmn-CN'],
      ['投诉请按2', 'cmn-CN'],
      ['you pressed 2', 'en-US'],
    ]);
    // 7 CJK chars at 250 ms = 1750 ms, then 4 CJK + 1 latin = 1065 ms: the digit arrives after the prompt.
    const dtmf = call.events.find((e) => e.type === 'dtmf')!;
    expect(dtmf.at - start).toBe(1750 + 1065);
  });

  it('fails a <Say> whose voice and language Twilio does not pair (13511) and flags an unknown ringTone (13220)', async () => {
    app.route('/twilio/voice/incoming', () => {
      const r = new VoiceResponse();
      r.say({ language: 'zh-CN' }, '默认男声不会说中文'); // the default voice "man" speaks no Chinese
      r.say({ voice: 'Polly.Joanna', language: 'cmn-CN' }, '乔安娜只说英语');
      r.say({ voice: 'Polly.Nobody' as never }, 'no such voice');
      r.say({ voice: 'Polly.Zhiyu', language: 'cmn-CN' }, '您好');
      r.dial({ ringTone: 'cn', timeout: 1 }).client('nobody');
      r.dial({ ringTone: 'china' as never, timeout: 1 }).client('nobody');
      return r.toString();
    });
    const sid = sb.placeCall({ from: '+8613800138000', to: HOTLINE });
    await clock.runUntilIdle();
    const events = sb.getCall(sid)!.events;
    expect(events.filter((e) => e.type === 'say').map((e) => [e.text, e.voice, e.language])).toEqual([['您好', 'Polly.Zhiyu', 'cmn-CN']]);
    expect(events.filter((e) => e.type === 'warning' && e.code === 13511).map((e) => e.text)).toEqual([
      '默认男声不会说中文',
      '乔安娜只说英语',
      'no such voice',
    ]);
    expect(events.filter((e) => e.type === 'dial').map((e) => e.ringTone)).toEqual(['cn', undefined]);
    expect(events.filter((e) => e.type === 'warning' && e.code === 13220)).toHaveLength(1);
  });

  it('Gather without input continues with the next verb after `timeout` seconds, without calling the action', async () => {
    app.route('/twilio/voice/incoming', () => {
      const r = new VoiceResponse();
      r.gather({ numDigits: 1, action: '/twilio/voice/menu', timeout: 7 });
      r.say('we did not get your choice');
      return r.toString();
    });
    const sid = sb.placeCall({ from: '+8613800138000', to: HOTLINE });
    await clock.runUntilIdle();
    expect(app.requestsTo('/twilio/voice/menu')).toHaveLength(0);
    const say = sb.getCall(sid)!.events.find((e) => e.type === 'say')!;
    expect(say.text).toBe('we did not get your choice');
    expect(say.at - start).toBe(7000);
  });

  it('finishOnKey ends a Gather early; digits pressed later through pressDigits reach the action', async () => {
    app.route('/twilio/voice/incoming', () => {
      const r = new VoiceResponse();
      r.gather({ action: '/twilio/voice/order', finishOnKey: '#', timeout: 10 }).say('enter your order number then hash');
      return r.toString();
    });
    app.route('/twilio/voice/order', () => new VoiceResponse().hangup().toString());
    const sid = sb.placeCall({ from: '+8613800138000', to: HOTLINE });
    await clock.advance(1000); // in the middle of the prompt: barge in
    sb.pressDigits(sid, '1234#');
    await clock.runUntilIdle();
    expect(app.requestsTo('/twilio/voice/order')[0].params.Digits).toBe('1234');
    const events = sb.getCall(sid)!.events.map((e) => e.type);
    expect(events.filter((t) => t === 'dtmf')).toHaveLength(5);
  });

  it('Enqueue loops the waitUrl with QueuePosition/QueueTime/AvgQueueTime/CurrentQueueSize and reports Leave to the action', async () => {
    app.route('/twilio/voice/incoming', () => {
      const r = new VoiceResponse();
      r.enqueue({ waitUrl: '/twilio/voice/wait', action: '/twilio/voice/queue-result' }, 'complaints');
      r.say('not reached when the action answers');
      return r.toString();
    });
    app.route('/twilio/voice/wait', (req) => {
      const r = new VoiceResponse();
      if (Number(req.params.QueueTime) >= 20) r.leave();
      else r.pause({ length: 10 });
      return r.toString();
    });
    app.route('/twilio/voice/queue-result', () => new VoiceResponse().say('leaving the queue').toString());
    const a = sb.placeCall({ from: '+8613800000001', to: HOTLINE });
    await clock.advance(3000);
    const b = sb.placeCall({ from: '+8613800000002', to: HOTLINE });
    await clock.runUntilIdle();
    const waits = app.requestsTo('/twilio/voice/wait').filter((r) => r.params.CallSid === b);
    expect(waits[0].params).toMatchObject({ QueuePosition: '2', CurrentQueueSize: '2', QueueTime: '0', MaxQueueSize: '1000' });
    expect(waits[0].params.QueueSid).toMatch(/^QU[0-9a-f]{32}$/);
    // The wait TwiML (a 10 s pause) ends, then the waitUrl is requested again.
    expect(waits.map((w) => w.params.QueueTime)).toEqual(['0', '10', '20']);
    // A left at 20 s, so at 23 s B is first.
    expect(waits[2].params.QueuePosition).toBe('1');
    expect(Number(waits[2].params.AvgQueueTime)).toBeGreaterThan(0);
    const results = app.requestsTo('/twilio/voice/queue-result');
    expect(results.map((r) => [r.params.CallSid, r.params.QueueResult])).toEqual([
      [a, 'leave'],
      [b, 'leave'],
    ]);
    expect(sb.getCall(b)!.events.some((e) => e.type === 'say' && e.text === 'leaving the queue')).toBe(true);
    expect(sb.getCall(b)!.events.some((e) => e.text === 'not reached when the action answers')).toBe(false);
  });

  it('Dial Client with nobody registered ends after timeout + 5 s buffer with DialCallStatus=no-answer', async () => {
    app.route('/twilio/voice/incoming', () => {
      const r = new VoiceResponse();
      r.dial({ timeout: 15, action: '/twilio/voice/dial-result' }).client('agent-1001');
      return r.toString();
    });
    app.route('/twilio/voice/dial-result', () => new VoiceResponse().say('all agents are busy').toString());
    const sid = sb.placeCall({ from: '+8613800138000', to: HOTLINE });
    await clock.runUntilIdle();
    const result = app.requestsTo('/twilio/voice/dial-result')[0];
    expect(result.params).toMatchObject({ DialCallStatus: 'no-answer', DialBridged: 'false' });
    const call = sb.getCall(sid)!;
    const dial = call.events.find((e) => e.type === 'dial')!;
    const end = call.events.find((e) => e.type === 'dial-end')!;
    expect(end.at - dial.at).toBe(20_000);
    expect(call.events.filter((e) => e.type === 'ring')).toHaveLength(4); // 0, 6, 12, 18 s
    const leg = sb.getCall(String(result.params.DialCallSid))!;
    expect(leg).toMatchObject({ status: 'no-answer', direction: 'outbound-dial', parentCallSid: sid, to: 'client:agent-1001' });
  });

  it('a failing webhook makes the caller hear the application error message and ends the call', async () => {
    app.route('/twilio/voice/incoming', () => ({ status: 500, body: 'boom' }));
    const sid = sb.placeCall({ from: '+8613800138000', to: HOTLINE });
    await clock.runUntilIdle();
    const call = sb.getCall(sid)!;
    expect(call.status).toBe('completed');
    expect(call.events.find((e) => e.type === 'application-error')).toMatchObject({ code: 11200 });
    expect(call.events.filter((e) => e.type === 'say').map((e) => e.text)).toEqual([APPLICATION_ERROR_MESSAGE]);
  });

  it('invalid TwiML is a 12100 document parse failure', async () => {
    app.route('/twilio/voice/incoming', () => '<Response><Say>unclosed</Response');
    const sid = sb.placeCall({ from: '+8613800138000', to: HOTLINE });
    await clock.runUntilIdle();
    expect(sb.getCall(sid)!.events.find((e) => e.type === 'application-error')).toMatchObject({ code: 12100 });
  });

  it('Redirect, Pause, Play and Record run with their defaults and Record posts RecordingUrl/Duration', async () => {
    app.route('/twilio/voice/incoming', () => new VoiceResponse().redirect('/twilio/voice/vm').toString());
    app.route('/twilio/voice/vm', () => {
      const r = new VoiceResponse();
      r.play('https://example.com/beep.mp3');
      r.pause();
      r.record({ action: '/twilio/voice/recorded', maxLength: 60, timeout: 3 });
      return r.toString();
    });
    app.route('/twilio/voice/recorded', () => new VoiceResponse().hangup().toString());
    const sid = sb.placeCall({ from: '+8613800138000', to: HOTLINE, recordSpeechMs: 8000 });
    await clock.runUntilIdle();
    const rec = app.requestsTo('/twilio/voice/recorded')[0];
    expect(rec.params).toMatchObject({ RecordingDuration: '8' });
    expect(String(rec.params.RecordingUrl)).toContain(`/Recordings/${String(rec.params.RecordingSid)}`);
    const call = sb.getCall(sid)!;
    // play 5 s + pause 1 s + speech 8 s + silence 3 s
    expect(call.endTime! - start).toBe(17_000);
  });

  it('Reject before answer: busy status, never answered', async () => {
    app.route('/twilio/voice/incoming', () => new VoiceResponse().reject({ reason: 'busy' }).toString());
    const sid = sb.placeCall({ from: '+8613800138000', to: HOTLINE });
    await clock.runUntilIdle();
    const call = sb.getCall(sid)!;
    expect(call.status).toBe('busy');
    expect(call.events.some((e) => e.type === 'status' && e.status === 'in-progress')).toBe(false);
  });

  it('the same scenario gives the same event log twice (virtual clock determinism)', async () => {
    const shown = (detail: unknown) => (typeof detail === 'string' ? detail : JSON.stringify(detail));
    const run = async () => {
      const c = new VirtualClock(start);
      const s = new TwilioSandbox({ clock: c, sids: sequentialSids(), phoneNumbers: [{ number: HOTLINE, voiceUrl: `${app.baseUrl}/twilio/voice/incoming` }] });
      const sids = [s.placeCall({ from: '+8613800000001', to: HOTLINE, digits: '1' }), s.placeCall({ from: '+8613800000002', to: HOTLINE })];
      await c.advance(2500);
      s.pressDigits(sids[1], '2');
      await c.runUntilIdle();
      const logs = sids.map((x) => s.getCall(x)!.events.map((e) => `${e.at - start} ${e.type} ${shown(e.text ?? e.digit ?? e.status ?? '')}`));
      await s.close();
      return logs;
    };
    app.route('/twilio/voice/incoming', () => {
      const r = new VoiceResponse();
      r.gather({ numDigits: 1, action: '/twilio/voice/menu' }).say('press one or two');
      return r.toString();
    });
    app.route('/twilio/voice/menu', async (req) => {
      await new Promise((r) => setTimeout(r, req.params.Digits === '1' ? 30 : 1)); // app latency varies
      return new VoiceResponse().say(`menu ${String(req.params.Digits)}`).toString();
    });
    const one = await run();
    const two = await run();
    expect(one).toEqual(two);
    expect(one[1]).toContain('2500 dtmf 2');
  });
});
