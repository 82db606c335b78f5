import twilio from 'twilio';
import { createSandboxTwilioClient } from './client';
import { VirtualClock } from './clock';
import { SANDBOX_DEFAULT_ACCOUNT_SID as SID, SANDBOX_DEFAULT_AUTH_TOKEN as TOKEN } from './ids';
import { TwilioSandbox } from './sandbox';
import { FakeApp } from './testing/fake-app';

const { VoiceResponse } = twilio.twiml;
const HOTLINE = '+15005550006';
const AGENT = '+15005550101';
const SUPERVISOR = '+15005550102';
const STORE = '+15005550103';

/**
 * <Dial><Conference> and the Conference/Participants REST API, as the app drives them through the
 * real twilio client: a caller waits in a room until the agent joins, hold, whisper (coaching),
 * barge, listen (muted), kick, end — and the conference status callbacks that report each.
 */
describe('conferences through the real twilio client', () => {
  let app: FakeApp;
  let clock: VirtualClock;
  let sb: TwilioSandbox;
  let client: twilio.Twilio;

  beforeEach(async () => {
    app = new FakeApp(TOKEN);
    const base = await app.start();
    clock = new VirtualClock();
    sb = new TwilioSandbox({ clock, phoneNumbers: [{ number: HOTLINE, voiceUrl: `${base}/voice` }] });
    client = createSandboxTwilioClient((await sb.listen(0)).url, SID, TOKEN);
    app.route('/voice', () => {
      const twiml = new VoiceResponse();
      twiml.dial({ action: `${app.baseUrl}/after-conference` }).conference(
        {
          startConferenceOnEnter: false,
          endConferenceOnExit: true,
          beep: 'onEnter',
          statusCallback: `${app.baseUrl}/conference-events`,
          statusCallbackEvent: ['start', 'end', 'join', 'leave', 'mute', 'hold', 'modify'] as never,
        },
        'call-1',
      );
      return twiml.toString();
    });
    app.route('/after-conference', () => new VoiceResponse().hangup().toString());
    app.route('/conference-events', () => ({ status: 204 }));
  });

  afterEach(async () => {
    await sb.close();
    await app.stop();
  });

  const events = () =>
    app.requestsTo('/conference-events').map((r) => `${String(r.params.StatusCallbackEvent)}${r.params.CallSid ? `:${String(r.params.CallSid)}` : ''}`);

  it('a caller waits alone until the agent joins; hold, whisper, barge, listen and kick are participant changes; ending the conference ends the caller’s Dial', async () => {
    const caller = sb.placeCall({ from: '+15005550200', to: HOTLINE });
    await clock.advance(1000);
    const [room] = await client.conferences.list({ friendlyName: 'call-1', status: 'init' });
    expect(room).toMatchObject({ friendlyName: 'call-1', status: 'init' });
    expect(sb.conferences.bySid(room.sid)!.audibleTo(caller)).toEqual([]); // wait music, nobody heard

    // The agent is added by the REST API; the conference starts when they join.
    const agentLeg = await client.conferences('call-1').participants.create({ from: HOTLINE, to: AGENT, startConferenceOnEnter: true, label: 'agent' });
    expect(agentLeg).toMatchObject({ status: 'queued', conferenceSid: room.sid });
    await clock.advance(4000);
    const conference = sb.conferences.bySid(room.sid)!;
    expect((await client.conferences(room.sid).fetch()).status).toBe('in-progress');
    expect(conference.audibleTo(caller)).toEqual([agentLeg.callSid]);
    expect(conference.audibleTo(agentLeg.callSid)).toEqual([caller]);
    expect(sb.getCall(caller)!.events.some((e) => e.type === 'play' && (e as unknown as { beep?: boolean }).beep)).toBe(true); // the agent's entry beeps for the caller

    // Hold (the caller hears music, neither side hears the other), then resume: one participant changed, no new call.
    const held = await client.conferences(room.sid).participants(caller).update({ hold: true });
    expect(held).toMatchObject({ hold: true, callSid: caller });
    expect(conference.audibleTo(agentLeg.callSid)).toEqual([]);
    expect(conference.audibleTo(caller)).toEqual([]);
    await client.conferences(room.sid).participants(caller).update({ hold: false });
    expect(conference.audibleTo(agentLeg.callSid)).toEqual([caller]);

    // A supervisor whispers to the agent (coaching): only the agent hears them; then barges in; then only listens (muted).
    const coach = await client
      .conferences(room.sid)
      .participants.create({ from: HOTLINE, to: SUPERVISOR, coaching: true, callSidToCoach: agentLeg.callSid, beep: 'false' });
    await clock.advance(4000);
    expect(conference.audibleTo(agentLeg.callSid)).toEqual([caller, coach.callSid]);
    expect(conference.audibleTo(caller)).toEqual([agentLeg.callSid]);
    expect(conference.audibleTo(coach.callSid)).toEqual([caller, agentLeg.callSid]);
    await client.conferences(room.sid).participants(coach.callSid).update({ coaching: false });
    expect(conference.audibleTo(caller)).toEqual([agentLeg.callSid, coach.callSid]);
    await client.conferences(room.sid).participants(coach.callSid).update({ muted: true });
    expect(conference.audibleTo(caller)).toEqual([agentLeg.callSid]);
    expect(conference.audibleTo(coach.callSid)).toEqual([caller, agentLeg.callSid]);
    await expect(client.conferences(room.sid).participants(coach.callSid).update({ coaching: true })).rejects.toMatchObject({ status: 400 });

    // A three-way with a store: then the agent's leg drops (kicked by label) without dropping the caller.
    await client.conferences(room.sid).participants.create({ from: HOTLINE, to: STORE, beep: 'false' });
    await clock.advance(4000);
    expect((await client.conferences(room.sid).participants.list()).length).toBe(4);
    await client.conferences(room.sid).participants('agent').remove();
    await clock.advance(100);
    expect(sb.getCall(agentLeg.callSid)!.status).toBe('completed'); // its TwiML had nothing after the <Dial>
    expect(sb.getCall(caller)!.status).toBe('in-progress');
    expect(conference.status).toBe('in-progress');
    expect(conference.audibleTo(caller)).toHaveLength(1); // the store (the supervisor only listens)

    // The caller hangs up: endConferenceOnExit ends the room for everyone; the Dial's action is requested.
    sb.hangup(caller);
    await clock.runUntilIdle();
    expect(conference.status).toBe('completed');
    expect(conference.reasonEnded).toBe('participant-with-end-conference-on-exit-left');
    expect(sb.listCalls().every((c) => c.ended)).toBe(true);
    expect(app.requestsTo('/after-conference')[0].params).toMatchObject({ CallSid: caller, DialCallStatus: 'completed' });

    const seen = events();
    expect(seen.slice(0, 3)).toEqual([`participant-join:${caller}`, 'conference-start', `participant-join:${agentLeg.callSid}`]);
    expect(seen).toEqual(
      expect.arrayContaining([
        `participant-hold:${caller}`,
        `participant-unhold:${caller}`,
        `participant-modify:${coach.callSid}`,
        `participant-mute:${coach.callSid}`,
        `participant-leave:${agentLeg.callSid}`,
        'conference-end',
      ]),
    );
    expect(seen.at(-1)).toBe('conference-end');
    const sequence = app.requestsTo('/conference-events').map((r) => Number(r.params.SequenceNumber));
    expect([...sequence].sort((a, b) => a - b)).toEqual(sequence.map((_, i) => i));
    expect(app.requestsTo('/conference-events').every((r) => r.signatureValid)).toBe(true);
  });

  it('ends a conference through the API (Status=completed), and 404s a participant or conference that does not exist', async () => {
    const caller = sb.placeCall({ from: '+15005550200', to: HOTLINE });
    await clock.advance(1000);
    const agentLeg = await client.conferences('call-1').participants.create({ from: HOTLINE, to: AGENT });
    await clock.advance(4000);
    const [room] = await client.conferences.list({ friendlyName: 'call-1' });
    await expect(
      client
        .conferences(room.sid)
        .participants('CA' + '0'.repeat(32))
        .fetch(),
    ).rejects.toMatchObject({ status: 404 });
    await expect(client.conferences('CF' + '0'.repeat(32)).fetch()).rejects.toMatchObject({ status: 404 });
    await client.conferences(room.sid).update({ status: 'completed' });
    await clock.runUntilIdle();
    expect((await client.conferences(room.sid).fetch()).status).toBe('completed');
    expect(sb.getCall(caller)!.status).toBe('completed');
    expect(sb.getCall(agentLeg.callSid)!.status).toBe('completed');
    await expect(client.conferences(room.sid).participants.create({ from: HOTLINE, to: STORE })).rejects.toMatchObject({ status: 400 });
  });
  it('moves a bridged call into a conference: the child leg given new TwiML leaves the bridge, and the parent’s Dial action puts it in the same room', async () => {
    app.route('/voice', () => {
      const twiml = new VoiceResponse();
      twiml.dial({ action: `${app.baseUrl}/dial-action` }).number(AGENT);
      return twiml.toString();
    });
    const room = (extra: Record<string, unknown>) => {
      const twiml = new VoiceResponse();
      twiml.dial().conference({ beep: 'false', ...extra }, 'call-2');
      return twiml.toString();
    };
    app.route('/dial-action', () => room({ endConferenceOnExit: true }));
    app.route('/agent-joins', () => room({ endConferenceOnExit: false }));
    const caller = sb.placeCall({ from: '+15005550200', to: HOTLINE });
    await clock.advance(4000);
    const [agentLeg] = await client.calls.list({ parentCallSid: caller });
    expect(agentLeg.status).toBe('in-progress');

    await client.calls(agentLeg.sid).update({ url: `${app.baseUrl}/agent-joins`, method: 'POST' });
    await clock.runUntilIdle();
    // The parent's Dial ended as if the child had hung up; its action answered with the room.
    expect(app.requestsTo('/dial-action')[0].params).toMatchObject({
      CallSid: caller,
      DialCallStatus: 'completed',
      DialBridged: 'true',
      DialCallSid: agentLeg.sid,
    });
    const [conference] = sb.conferences.list();
    expect([...conference.participants.keys()].sort()).toEqual([caller, agentLeg.sid].sort());
    expect(conference.audibleTo(caller)).toEqual([agentLeg.sid]);
    expect(sb.getCall(agentLeg.sid)!.status).toBe('in-progress');

    // Hold with a HoldUrl: the caller hears it (default GET), nobody hears the caller.
    await client
      .conferences(conference.sid)
      .participants(caller)
      .update({ hold: true, holdUrl: `${app.baseUrl}/hold-music` });
    expect(sb.getCall(caller)!.events.slice(-2)).toEqual([
      expect.objectContaining({ type: 'conference-update', hold: true }),
      expect.objectContaining({ type: 'play', conferenceHold: true, url: `${app.baseUrl}/hold-music`, method: 'GET' }),
    ]);
    expect(sb.conferences.bySid(conference.sid)!.audibleTo(agentLeg.sid)).toEqual([]);
    // A coach for a participant on hold, or one not in the room, is refused (errors 16027, 16028).
    await expect(
      client.conferences(conference.sid).participants.create({ from: HOTLINE, to: SUPERVISOR, coaching: true, callSidToCoach: caller }),
    ).rejects.toMatchObject({ status: 400, code: 16027 });
    await expect(
      client.conferences(conference.sid).participants.create({ from: HOTLINE, to: SUPERVISOR, coaching: true, callSidToCoach: 'CA' + '1'.repeat(32) }),
    ).rejects.toMatchObject({ status: 400, code: 16028 });

    // The agent's leg leaves; the caller stays (its endConferenceOnExit only ends the room when it leaves).
    await client.conferences(conference.sid).participants(agentLeg.sid).remove();
    await clock.runUntilIdle();
    expect(sb.getCall(agentLeg.sid)!.status).toBe('completed');
    expect(sb.getCall(caller)!.status).toBe('in-progress');
    sb.hangup(caller);
    await clock.runUntilIdle();
    expect(conference.status).toBe('completed');
  });
  it('lists a participant added through the API while its call is placed (queued, ringing); an update applies when it joins; a delete stops its call', async () => {
    const caller = sb.placeCall({ from: '+15005550200', to: HOTLINE });
    await clock.advance(1000);
    const [room] = await client.conferences.list({ friendlyName: 'call-1' });
    const store = await client.conferences(room.sid).participants.create({ from: HOTLINE, to: STORE, label: 'store' });
    expect((await client.conferences(room.sid).participants('store').fetch()).status).toBe('queued');
    await clock.advance(100);
    expect((await client.conferences(room.sid).participants.list()).map((p) => [p.label, p.status])).toEqual([
      [null, 'connected'],
      ['store', 'ringing'],
    ]);
    await client.conferences(room.sid).participants('store').update({ endConferenceOnExit: true });
    await clock.advance(4000);
    expect(sb.conferences.bySid(room.sid)!.find('store')).toMatchObject({ callSid: store.callSid, endConferenceOnExit: true });

    const manufacturer = await client.conferences(room.sid).participants.create({ from: HOTLINE, to: AGENT, label: 'manufacturer' });
    await clock.advance(100);
    await client.conferences(room.sid).participants('manufacturer').remove();
    await clock.advance(100);
    expect(sb.getCall(manufacturer.callSid)!.status).toBe('canceled');
    await expect(client.conferences(room.sid).participants('manufacturer').fetch()).rejects.toMatchObject({ status: 404 });
    expect(sb.getCall(caller)!.status).toBe('in-progress');
  });
});
