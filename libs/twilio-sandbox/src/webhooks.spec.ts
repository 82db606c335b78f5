import twilio from 'twilio';
import { VirtualClock } from './clock';
import { SANDBOX_DEFAULT_AUTH_TOKEN } from './ids';
import { TwilioSandbox } from './sandbox';
import { FakeApp } from './testing/fake-app';

const { VoiceResponse } = twilio.twiml;
const HOTLINE = '4008001234';

describe('webhook replay and out-of-order status callbacks', () => {
  let app: FakeApp;
  let clock: VirtualClock;
  let sb: TwilioSandbox;

  beforeEach(async () => {
    app = new FakeApp(SANDBOX_DEFAULT_AUTH_TOKEN);
    const base = await app.start();
    clock = new VirtualClock();
    sb = new TwilioSandbox({ clock, phoneNumbers: [{ number: HOTLINE, voiceUrl: `${base}/voice`, statusCallback: `${base}/status` }] });
    app.route('/voice', () => new VoiceResponse().say('hello').toString());
    app.route('/status', () => ({ status: 204 }));
    app.route('/cb', () => ({ status: 204 }));
  });

  afterEach(async () => {
    await sb.close();
    await app.stop();
  });

  it('replays a webhook with the same params, a valid signature and the same idempotency token', async () => {
    const sid = sb.placeCall({ from: '+8613800138000', to: HOTLINE });
    await clock.runUntilIdle();
    const voice = sb.webhookDeliveries(sid).find((d) => d.kind === 'voice')!;
    await sb.replayWebhook(voice.id);
    const seen = app.requestsTo('/voice');
    expect(seen).toHaveLength(2);
    expect(seen[1].params).toEqual(seen[0].params);
    expect(seen[1].idempotencyToken).toBe(seen[0].idempotencyToken);
    expect(seen[1].signatureValid).toBe(true);
    // A replay does not run the TwiML again: the call already ended.
    expect(sb.getCall(sid)!.events.filter((e) => e.type === 'say')).toHaveLength(1);
  });

  it('holds status callbacks and delivers them in a chosen order', async () => {
    sb.setStatusCallbackMode('hold');
    const call = sb.createCall({ to: '+14155550100', from: HOTLINE, twiml: '<Response><Say>hi</Say></Response>', statusCallback: `${app.baseUrl}/cb`, statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'] });
    await clock.runUntilIdle();
    expect(app.requestsTo('/cb')).toHaveLength(0);
    const held = sb.heldStatusCallbacks(call.sid);
    expect(held.map((d) => d.event)).toEqual(['initiated', 'ringing', 'answered', 'completed']);
    await sb.deliverHeldStatusCallbacks([held[3].id, held[1].id, held[0].id, held[2].id]);
    const got = app.requestsTo('/cb');
    expect(got.map((r) => r.params.CallStatus)).toEqual(['completed', 'ringing', 'queued', 'in-progress']);
    expect(got.map((r) => r.params.SequenceNumber)).toEqual(['3', '1', '0', '2']);
    expect(got.every((r) => r.signatureValid)).toBe(true);
    expect(sb.heldStatusCallbacks()).toHaveLength(0);
  });
});
