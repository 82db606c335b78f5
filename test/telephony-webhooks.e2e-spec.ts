import { DataSource } from 'typeorm';
import { CallRecord } from '../src/telephony/call-record.entity';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

const HOTLINE = '4008001234';

/** How Twilio delivers webhooks, as the sandbox emulates it: retries, the fallback URL, repeats answered once. */
describe('telephony: webhook delivery — retries and the fallback URL (e2e through the Twilio sandbox)', () => {
  let h: TelephonyHarness;
  beforeEach(async () => {
    h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00' });
  });
  afterEach(() => h.close());

  it('when the voice URL fails, Twilio requests the trunk\'s fallback URL: the caller hears the apology in Mandarin', async () => {
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
