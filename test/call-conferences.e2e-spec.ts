import { computeTwilioSignature, formEncode } from '@hotline/twilio-sandbox';
import { RoutingEngineService } from '../src/routing/routing-engine.service';
import { AgentPhone, TelephonyHarness } from './support/telephony-harness';
import { answeredCall, callAs, startAllDayHarness, HOTLINE } from './support/telephony-calls';

const STORE = '0755-8888 1234'; // a store in Shenzhen (门店), called as +8675588881234 through the BYOC trunk
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

interface CallView {
  status: string;
  outcome: string | null;
  agentJobNumber: string | null;
  ringSeconds: number | null;
  offers: Array<{ agentJobNumber: string; result: string }>;
  events: Array<{ type: string; by: string | null; target: string | null }>;
}

/**
 * Calls as conferences (#13, as in Twilio Flex): consult (warm) transfer, three-way with an outside
 * number, the agent's leg dropping without the caller, and supervisors listening, whispering and
 * barging in — participant changes in the call's room, seen in the sandbox's conference. Events of
 * the call, never offers: every call keeps one offer and one answer within three rings.
 */
describe('calls as conferences: consult, transfer, three-way, monitoring (e2e through the Twilio sandbox)', () => {
  let h: TelephonyHarness;
  let supervisor: string;
  beforeEach(async () => ({ h, supervisor } = await startAllDayHarness()));
  afterEach(() => h.close());

  const call = (callSid: string) => callAs<CallView>(h, supervisor, callSid);
  const agentView = async (jobNumber: string) =>
    (await h.http.get(`/agents/${jobNumber}`).set(auth(supervisor)).expect(200)).body as { state: string; reason: string | null };
  const invariants = () => h.app.get(RoutingEngineService).invariantViolations();
  const room = (callSid: string) => h.sandbox.conferences.live(`call-${callSid}`)!;
  const events = async (callSid: string) => (await call(callSid)).events.map((e) => `${e.type}:${e.by ?? '-'}:${e.target ?? '-'}`);

  const answered = (phone: AgentPhone, from: string) => answeredCall(h, supervisor, phone, from);

  it('consults a colleague with the caller on hold, then completes the transfer: the agent leaves, the caller stays with the colleague', async () => {
    const agent = await h.agent('1003');
    const colleague = await h.agent('1004');
    const callSid = await answered(agent, '+8613900000041');
    const agentLeg = agent.incoming[0].callSid;

    const other = await h.tokenFor('1005');
    await h.http.post(`/calls/${callSid}/consult`).set(auth(other)).send({ agent: '1004' }).expect(403);
    await h.http.post(`/calls/${callSid}/consult`).set(auth(agent.token)).send({ agent: '1003' }).expect(409);
    await h.http.post(`/calls/${callSid}/consult`).set(auth(agent.token)).send({ agent: '1999' }).expect(404);
    await h.http.post(`/calls/${callSid}/consult`).set(auth(agent.token)).send({ agent: '1004', to: STORE }).expect(400);
    await h.http.post(`/calls/${callSid}/consult/complete`).set(auth(agent.token)).expect(409); // no consult going on

    const consult = (await h.http.post(`/calls/${callSid}/consult`).set(auth(agent.token)).send({ agent: '1004' }).expect(201)).body as Record<string, string>;
    expect(consult).toMatchObject({ callSid, status: 'held', target: '1004', consultCallSid: expect.stringMatching(/^CA/) });
    expect(await agentView('1004')).toMatchObject({ state: 'not-ready', reason: 'consult' }); // no call offered to them meanwhile
    await h.advanceUntil(() => colleague.ringing !== undefined, 5);
    colleague.accept();
    await h.advance(1);
    const r = room(callSid);
    expect(r.find('customer')!.hold).toBe(true);
    expect(r.audibleTo(agentLeg)).toEqual([consult.consultCallSid]); // agent and colleague talk; the caller hears the hold music
    expect(r.audibleTo(callSid)).toEqual([]);
    await h.http.post(`/calls/${callSid}/resume`).set(auth(agent.token)).expect(409); // complete, join or cancel first

    const done = (await h.http.post(`/calls/${callSid}/consult/complete`).set(auth(agent.token)).expect(201)).body as Record<string, string>;
    expect(done).toEqual({ callSid, event: 'transfer-completed', agentJobNumber: '1004' });
    await h.advance(1);
    expect(h.sandbox.getCall(agentLeg)!.status).toBe('completed'); // the agent's leg left
    expect(r.audibleTo(callSid)).toEqual([consult.consultCallSid]);
    expect(await agentView('1003')).toMatchObject({ state: 'wrap-up' }); // freed: wraps up for their part
    // The call is the colleague's, for the routing engine too: on it, offered nothing meanwhile.
    expect(await agentView('1004')).toMatchObject({ state: 'on-call' });
    expect(h.app.get(RoutingEngineService).agentState('1004')).toMatchObject({ state: 'on-call', callId: expect.stringContaining(callSid) });
    expect(await call(callSid)).toMatchObject({ status: 'connected', agentJobNumber: '1004' });
    expect(invariants()).toEqual([]);

    // The colleague hangs up: the room ends (their endConferenceOnExit), the caller hears goodbye.
    colleague.hangUp(consult.consultCallSid);
    await h.advance(5);
    const record = await call(callSid);
    expect(record).toMatchObject({ status: 'ended', outcome: 'answered' });
    expect(record.ringSeconds).toBeLessThanOrEqual(15);
    expect(record.offers).toEqual([expect.objectContaining({ agentJobNumber: '1003', result: 'answered' })]); // one offer, one answer
    expect(await events(callSid)).toEqual(['consult:1003:1004', 'transfer-completed:1003:1004']);
    expect(await agentView('1004')).toMatchObject({ state: 'wrap-up' }); // their call ended: they wrap up, then are ready
    await h.advance(60);
    expect(await agentView('1004')).toMatchObject({ state: 'ready' });
    // One offer, one answer — the first agent's; the colleague took the call over without an offer.
    expect(h.app.get(RoutingEngineService).agentToday('1003')).toMatchObject({ offered: 1, answered: 1 });
    expect(h.app.get(RoutingEngineService).agentToday('1004')).toMatchObject({ offered: 0, answered: 0 });
    expect(invariants()).toEqual([]);
  });

  it('three-way with a store by its number: the agent drops and the caller stays with the store; a number Twilio will not call is refused with the caller back', async () => {
    const agent = await h.agent('1003');
    const callSid = await answered(agent, '+8613900000042');
    const agentLeg = agent.incoming[0].callSid;
    await h.http.post(`/calls/${callSid}/consult`).set(auth(agent.token)).send({ to: '123' }).expect(422);
    const refused = await h.http.post(`/calls/${callSid}/consult`).set(auth(agent.token)).send({ to: '+44 20 7946 0000' }).expect(422);
    expect((refused.body as { message: string }).message).toMatch(/Twilio refused to call \+442079460000/);
    expect(room(callSid).find('customer')!.hold).toBe(false);
    expect(await call(callSid)).toMatchObject({ status: 'connected' });

    const consult = (await h.http.post(`/calls/${callSid}/consult`).set(auth(agent.token)).send({ to: STORE }).expect(201)).body as Record<string, string>;
    expect(consult.target).toBe('+8675588881234');
    // One outbound path: from the hotline number, through the BYOC trunk for China.
    expect(h.sandbox.callRecord(consult.consultCallSid)).toMatchObject({ to: '+8675588881234', from: '4008001234', trunkSid: expect.stringMatching(/^BY/) });
    await h.advance(4); // the store answers
    const r = room(callSid);
    expect(r.find('consult')!.callSid).toBe(consult.consultCallSid);
    await h.http.post(`/calls/${callSid}/consult/three-way`).set(auth(agent.token)).expect(201);
    await h.advance(1);
    expect(r.audibleTo(callSid).sort()).toEqual([agentLeg, consult.consultCallSid].sort());
    expect(await call(callSid)).toMatchObject({ status: 'connected' });

    agent.hangUp(agentLeg); // the agent's leg drops without dropping the caller
    await h.advance(2);
    expect(h.sandbox.getCall(callSid)!.status).toBe('in-progress');
    expect(r.audibleTo(callSid)).toEqual([consult.consultCallSid]);
    expect(await agentView('1003')).toMatchObject({ state: 'wrap-up' });
    expect(r.find('consult')!.endConferenceOnExit).toBe(true); // the call now ends with the store
    h.sandbox.hangup(consult.consultCallSid);
    await h.advance(5);
    expect(await call(callSid)).toMatchObject({ status: 'ended', outcome: 'answered' });
    expect(await events(callSid)).toEqual(['consult:1003:+8675588881234', 'three-way:1003:+8675588881234', 'agent-left:1003:+8675588881234']);
    expect(invariants()).toEqual([]);
  });

  it('a consult cancelled while it rings, or hung up by the other end, brings the caller back to the agent', async () => {
    const agent = await h.agent('1003');
    const colleague = await h.agent('1004', { ready: false });
    const callSid = await answered(agent, '+8613900000043');
    await h.http.post(`/calls/${callSid}/consult`).set(auth(agent.token)).send({ agent: '1004' }).expect(201);
    expect(await agentView('1004')).toMatchObject({ state: 'not-ready', reason: 'login' }); // not ready already: left as they were
    await h.advanceUntil(() => colleague.ringing !== undefined, 5);
    await h.http.post(`/calls/${callSid}/consult/cancel`).set(auth(agent.token)).expect(201);
    await h.advance(1);
    expect(room(callSid).find('consult')).toBeUndefined();
    expect(room(callSid).find('customer')!.hold).toBe(false);

    expect(await agentView('1004')).toMatchObject({ state: 'not-ready', reason: 'login' });
    const store = (await h.http.post(`/calls/${callSid}/consult`).set(auth(agent.token)).send({ to: '+1 415 555 0100' }).expect(201)).body as Record<
      string,
      string
    >;
    expect(await call(callSid)).toMatchObject({ status: 'held' });
    await h.advance(4);
    h.sandbox.hangup(store.consultCallSid); // the other end hangs up before the agent decides
    await h.advance(2);
    expect(room(callSid).find('customer')!.hold).toBe(false);
    expect(await call(callSid)).toMatchObject({ status: 'connected' });
    expect(await events(callSid)).toEqual([
      'consult:1003:1004',
      'consult-cancelled:1003:1004',
      'consult:1003:+14155550100',
      'consult-cancelled:-:+14155550100',
    ]);
    expect((await call(callSid)).offers).toHaveLength(1);
  });

  it('a supervisor listens (muted), whispers to the agent (coaching) and barges in (unmuted); agents may not', async () => {
    const agent = await h.agent('1003');
    const boss = await h.agent('2001', { ready: false }); // the supervisor's softphone
    const callSid = await answered(agent, '+8613900000044');
    const agentLeg = agent.incoming[0].callSid;
    await h.http.post(`/calls/${callSid}/monitor`).set(auth(agent.token)).send({ mode: 'listen' }).expect(403);
    await h.http.post(`/calls/${callSid}/monitor`).set(auth(supervisor)).send({ mode: 'spy' }).expect(400);

    const listen = (await h.http.post(`/calls/${callSid}/monitor`).set(auth(supervisor)).send({ mode: 'listen' }).expect(201)).body as Record<string, string>;
    await h.advanceUntil(() => boss.ringing !== undefined, 5);
    boss.accept();
    await h.advance(1);
    const r = room(callSid);
    const leg = listen.supervisorCallSid;
    expect(r.find('supervisor-2001')).toMatchObject({ callSid: leg, muted: true, coaching: false });
    expect(r.audibleTo(leg).sort()).toEqual([callSid, agentLeg].sort()); // hears both
    expect(r.audibleTo(callSid)).toEqual([agentLeg]); // nobody hears them

    await h.http.post(`/calls/${callSid}/monitor`).set(auth(supervisor)).send({ mode: 'whisper' }).expect(201);
    expect(r.find('supervisor-2001')).toMatchObject({ muted: false, coaching: true, callSidToCoach: agentLeg });
    expect(r.audibleTo(agentLeg).sort()).toEqual([callSid, leg].sort()); // the agent hears the coach …
    expect(r.audibleTo(callSid)).toEqual([agentLeg]); // … the caller does not

    await h.http.post(`/calls/${callSid}/monitor`).set(auth(supervisor)).send({ mode: 'barge' }).expect(201);
    expect(r.find('supervisor-2001')).toMatchObject({ muted: false, coaching: false });
    expect(r.audibleTo(callSid).sort()).toEqual([agentLeg, leg].sort());
    expect(boss.incoming).toHaveLength(1); // one leg, changed in place

    await h.http.delete(`/calls/${callSid}/monitor`).set(auth(supervisor)).expect(204);
    await h.advance(1);
    expect(r.find('supervisor-2001')).toBeUndefined();
    expect(h.sandbox.getCall(callSid)!.status).toBe('in-progress');
    expect(await events(callSid)).toEqual(['monitor-listen:2001:1003', 'monitor-whisper:2001:1003', 'monitor-barge:2001:1003']);
    h.sandbox.hangup(callSid);
    await h.advance(2);
    expect(await call(callSid)).toMatchObject({ status: 'ended', outcome: 'answered', offers: [expect.objectContaining({ agentJobNumber: '1003' })] });
    expect(invariants()).toEqual([]);
  });
  it('an agent who hangs up the moment they answer ends the call: the caller is not left alone in the room', async () => {
    const agent = await h.agent('1003');
    const callSid = h.sandbox.placeCall({ from: '+8613900000045', to: HOTLINE });
    await h.advance(1);
    agent.accept();
    await h.sandbox.waitFor(agent.incoming[0].callSid, (c) => c.status === 'in-progress');
    agent.hangUp(agent.incoming[0].callSid); // before the answer's status callback has moved the leg
    await h.advance(10);
    expect(await call(callSid)).toMatchObject({ status: 'ended', outcome: 'answered', agentJobNumber: '1003' });
    expect(h.sandbox.getCall(callSid)!.status).toBe('completed');
    expect(h.sandbox.conferences.live(`call-${callSid}`)).toBeUndefined();
    expect(await agentView('1003')).toMatchObject({ state: 'wrap-up' });
    expect(invariants()).toEqual([]);
  });

  it('an agent who hangs up after their leg was found live, before the caller is in the room: the caller is taken out with goodbye, not left alone', async () => {
    const agent = await h.agent('1003');
    const callSid = h.sandbox.placeCall({ from: '+8613900000046', to: HOTLINE });
    await h.advance(1);
    const agentLeg = agent.incoming[0].callSid;
    const legEndHandled = () =>
      h.sandbox
        .webhookDeliveries(agentLeg)
        .some((d) => d.url.includes('/twilio/voice/agent-leg') && d.params.CallStatus === 'completed' && d.attempts.some((a) => a.status));
    let hungUpBetween = false;
    // The exact moment: the app has answered the caller's <Dial> action with the room (the agent's leg
    // was live), and the sandbox has not yet put the caller in it. The agent hangs up there, and the
    // end of their leg is handled (their room ended with them) before the caller joins.
    h.sandbox.webhooks.afterAnswer = async (d, result) => {
      if (hungUpBetween || d.callSid !== callSid || !d.url.includes('/twilio/voice/dial-result') || !result.ok || !result.body.includes('<Conference')) return;
      hungUpBetween = true;
      h.sandbox.hangup(agentLeg);
      for (let waited = 0; !legEndHandled(); waited += 10) {
        if (waited > 5000) throw new Error('the agent leg end was not handled within 5 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    agent.accept();
    await h.sandbox.waitFor(agentLeg, (c) => c.status === 'in-progress');
    await h.advanceUntil(() => h.sandbox.getCall(callSid)!.status === 'completed', 15); // the goodbye, then the hang-up
    expect(hungUpBetween).toBe(true);
    expect(await call(callSid)).toMatchObject({ status: 'ended', outcome: 'answered', agentJobNumber: '1003' });
    const caller = h.sandbox.getCall(callSid)!;
    expect(caller.status).toBe('completed');
    expect(caller.events.filter((e) => e.type === 'say').map((e) => (e as unknown as { text: string }).text)).toContain('感谢您的来电,再见。');
    expect(h.sandbox.conferences.live(`call-${callSid}`)).toBeUndefined();
    expect(await agentView('1003')).toMatchObject({ state: 'wrap-up' });
    expect((await call(callSid)).offers).toEqual([expect.objectContaining({ agentJobNumber: '1003', result: 'answered' })]);
    expect(invariants()).toEqual([]);

    // The join webhook is Twilio's only: signed like every other, and its query checked.
    const joined = h.sandbox.webhookDeliveries(callSid).find((d) => d.url.includes('/twilio/voice/caller-joined'))!;
    expect(joined.params).toMatchObject({ StatusCallbackEvent: 'participant-join', CallSid: callSid, ParticipantLabel: 'customer' });
    const path = new URL(joined.url).pathname + new URL(joined.url).search;
    await h.http.post(path).type('form').set('X-Twilio-Signature', 'forged').send(formEncode(joined.params)).expect(403);
    const badLeg = `${h.baseUrl}/twilio/voice/caller-joined?callSid=${callSid}&agentLeg=nope`;
    await h.http
      .post(badLeg.slice(h.baseUrl.length))
      .type('form')
      .set('X-Twilio-Signature', computeTwilioSignature(h.sandbox.authToken, badLeg, joined.params))
      .send(formEncode(joined.params))
      .expect(400);
  });
});
