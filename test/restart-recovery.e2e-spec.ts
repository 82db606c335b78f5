import { RoutingEngineService } from '../src/routing/routing-engine.service';
import { AgentPhone, startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

const HOTLINE = '4008001234';
const TALKING = '+8613800000001';
const REPEAT = '+8613800000009';

/**
 * One process restarted with callers waiting: Twilio (a standalone sandbox, on the same virtual
 * clock) keeps the calls through the restart, and the server must pick every one of them up again.
 */
describe('restart recovery (one process, Twilio outliving the server)', () => {
  let h: TelephonyHarness;
  beforeEach(async () => {
    h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00' }, undefined, { standaloneSandbox: true });
  });
  afterEach(async () => {
    await h.close();
  });

  const call = async (callSid: string) => {
    const supervisor = await h.tokenFor('2001');
    return (await h.http.get(`/calls/${callSid}`).set('Authorization', `Bearer ${supervisor}`).expect(200)).body;
  };
  const agentState = async (jobNumber: string) => {
    const supervisor = await h.tokenFor('2001');
    return (await h.http.get(`/agents/${jobNumber}`).set('Authorization', `Bearer ${supervisor}`).expect(200)).body;
  };
  /** The phone's ringing leg of the caller's call, if it rings for it. */
  const legFor = (phone: AgentPhone, callSid: string) => {
    const leg = phone.ringing?.callSid;
    return leg && h.sandbox.callRecord(leg)?.parentCallSid === callSid ? leg : undefined;
  };
  const untilRinging = async (phone: AgentPhone, callSid: string, maxSeconds = 20) => h.advanceUntil(() => legFor(phone, callSid) !== undefined, maxSeconds);
  /** Rings until the agent's phone rings for the caller, then picks up; the agent's leg. */
  const pickUp = async (phone: AgentPhone, callSid: string, maxSeconds = 20): Promise<string> => {
    await untilRinging(phone, callSid, maxSeconds);
    const leg = legFor(phone, callSid)!;
    phone.accept(leg);
    await h.advance(1);
    return leg;
  };

  it('offers every waiting caller again in their order and priority, keeps the agent on their call, and closes calls that ended while it was down', async () => {
    // A repeat caller (an open work order) gets priority over earlier callers.
    const agentToken = await h.tokenFor('1001');
    await h.http
      .post('/work-orders')
      .set('Authorization', `Bearer ${agentToken}`)
      .send({ channel: 'hotline', type: 'complaint', category: 'late_delivery', terminal: 'logistics', customerPhone: REPEAT, description: '冰箱未按时送达' })
      .expect(201);

    const p1003 = await h.agent('1003');
    const talking = h.sandbox.placeCall({ from: TALKING, to: HOTLINE });
    const talkingLeg = await pickUp(p1003, talking);
    expect(await agentState('1003')).toMatchObject({ state: 'on-call', callId: talking });

    // Three callers wait for orders (menu key 1) while 1003 talks; a fourth will hang up while the server is down.
    const first = h.sandbox.placeCall({ from: '+8613800000002', to: HOTLINE, digits: '1' });
    await h.advance(2);
    const second = h.sandbox.placeCall({ from: '+8613800000003', to: HOTLINE, digits: '1' });
    await h.advance(2);
    const repeat = h.sandbox.placeCall({ from: REPEAT, to: HOTLINE, digits: '1' });
    await h.advance(2);
    const leaver = h.sandbox.placeCall({ from: '+8613800000004', to: HOTLINE, digits: '1' });
    await h.advance(20);
    for (const sid of [first, second, repeat, leaver]) expect(await call(sid)).toMatchObject({ status: 'queued', queue: 'orders', answeredBy: 'ivr' });
    expect((await call(repeat)).priority).toBeGreaterThan((await call(first)).priority);

    await h.restart(() => {
      h.sandbox.hangup(leaver); // its status callback finds nobody
    });

    // Rebuilt before the server took a request: the leaver closed, the rest waiting in the order they will be served.
    expect(await call(leaver)).toMatchObject({ status: 'ended', outcome: 'abandoned' });
    const routing = h.app.get(RoutingEngineService);
    expect([repeat, first, second].map((sid) => routing.callPosition(sid))).toEqual([
      { queueCode: 'orders', position: 1, waiting: 3 },
      { queueCode: 'orders', position: 2, waiting: 3 },
      { queueCode: 'orders', position: 3, waiting: 3 },
    ]);
    expect(routing.queueLive('orders').longestWaitSeconds).toBeGreaterThanOrEqual(26); // waits count from arrival, not from the restart

    // 1003's page reconnects: on the call Twilio kept going, not offered anything meanwhile.
    await p1003.openSoftphone(h.baseUrl);
    expect(await agentState('1003')).toMatchObject({ state: 'on-call', reason: 'restored', callId: talking });
    // 1004 was signed out before the restart: signs in not-ready, goes ready, and takes the repeat caller first.
    const p1004 = await h.agent('1004');
    const repeatLeg = await pickUp(p1004, repeat);
    expect(await call(repeat)).toMatchObject({ status: 'connected', agentJobNumber: '1004' });

    // 1003's call ends: wrap-up (30 s), then ready again, and the next in line rings them.
    p1003.hangUp(talkingLeg);
    await h.advance(1);
    expect(await agentState('1003')).toMatchObject({ state: 'wrap-up' });
    const firstLeg = await pickUp(p1003, first, 40);
    p1004.hangUp(repeatLeg);
    const secondLeg = await pickUp(p1004, second, 40);
    expect(h.app.get(RoutingEngineService).invariantViolations()).toEqual([]);
    for (const [sid, agent] of [
      [first, '1003'],
      [second, '1004'],
    ])
      expect(await call(sid)).toMatchObject({ status: 'connected', agentJobNumber: agent });
    p1003.hangUp(firstLeg);
    p1004.hangUp(secondLeg);
    await h.advance(15); // the goodbye, then the hang-up
    for (const sid of [talking, first, second, repeat]) expect(await call(sid)).toMatchObject({ status: 'ended', outcome: 'answered' });
  });

  it('takes a call being rung at the restart back from the agent and offers it again; an agent ready before is ready again on reconnect', async () => {
    const p1003 = await h.agent('1003');
    const rung = h.sandbox.placeCall({ from: '+8613800000005', to: HOTLINE });
    await untilRinging(p1003, rung);
    const firstLeg = legFor(p1003, rung)!;
    expect(await call(rung)).toMatchObject({ status: 'offered' });

    await h.restart();
    await h.advance(1);
    expect(p1003.cancelled).toContain(firstLeg); // the ring stopped: the caller is back in the queue
    expect(await call(rung)).toMatchObject({
      status: 'queued',
      answeredBy: 'ivr',
      offers: [expect.objectContaining({ agentJobNumber: '1003', result: 'cancelled' })],
    });
    expect(h.app.get(RoutingEngineService).callPosition(rung)).toEqual({ queueCode: 'orders', position: 1, waiting: 1 });

    await p1003.openSoftphone(h.baseUrl);
    expect(await agentState('1003')).toMatchObject({ state: 'reserved', offeredCallId: rung }); // ready again, so rung at once
    await pickUp(p1003, rung);
    expect(await call(rung)).toMatchObject({ status: 'connected', agentJobNumber: '1003' });
    expect(h.app.get(RoutingEngineService).invariantViolations()).toEqual([]);
  });
  it('keeps the place of a caller who asked to be called back before the restart, and calls them back ahead of later callers', async () => {
    const asked = h.sandbox.placeCall({ from: '+8613900000001', to: HOTLINE, digits: '1' });
    await h.advance(2);
    const later = h.sandbox.placeCall({ from: '+8613900000002', to: HOTLINE, digits: '1' });
    await h.advance(20);
    h.sandbox.pressDigits(asked, '1'); // "call me back"
    await h.advance(15);
    expect(await call(asked)).toMatchObject({ status: 'ended', outcome: 'callback' });

    await h.restart();
    expect(h.app.get(RoutingEngineService).callPosition(later)).toEqual({ queueCode: 'orders', position: 2, waiting: 2 }); // behind the callback

    const phone = await h.agent('1003');
    const outbound = () => h.sandbox.listCalls().find((c) => c.direction === 'outbound-api');
    await h.advanceUntil(() => outbound() !== undefined, 5);
    expect(outbound()!.to).toBe('+8613900000001');
    await h.advanceUntil(() => phone.ringing !== undefined, 15);
    phone.accept();
    await h.advance(1);
    expect(await call(outbound()!.sid)).toMatchObject({ direction: 'outbound-callback', originCallSid: asked, agentJobNumber: '1003' });
    expect(await agentState('1003')).toMatchObject({ state: 'on-call', callId: asked });
    expect(await call(later)).toMatchObject({ status: 'queued' });
    expect(h.app.get(RoutingEngineService).invariantViolations()).toEqual([]);
  });
});
