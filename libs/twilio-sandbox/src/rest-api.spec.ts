import twilio from 'twilio';
import { createSandboxTwilioClient } from './client';
import { VirtualClock } from './clock';
import { SANDBOX_DEFAULT_ACCOUNT_SID as SID, SANDBOX_DEFAULT_AUTH_TOKEN as TOKEN, SANDBOX_DEFAULT_BYOC_TRUNK_SID as TRUNK } from './ids';
import { TwilioSandbox } from './sandbox';
import { FakeApp } from './testing/fake-app';

const { VoiceResponse } = twilio.twiml;
const HOTLINE = '4008001234';
const RFC2822 = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

describe('REST API through the real twilio client', () => {
  let app: FakeApp;
  let clock: VirtualClock;
  let sb: TwilioSandbox;
  let client: twilio.Twilio;
  let sandboxUrl: string;

  beforeEach(async () => {
    app = new FakeApp(TOKEN);
    const base = await app.start();
    clock = new VirtualClock();
    sb = new TwilioSandbox({ clock, phoneNumbers: [{ number: HOTLINE, voiceUrl: `${base}/twilio/voice/incoming` }], byocTrunks: [{ sid: TRUNK }] });
    sandboxUrl = (await sb.listen(0)).url;
    client = createSandboxTwilioClient(sandboxUrl, SID, TOKEN);
    app.route('/twilio/voice/status', () => ({ status: 204 }));
  });

  afterEach(async () => {
    await sb.close();
    await app.stop();
  });

  it('creates an outbound call, sends the requested status callbacks in order, and fetches/lists it', async () => {
    app.route('/twilio/voice/outbound', () => new VoiceResponse().say('this is a callback visit').toString());
    const created = await client.calls.create({
      to: '+8613800138000',
      from: HOTLINE,
      byoc: TRUNK,
      url: `${app.baseUrl}/twilio/voice/outbound`,
      statusCallback: `${app.baseUrl}/twilio/voice/status`,
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    });
    expect(created.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(created.status).toBe('queued');
    expect(created.direction).toBe('outbound-api');
    expect(created.dateCreated).toBeInstanceOf(Date);
    expect(created.uri).toBe(`/2010-04-01/Accounts/${SID}/Calls/${created.sid}.json`);

    await clock.runUntilIdle();
    const voice = app.requestsTo('/twilio/voice/outbound')[0];
    expect(voice.params).toMatchObject({ Direction: 'outbound-api', CallStatus: 'in-progress', To: '+8613800138000' });
    const status = app.requestsTo('/twilio/voice/status');
    expect(status.map((r) => [r.params.CallStatus, r.params.SequenceNumber])).toEqual([
      ['queued', '0'],
      ['ringing', '1'],
      ['in-progress', '2'],
      ['completed', '3'],
    ]);
    expect(status.every((r) => r.signatureValid)).toBe(true);
    expect(status[3].params.CallDuration).toBe('2'); // "this is a callback visit": 24 chars * 65 ms ≈ 1.6 s

    const fetched = await client.calls(created.sid).fetch();
    expect(fetched.status).toBe('completed');
    expect(fetched.duration).toBe('2');
    expect(fetched.startTime).toBeInstanceOf(Date);
    const raw = (await (
      await fetch(`${sandboxUrl}/2010-04-01/Accounts/${SID}/Calls/${created.sid}.json`, {
        headers: { Authorization: 'Basic ' + Buffer.from(`${SID}:${TOKEN}`).toString('base64') },
      })
    ).json()) as Record<string, string>;
    expect(raw.date_created).toMatch(RFC2822);
    expect(raw.end_time).toMatch(RFC2822);
    const listed = await client.calls.list({ status: 'completed' });
    expect(listed.map((c) => c.sid)).toEqual([created.sid]);
  });

  it('a missing call is a 404 RestException with code 20404 and Twilio error JSON', async () => {
    const missing = 'CA' + '0'.repeat(32);
    await expect(client.calls(missing).fetch()).rejects.toMatchObject({ status: 404, code: 20404, moreInfo: 'https://www.twilio.com/docs/errors/20404' });
    const res = await fetch(`${sandboxUrl}/2010-04-01/Accounts/${SID}/Calls/${missing}.json`, {
      headers: { Authorization: 'Basic ' + Buffer.from(`${SID}:${TOKEN}`).toString('base64') },
    });
    expect(res.status).toBe(404);
    expect(Object.keys((await res.json()) as object).sort()).toEqual(['code', 'message', 'more_info', 'status']);
  });

  it('rejects a wrong auth token with 20003 and a bad create with 400', async () => {
    const bad = createSandboxTwilioClient(sandboxUrl, SID, 'f'.repeat(32));
    await expect(bad.calls.list()).rejects.toMatchObject({ status: 401, code: 20003 });
    await expect(client.calls.create({ to: '+8613800138000', from: HOTLINE })).rejects.toMatchObject({ status: 400, code: 21205 });
  });

  it('redirects a queued caller with calls(sid).update; the Enqueue action hears QueueResult=redirected', async () => {
    app.route('/twilio/voice/incoming', () =>
      new VoiceResponse().enqueue({ waitUrl: '/twilio/voice/wait', action: '/twilio/voice/queue-result' }, 'orders').toString(),
    );
    app.route('/twilio/voice/wait', () => new VoiceResponse().play('https://example.com/hold.mp3').toString());
    app.route('/twilio/voice/queue-result', () => new VoiceResponse().say('ignored after a redirect').toString());
    const sid = sb.placeCall({ from: '+8613800138000', to: HOTLINE });
    await clock.advance(12_000);
    expect(sb.getCall(sid)!.queueSid).toMatch(/^QU/);

    const [queue] = await client.queues.list();
    expect(queue).toMatchObject({ friendlyName: 'orders', currentSize: 1, maxSize: 1000 });
    const members = await client.queues(queue.sid).members.list();
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ callSid: sid, position: 1, waitTime: 12 });

    const updated = await client.calls(sid).update({ twiml: '<Response><Say>connecting you to an agent</Say></Response>' });
    expect(updated.sid).toBe(sid);
    await clock.runUntilIdle();
    expect(app.requestsTo('/twilio/voice/queue-result')[0].params).toMatchObject({ QueueResult: 'redirected', QueueTime: '12' });
    const says = sb
      .getCall(sid)!
      .events.filter((e) => e.type === 'say')
      .map((e) => e.text);
    expect(says).toEqual(['connecting you to an agent']);
    expect((await client.queues(queue.sid).fetch()).currentSize).toBe(0);
  });

  it('creates queues and dequeues the front member to a URL via Members(Front).update', async () => {
    const q = await client.queues.create({ friendlyName: 'complaints', maxSize: 10 });
    expect(q.sid).toMatch(/^QU[0-9a-f]{32}$/);
    app.route('/twilio/voice/incoming', () => new VoiceResponse().enqueue('complaints').toString());
    app.route('/twilio/voice/agent', () => new VoiceResponse().say('agent here').toString());
    const a = sb.placeCall({ from: '+8613800000001', to: HOTLINE });
    const b = sb.placeCall({ from: '+8613800000002', to: HOTLINE });
    await clock.advance(1000);
    expect((await client.queues(q.sid).fetch()).currentSize).toBe(2);
    const member = await client
      .queues(q.sid)
      .members('Front')
      .update({ url: `${app.baseUrl}/twilio/voice/agent`, method: 'POST' });
    expect(member.callSid).toBe(a);
    await clock.advance(5000);
    expect(sb.getCall(a)!.events.some((e) => e.type === 'say' && e.text === 'agent here')).toBe(true);
    expect((await client.queues(q.sid).members.list()).map((m) => m.callSid)).toEqual([b]);
    await expect(client.queues('QU' + '1'.repeat(32)).fetch()).rejects.toMatchObject({ code: 20404 });
  });

  it('hangs up a live call with status=completed', async () => {
    app.route('/twilio/voice/incoming', () => new VoiceResponse().pause({ length: 60 }).toString());
    const sid = sb.placeCall({ from: '+8613800138000', to: HOTLINE });
    await clock.advance(10_000);
    const done = await client.calls(sid).update({ status: 'completed' });
    expect(done.status).toBe('completed');
    expect(done.duration).toBe('10');
  });

  describe('calls to mainland China (Twilio places none since 30 Nov 2023) and other countries', () => {
    const create = (to: string, byoc?: string) =>
      client.calls.create({ to, from: HOTLINE, twiml: '<Response><Say>hi</Say></Response>', ...(byoc ? { byoc } : {}) });

    it('refuses +86 without a BYOC trunk (21215), and a country the account has not enabled', async () => {
      await expect(create('+8613800138000')).rejects.toMatchObject({ status: 400, code: 21215 });
      await expect(create('+864008001234')).rejects.toMatchObject({ status: 400, code: 21215 });
      await expect(create('+33142685300')).rejects.toMatchObject({ status: 400, code: 21215 }); // France: not enabled
      await expect(create('13800138000')).rejects.toMatchObject({ status: 400, code: 21211 }); // not E.164
      await expect(create('+8613800138000', 'BY' + 'f'.repeat(32))).rejects.toMatchObject({ status: 404, code: 20404 });
      expect(sb.listCalls()).toHaveLength(0);
      expect((await create('+14155550100')).trunkSid).toBeNull(); // the US is enabled by default
    });

    it('places +86 through the BYOC trunk: the call carries the trunk SID', async () => {
      const call = await create('+8613800138000', TRUNK);
      expect(call.trunkSid).toBe(TRUNK);
      await clock.runUntilIdle();
      expect((await client.calls(call.sid).fetch()).status).toBe('completed');
      expect(sb.getCall(call.sid)!.trunkSid).toBe(TRUNK);
    });

    it('<Dial><Number> to +86: fails with 13227 without byoc, rings through the trunk with it', async () => {
      app.route('/twilio/voice/dial', (r) => {
        const twiml = new VoiceResponse();
        twiml.dial({ action: `${app.baseUrl}/twilio/voice/dial-result` }).number(r.url.includes('byoc=1') ? { byoc: TRUNK } : {}, '+8613900000001');
        return twiml.toString();
      });
      app.route('/twilio/voice/dial-result', () => new VoiceResponse().hangup().toString());
      const refused = (await client.calls.create({ to: '+14155550100', from: HOTLINE, url: `${app.baseUrl}/twilio/voice/dial` })).sid;
      await clock.runUntilIdle();
      expect(app.requestsTo('/twilio/voice/dial-result')[0].params.DialCallStatus).toBe('failed');
      expect(sb.getCall(refused)!.events.find((e) => e.type === 'application-error')).toMatchObject({ code: 13227 });
      expect(sb.listCalls().filter((c) => c.parentCallSid === refused)).toHaveLength(0);

      const placed = (await client.calls.create({ to: '+14155550100', from: HOTLINE, url: `${app.baseUrl}/twilio/voice/dial?byoc=1` })).sid;
      await clock.runUntilIdle();
      expect(app.requestsTo('/twilio/voice/dial-result')[1].params.DialCallStatus).toBe('completed');
      const leg = sb.listCalls().find((c) => c.parentCallSid === placed)!;
      expect(leg).toMatchObject({ to: '+8613900000001', trunkSid: TRUNK });
    });

    it("receives calls to the carrier's 400 number from the trunk: its Voice URL, its SID, no phone number SID", async () => {
      const trunkSb = new TwilioSandbox({
        clock,
        phoneNumbers: [],
        byocTrunks: [
          { sid: TRUNK, voiceUrl: `${app.baseUrl}/twilio/voice/byoc`, statusCallbackUrl: `${app.baseUrl}/twilio/voice/status`, numbers: ['+864008001234'] },
        ],
      });
      app.route('/twilio/voice/byoc', () => new VoiceResponse().say('您好').toString());
      try {
        const sid = trunkSb.placeCall({ from: '+8613800138000', to: '4008001234' });
        await clock.runUntilIdle();
        expect(app.requestsTo('/twilio/voice/byoc')[0].params).toMatchObject({ CallSid: sid, To: '4008001234', Direction: 'inbound' });
        expect(app.requestsTo('/twilio/voice/status').map((r) => r.params.CallStatus)).toEqual(['completed']);
        expect(trunkSb.getCall(sid)!.trunkSid).toBe(TRUNK);
        expect(() => trunkSb.placeCall({ from: '+8613800138000', to: '4009999999' })).toThrow(/not a sandbox phone number/);
      } finally {
        await trunkSb.close();
      }
    });
  });
});
