import { DataSource } from 'typeorm';
import { CallRecord } from '../src/telephony/call-record.entity';
import { VOICE_PARAM_NAMES } from '../src/telephony/dtos/voice-params.dto';
import { TwilioVoiceController } from '../src/telephony/twilio-voice.controller';
import { APP_WEBHOOK_ROUTES, contractViolations, DOCUMENTED_PARAMS } from './fixtures/twilio-webhook-params';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

const HOTLINE = '4008001234';

/** How Twilio delivers webhooks, as the sandbox emulates it: retries, the fallback URL, repeats answered once. */
describe('telephony: webhook delivery — retries and the fallback URL (e2e through the Twilio sandbox)', () => {
  let h: TelephonyHarness;
  beforeEach(async () => {
    h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00' });
  });
  afterEach(() => h.close());

  it("when the voice URL fails, Twilio requests the trunk's fallback URL: the caller hears the apology in Mandarin", async () => {
    const trunk = h.sandbox.byocTrunks[0];
    expect(trunk.voiceFallbackUrl).toBe(`${h.baseUrl}/twilio/voice/fallback`);
    trunk.voiceUrl = `${h.baseUrl}/twilio/voice/incoming-gone#rc=2&rp=4xx`; // a broken deployment: 404, retried twice
    const callSid = h.sandbox.placeCall({ from: '+8613900000005', to: HOTLINE });
    await h.advanceUntil(() => h.sandbox.getCall(callSid)!.status === 'completed', 20);
    const voice = h.sandbox.webhookDeliveries(callSid).find((d) => d.kind === 'voice')!;
    expect(voice.attempts.map((a) => a.status)).toEqual([404, 404, 404]);
    const fallback = h.sandbox.webhookDeliveries(callSid).find((d) => d.kind === 'fallback')!;
    expect(fallback.params).toMatchObject({ ErrorCode: '11200', ErrorUrl: `${h.baseUrl}/twilio/voice/incoming-gone#rc=2&rp=4xx` });
    expect(fallback.attempts.map((a) => a.status)).toEqual([200]);
    const call = h.sandbox.getCall(callSid)!;
    expect(call.events.filter((e) => e.type === 'say').map((e) => [e.text, e.voice])).toEqual([['抱歉,系统暂时无法处理您的来电,请稍后再拨。', 'Polly.Zhiyu']]);
    expect(call.status).toBe('completed');
    expect(await h.app.get(DataSource).getRepository(CallRecord).count()).toBe(0);
  });

  it('a retried webhook (same idempotency token) gets the first answer and changes nothing twice', async () => {
    const callSid = h.sandbox.placeCall({ from: '+8613900000006', to: HOTLINE });
    await h.advance(2);
    const voice = h.sandbox.webhookDeliveries(callSid).find((d) => d.kind === 'voice')!;
    const first = voice.attempts.length;
    const again = await h.sandbox.replayWebhook(voice.id);
    expect(voice.attempts).toHaveLength(first + 1);
    expect(again.ok).toBe(true);
    const records = await h.app.get(DataSource).getRepository(CallRecord).find();
    expect(records.map((r) => r.callSid)).toEqual([callSid]);
    expect(h.sandbox.getCall(callSid)!.events.filter((e) => e.type === 'say' && String(e.text).startsWith('您好'))).toHaveLength(1);
  });
});

/**
 * The contract fixtures (test/fixtures/twilio-webhook-params.ts, from Twilio's documentation): the
 * telephony harness checks every webhook of every scenario against them when it closes.
 */
describe('telephony: webhook contract fixtures', () => {
  it('name the Twilio webhook of every route of the voice controller, and document every parameter the app reads', () => {
    const proto = TwilioVoiceController.prototype as unknown as Record<string, unknown>;
    const routes = Object.getOwnPropertyNames(proto)
      .filter((name) => name !== 'constructor')
      .map((name) => (typeof proto[name] === 'function' ? (Reflect.getMetadata('path', proto[name] as object) as string | undefined) : undefined))
      .filter((path): path is string => !!path)
      .sort();
    expect(routes).toEqual(Object.keys(APP_WEBHOOK_ROUTES).sort());
    expect(VOICE_PARAM_NAMES.filter((name) => !DOCUMENTED_PARAMS.has(name))).toEqual([]);
  });

  it('flag a missing parameter and an invented one', () => {
    const standard = {
      AccountSid: 'AC1',
      ApiVersion: '2010-04-01',
      CallSid: 'CA1',
      CallStatus: 'in-progress',
      Direction: 'inbound',
      From: '+8613800138000',
      To: '4008001234',
    };
    expect(contractViolations('dial-result', { ...standard, DialCallStatus: 'completed', DialBridged: 'true' })).toEqual([]);
    expect(contractViolations('dial-result', standard)).toEqual(['dial-result (dial-action) lacks DialCallStatus']);
    expect(
      contractViolations('wait', {
        ...standard,
        QueuePosition: '1',
        QueueSid: 'QU1',
        QueueTime: '3',
        AvgQueueTime: '0',
        CurrentQueueSize: '1',
        MaxQueueSize: '100',
        Agent: '1003',
      }),
    ).toEqual(['wait (enqueue-wait) has undocumented Agent']);
    expect(contractViolations('no-such-route', standard)).toHaveLength(1);
    // A conference status callback is the conference's, not a call's request: no standard Voice parameters.
    const join = {
      AccountSid: 'AC1',
      ConferenceSid: 'CF1',
      FriendlyName: 'call-CA1',
      StatusCallbackEvent: 'participant-join',
      SequenceNumber: '0',
      Timestamp: 'Mon, 23 Nov 2026 02:00:01 +0000',
      CallSid: 'CA1',
      ParticipantLabel: 'customer',
    };
    expect(contractViolations('caller-joined', join)).toEqual([]);
    expect(contractViolations('caller-joined', { ...join, CallStatus: 'in-progress' })).toEqual([
      'caller-joined (conference-status) has undocumented CallStatus',
    ]);
  });
});
