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
    const call = sb.createCall({
      to: '+14155550100',
      from: HOTLINE,
      twiml: '<Response><Say>hi</Say></Response>',
      statusCallback: `${app.baseUrl}/cb`,
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    });
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

describe('webhook retries (connection overrides) and the fallback URL', () => {
  let app: FakeApp;
  let clock: VirtualClock;
  let sb: TwilioSandbox | undefined;
  let base: string;

  beforeEach(async () => {
    app = new FakeApp(SANDBOX_DEFAULT_AUTH_TOKEN);
    base = await app.start();
    clock = new VirtualClock();
    app.route('/fallback', () => new VoiceResponse().say('sorry, please call again later').toString());
  });
  afterEach(async () => {
    await sb?.close();
    await app.stop();
  });

  const call = (voiceUrl: string) => {
    sb = new TwilioSandbox({ clock, phoneNumbers: [{ number: HOTLINE, voiceUrl, voiceFallbackUrl: `${base}/fallback` }] });
    return sb.placeCall({ from: '+8613800138000', to: HOTLINE });
  };
  const said = (sid: string) =>
    sb!
      .getCall(sid)!
      .events.filter((e) => e.type === 'say')
      .map((e) => e.text);

  it('#rc=2&rp=5xx: retries a 500 twice with the same idempotency token; the fragment is neither sent nor signed', async () => {
    let n = 0;
    app.route('/voice', () => (++n < 3 ? { status: 500 } : new VoiceResponse().say('third time lucky').toString()));
    const sid = call(`${base}/voice#rc=2&rp=5xx`);
    await clock.runUntilIdle();
    const seen = app.requestsTo('/voice');
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((r) => r.idempotencyToken)).size).toBe(1);
    expect(seen.every((r) => r.signatureValid && !r.url.includes('#'))).toBe(true);
    expect(said(sid)).toEqual(['third time lucky']);
    expect(app.requestsTo('/fallback')).toHaveLength(0);
  });

  it('by default (rc=1, rp=ct) a 500 is not retried: the fallback URL is requested with ErrorCode 11200', async () => {
    app.route('/voice', () => ({ status: 500 }));
    const sid = call(`${base}/voice`);
    await clock.runUntilIdle();
    expect(app.requestsTo('/voice')).toHaveLength(1);
    const fallback = app.requestsTo('/fallback');
    expect(fallback).toHaveLength(1);
    expect(fallback[0].params).toMatchObject({ CallSid: sid, ErrorCode: '11200', ErrorUrl: `${base}/voice` });
    expect(said(sid)).toEqual(['sorry, please call again later']);
  });

  it('#rt=2000&rp=rt: a slow answer times out and is retried once; a refused connection is retried once by default, then the fallback', async () => {
    // The first answer waits for the retry, so it cannot beat the read timeout however slow the
    // machine; the retry is answered at once, well within 2 s (a margin load cannot eat).
    let n = 0;
    let retried!: () => void;
    const retry = new Promise<void>((r) => (retried = r));
    app.route('/voice', async () => {
      const attempt = ++n;
      if (attempt === 1) await retry;
      else retried();
      return new VoiceResponse().say(`answer ${attempt}`).toString();
    });
    const slow = call(`${base}/voice#rt=2000&rp=rt`);
    await clock.runUntilIdle();
    const attempts = sb!.webhookDeliveries(slow).find((d) => d.kind === 'voice')!.attempts;
    expect(attempts.map((a) => a.error ?? a.status)).toEqual(['timeout', 200]);
    expect(said(slow)).toEqual(['answer 2']);
    await sb!.close();

    const gone = new FakeApp(SANDBOX_DEFAULT_AUTH_TOKEN);
    const goneUrl = await gone.start();
    await gone.stop(); // its port now refuses connections
    const refused = call(`${goneUrl}/voice`);
    await clock.runUntilIdle();
    expect(sb!.webhookDeliveries(refused).find((d) => d.kind === 'voice')!.attempts).toHaveLength(2);
    expect(app.requestsTo('/fallback').at(-1)!.params).toMatchObject({ CallSid: refused, ErrorCode: '11205' });
  });
});
