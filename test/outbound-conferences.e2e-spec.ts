import { DataSource } from 'typeorm';
import { AgentStateChange } from '../src/routing/agent-state-change.entity';
import { AgentStateLogService } from '../src/routing/agent-state-log.service';
import { RoutingEngineService } from '../src/routing/routing-engine.service';
import { SoftphoneService } from '../src/softphone/softphone.service';
import { TelephonyHarness } from './support/telephony-harness';
import { answeredCall, callAs, HOTLINE, startAllDayHarness } from './support/telephony-calls';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

interface CallView {
  status: string;
  outcome: string | null;
  agentJobNumber: string | null;
  recordingUrl: string | null;
  offers: Array<{ agentJobNumber: string; result: string }>;
  events: Array<{ type: string; by: string | null; target: string | null }>;
}

/**
 * Calls out are conferences as inbound calls are (#13): an agent's own call (外呼, click-to-call) puts
 * the customer and the agent in the call's room `call-<CallSid>`, so hold, consult, three-way and
 * monitoring work on it; a queue's recording is the room's, so it covers holds and consults.
 */
describe('calls out as conferences, and recording the room (e2e through the Twilio sandbox)', () => {
  let h: TelephonyHarness;
  let supervisor: string;
  beforeEach(async () => ({ h, supervisor } = await startAllDayHarness()));
  afterEach(() => h.close());

  const call = (callSid: string) => callAs<CallView>(h, supervisor, callSid);
  const events = async (callSid: string) => (await call(callSid)).events.map((e) => `${e.type}:${e.by ?? '-'}:${e.target ?? '-'}`);
  const invariants = () => h.app.get(RoutingEngineService).invariantViolations();

  it("an agent's call out: held and resumed, listened to by a supervisor, consulted and completed to a colleague; a queue transfer is refused with its reason", async () => {
    const phone = await h.agent('1005', { ready: false });
    const colleague = await h.agent('1004');
    const boss = await h.agent('2001', { ready: false });
    const { callSid } = (await h.http.post('/calls/outbound').set(auth(phone.token)).send({ to: '138 0013 8000' }).expect(201)).body as { callSid: string };
    await h.advanceUntil(() => phone.ringing !== undefined, 15);
    phone.accept();
    await h.advance(2);
    const agentLeg = phone.incoming[0].callSid;
    const room = h.sandbox.conferences.live(`call-${callSid}`)!;
    expect(room.find('customer')!.callSid).toBe(callSid);
    expect(room.find('agent')!.callSid).toBe(agentLeg);
    expect(room.audibleTo(callSid)).toEqual([agentLeg]);

    // Hold and resume: participant hold, nothing rings.
    expect((await h.http.post(`/calls/${callSid}/hold`).set(auth(phone.token)).expect(201)).body).toMatchObject({ status: 'held', agentJobNumber: '1005' });
    expect(room.find('customer')!.hold).toBe(true);
    await h.advance(3);
    await h.http.post(`/calls/${callSid}/resume`).set(auth(phone.token)).expect(201);
    expect(room.audibleTo(callSid)).toEqual([agentLeg]);
    expect(phone.incoming).toHaveLength(1);

    // A supervisor listens in, then leaves.
    const listen = (await h.http.post(`/calls/${callSid}/monitor`).set(auth(supervisor)).send({ mode: 'listen' }).expect(201)).body as {
      supervisorCallSid: string;
    };
    await h.advanceUntil(() => boss.ringing !== undefined, 5);
    boss.accept();
    await h.advance(1);
    expect(room.audibleTo(listen.supervisorCallSid).sort()).toEqual([callSid, agentLeg].sort());
    await h.http.delete(`/calls/${callSid}/monitor`).set(auth(supervisor)).expect(204);

    // No queue or agent transfer of a call out: the routing engine holds no call for it — said, not a silent failure.
    const refused = await h.http.post(`/calls/${callSid}/transfer`).set(auth(phone.token)).send({ queue: 'orders' }).expect(409);
    expect(refused.body.message).toBe(
      `Call ${callSid} is a call out (outbound-agent); it cannot be transferred to a queue or an agent — consult a colleague and complete the transfer instead`,
    );

    // Consult a colleague, then complete: the customer stays with them, the agent's leg leaves.
    const consult = (await h.http.post(`/calls/${callSid}/consult`).set(auth(phone.token)).send({ agent: '1004' }).expect(201)).body as {
      consultCallSid: string;
    };
    await h.advanceUntil(() => colleague.ringing !== undefined, 5);
    colleague.accept();
    await h.advance(1);
    expect(room.audibleTo(agentLeg)).toEqual([consult.consultCallSid]);
    await h.http.post(`/calls/${callSid}/consult/complete`).set(auth(phone.token)).expect(201);
    await h.advance(1);
    expect(h.sandbox.getCall(agentLeg)!.status).toBe('completed');
    expect(room.audibleTo(callSid)).toEqual([consult.consultCallSid]);
    expect(await call(callSid)).toMatchObject({ status: 'connected', agentJobNumber: '1004' });
    h.sandbox.hangup(callSid);
    await h.advance(3);
    expect(await call(callSid)).toMatchObject({ status: 'ended', outcome: 'answered', offers: [] });
    expect(await events(callSid)).toEqual(['hold:1005:-', 'resume:1005:-', 'monitor-listen:2001:1005', 'consult:1005:1004', 'transfer-completed:1005:1004']);
    expect(invariants()).toEqual([]);
  });

  const wallboardRow = async (jobNumber: string) => (await h.app.get(SoftphoneService).wallboard()).agents.find((a) => a.jobNumber === jobNumber);
  const stateLog = async (jobNumber: string) => {
    await h.app.get(AgentStateLogService).flushed();
    const rows = await h.app
      .get(DataSource)
      .getRepository(AgentStateChange)
      .find({ where: { jobNumber }, order: { id: 'ASC' } });
    return rows.map((r) => `${r.state}:${r.reason ?? '-'}`);
  };

  it('an agent on a call out is on the wallboard with the call (not ready `outbound`), monitored there, offered nothing, and back on their break after', async () => {
    const phone = await h.agent('1005', { ready: false });
    const boss = await h.agent('2001', { ready: false });
    await h.http.put('/agents/1005/state').set(auth(phone.token)).send({ state: 'not-ready', reason: 'break' }).expect(200);
    const { callSid } = (await h.http.post('/calls/outbound').set(auth(phone.token)).send({ to: '138 0013 8000' }).expect(201)).body as { callSid: string };
    // From the dial on: the wallboard has the call, its number and its sid (the monitor buttons' target); time in state counts from the dial.
    expect(await wallboardRow('1005')).toMatchObject({ state: 'not-ready', reason: 'outbound', callSid, caller: '+8613800138000' });
    // A second call out meanwhile is refused, said why.
    const refused = await h.http.post('/calls/outbound').set(auth(phone.token)).send({ to: '13800138009' }).expect(409);
    expect(refused.body.message).toBe('Agent 1005 is on a call out; end it before placing another');
    await h.advanceUntil(() => phone.ringing !== undefined, 15);
    phone.accept();
    await h.advance(2);
    const agentLeg = phone.incoming[0].callSid;

    // A supervisor monitors it from the wallboard's sid.
    const row = (await wallboardRow('1005'))!;
    const listen = (await h.http.post(`/calls/${row.callSid}/monitor`).set(auth(supervisor)).send({ mode: 'listen' }).expect(201)).body as {
      supervisorCallSid: string;
    };
    await h.advanceUntil(() => boss.ringing !== undefined, 5);
    boss.accept();
    await h.advance(1);
    const room = h.sandbox.conferences.live(`call-${callSid}`)!;
    expect(room.audibleTo(listen.supervisorCallSid).sort()).toEqual([callSid, agentLeg].sort());
    await h.http.post(`/calls/${callSid}/monitor`).set(auth(supervisor)).send({ mode: 'whisper' }).expect(201);
    expect(room.audibleTo(listen.supervisorCallSid).sort()).toEqual([callSid, agentLeg].sort());
    expect(room.audibleTo(callSid)).toEqual([agentLeg]); // the whisper reaches the agent alone

    // A caller meanwhile is not offered to the agent on the call out.
    const inbound = h.sandbox.placeCall({ from: '+8613900000061', to: HOTLINE });
    await h.advance(5);
    expect(phone.incoming.map((c) => c.callSid)).toEqual([agentLeg]);
    h.sandbox.hangup(inbound);

    h.sandbox.hangup(callSid);
    await h.advance(3);
    expect(await call(callSid)).toMatchObject({ status: 'ended', outcome: 'answered', agentJobNumber: '1005' });
    expect(await wallboardRow('1005')).toMatchObject({ state: 'not-ready', reason: 'break', callSid: null, caller: null });
    expect(await stateLog('1005')).toEqual(['not-ready:login', 'not-ready:break', 'not-ready:outbound', 'not-ready:break']);
    expect(await events(callSid)).toEqual(['monitor-listen:2001:1005', 'monitor-whisper:2001:1005']);
    expect(invariants()).toEqual([]);
  });

  it('a call out placed in wrap-up keeps the agent offered nothing past the wrap-up, and leaves them ready after', async () => {
    const phone = await h.agent('1003');
    const inbound = await answeredCall(h, supervisor, phone, '+8613900000062');
    h.sandbox.hangup(inbound);
    await h.advance(1);
    expect(h.app.get(RoutingEngineService).agentState('1003').state).toBe('wrap-up');
    const { callSid } = (await h.http.post('/calls/outbound').set(auth(phone.token)).send({ to: '13800138003' }).expect(201)).body as { callSid: string };
    await h.advanceUntil(() => phone.ringing !== undefined && phone.ringing.callSid !== phone.incoming[0].callSid, 15);
    phone.accept();
    await h.advance(2);
    expect(await wallboardRow('1003')).toMatchObject({ state: 'not-ready', reason: 'outbound', callSid, caller: '+8613800138003' });
    // Well past the queue's wrap-up: still on the call out, a new caller is not offered to them.
    await h.advance(120);
    const next = h.sandbox.placeCall({ from: '+8613900000063', to: HOTLINE });
    await h.advance(5);
    expect(phone.incoming).toHaveLength(2);
    h.sandbox.hangup(next);
    await h.advance(1);
    phone.hangUp(phone.incoming[1].callSid);
    await h.advance(5);
    expect(await call(callSid)).toMatchObject({ status: 'ended', outcome: 'answered' });
    expect(h.app.get(RoutingEngineService).agentState('1003')).toMatchObject({ state: 'ready', reason: null });
    expect((await stateLog('1003')).slice(-3)).toEqual(['wrap-up:-', 'not-ready:outbound', 'ready:-']);
    expect(invariants()).toEqual([]);
  });

  it('a call out the agent never answers ends; one they hang up ends with goodbye for the customer', async () => {
    const phone = await h.agent('1005', { ready: false });
    const first = (await h.http.post('/calls/outbound').set(auth(phone.token)).send({ to: '13800138001' }).expect(201)).body.callSid as string;
    await h.advanceUntil(() => phone.ringing !== undefined, 15);
    await h.advanceUntil(() => h.sandbox.getCall(first)!.status === 'completed', 60);
    expect(h.sandbox.conferences.list().filter((c) => c.friendlyName === `call-${first}`)).toEqual([]);

    const second = (await h.http.post('/calls/outbound').set(auth(phone.token)).send({ to: '13800138002' }).expect(201)).body.callSid as string;
    await h.advanceUntil(() => phone.ringing !== undefined && phone.ringing.callSid !== phone.incoming[0].callSid, 15);
    phone.accept();
    await h.advance(2);
    expect(h.sandbox.conferences.live(`call-${second}`)).toBeDefined();
    phone.hangUp(phone.incoming[1].callSid);
    await h.advance(5);
    const said = h.sandbox
      .getCall(second)!
      .events.filter((e) => e.type === 'say')
      .map((e) => (e as unknown as { text: string }).text);
    expect(said.at(-1)).toBe('感谢您的来电,再见。');
    expect(await call(second)).toMatchObject({ status: 'ended', outcome: 'answered', agentJobNumber: '1005' });
  });

  it("a queue that records calls records the room from the agent's answer to the end, the hold included", async () => {
    const admin = await h.tokenFor('9001');
    await h.http.patch('/queues/orders').set(auth(admin)).send({ recordCalls: true }).expect(200);
    const phone = await h.agent('1003');
    const callSid = await answeredCall(h, supervisor, phone, '+8613900000051');
    expect((await call(callSid)).recordingUrl).toBeNull();
    await h.http.post(`/calls/${callSid}/hold`).set(auth(phone.token)).expect(201);
    await h.advance(10);
    await h.http.post(`/calls/${callSid}/resume`).set(auth(phone.token)).expect(201);
    await h.advance(5);
    h.sandbox.hangup(callSid);
    await h.advance(3);
    const record = await call(callSid);
    expect(record).toMatchObject({ status: 'ended', outcome: 'answered' });
    expect(record.recordingUrl).toMatch(/\/Recordings\/RE[0-9a-f]{32}$/);
    // The room's recording (<Conference record="record-from-start">), not the bridge's: its callback names the conference.
    const recorded = h.sandbox.webhookDeliveries().find((d) => d.url.includes('/twilio/voice/conference-recording'))!;
    expect(recorded.params).toMatchObject({
      RecordingStatus: 'completed',
      RecordingSource: 'Conference',
      RecordingChannels: '1',
      RecordingUrl: record.recordingUrl,
    });
    expect(Number(recorded.params.RecordingDuration)).toBeGreaterThanOrEqual(15); // the hold is in it
    expect(h.sandbox.webhookDeliveries(callSid).some((d) => d.params.RecordingUrl && d.url.includes('/dial-result'))).toBe(false);
  });
});
